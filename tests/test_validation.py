"""Each validation rule, with a crafted bad file: a clear message naming file, line, column; nothing written."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from attdash.snapshot import SnapshotExists, build, list_snapshots
from attdash.sources.validate import ValidationFailed, validate
from tests.conftest import append_row

AS_OF = dt.date(2026, 11, 25)


def problems(src, as_of=AS_OF) -> list[str]:
    with pytest.raises(ValidationFailed) as exc:
        validate(src, as_of)
    return [str(p) for p in exc.value.problems]


def test_shipped_sources_are_valid():
    from tests.conftest import SHIPPED_SOURCES
    parsed = validate(SHIPPED_SOURCES, AS_OF)
    # 193 UN Member States, 2 observer States, and Niue and the Cook Islands (counted by the depositary)
    assert len(parsed.tables["countries"]) == 197
    assert len(parsed.tables["unga_votes"]) == 13 * 193


def test_missing_column(sources_copy):
    p = sources_copy / "treaty_events.csv"
    lines = p.read_text().splitlines()
    lines[0] = lines[0].replace(",effective_date", "")
    p.write_text("\n".join(lines) + "\n")
    out = problems(sources_copy)
    assert "sources/treaty_events.csv, line 1, column 'effective_date': this column is missing from the header" in out


def test_extra_column(sources_copy):
    p = sources_copy / "meetings.csv"
    lines = p.read_text().splitlines()
    p.write_text("\n".join([lines[0] + ",colour"] + [x + ",red" for x in lines[1:]]) + "\n")
    assert any("meetings.csv, line 1, column 'colour': unexpected column" in m for m in problems(sources_copy))


def test_unparseable_and_impossible_dates(sources_copy):
    p = sources_copy / "treaty_events.csv"
    a = append_row(p, {"iso3": "KEN", "event_type": "signature", "event_date": "3 June 2013", "source_ids": "T1-01"})
    b = append_row(p, {"iso3": "IND", "event_type": "signature", "event_date": "2014-02-30", "source_ids": "T1-01"})
    out = problems(sources_copy)
    assert f"sources/treaty_events.csv, line {a}, column 'event_date': '3 June 2013' is not a date in the form YYYY-MM-DD, YYYY-MM or YYYY" in out
    assert f"sources/treaty_events.csv, line {b}, column 'event_date': '2014-02-30' is not a real calendar date" in out


def test_date_after_as_of(sources_copy):
    line = append_row(sources_copy / "treaty_events.csv",
                      {"iso3": "KEN", "event_type": "signature", "event_date": "2027-01-05", "source_ids": "T1-01"})
    assert (f"sources/treaty_events.csv, line {line}, column 'event_date': 2027-01-05 is after the snapshot's "
            "as-of date 2026-11-25") in problems(sources_copy)


def test_date_before_opening_for_signature(sources_copy):
    line = append_row(sources_copy / "treaty_events.csv",
                      {"iso3": "KEN", "event_type": "signature", "event_date": "2013-04-02", "source_ids": "T1-01"})
    assert any(f"line {line}, column 'event_date': 2013-04-02 is before the Treaty opened" in m
               for m in problems(sources_copy))


def test_unknown_iso3(sources_copy):
    line = append_row(sources_copy / "treaty_events.csv",
                      {"iso3": "XKX", "event_type": "signature", "event_date": "2014-01-01", "source_ids": "T1-01"})
    assert (f"sources/treaty_events.csv, line {line}, column 'iso3': unknown country code 'XKX' "
            "(not in countries.csv)") in problems(sources_copy)


def test_duplicate_event(sources_copy):
    p = sources_copy / "treaty_events.csv"
    first = p.read_text().splitlines()[1]
    p.write_text(p.read_text() + first + "\n")
    out = problems(sources_copy)
    assert any("duplicates line 2" in m for m in out), out


def test_deposit_before_signature(sources_copy):
    p = sources_copy / "treaty_events.csv"
    # Kenya has no recorded action: give it a signature after its deposit.
    append_row(p, {"iso3": "KEN", "event_type": "signature", "event_date": "2016-01-10", "source_ids": "T1-01"})
    line = append_row(p, {"iso3": "KEN", "event_type": "ratification", "event_date": "2015-05-01",
                          "source_ids": "T1-01"})
    assert (f"sources/treaty_events.csv, line {line}, column 'event_date': KEN: deposit on 2015-05-01 is before "
            "its signature on 2016-01-10") in problems(sources_copy)


def test_entry_into_force_inconsistent_with_article_22(sources_copy):
    p = sources_copy / "treaty_events.csv"
    line = append_row(p, {"iso3": "KEN", "event_type": "accession", "event_date": "2020-01-10",
                          "effective_date": "2020-04-10", "source_ids": "T1-01"})
    assert (f"sources/treaty_events.csv, line {line}, column 'effective_date': 2020-04-10 is inconsistent with "
            "Art. 22: a deposit on 2020-01-10 enters into force on 2020-04-09") in problems(sources_copy)


def test_effective_date_of_a_deposit_before_the_treaty_entered_into_force(sources_copy):
    """Art. 22(1): an instrument deposited before 24 Dec 2014 (after the 50th) takes effect on 24 Dec 2014, not 90
    days later; the earlier reading (18 Dec 2014 → 18 Mar 2015) is refused."""
    p = sources_copy / "treaty_events.csv"
    text = p.read_text(encoding="utf-8")
    assert "NLD,deposit,2014-12-18,2014-12-24," in text  # the shipped row passes
    p.write_text(text.replace("NLD,deposit,2014-12-18,2014-12-24,", "NLD,deposit,2014-12-18,2015-03-18,"),
                 encoding="utf-8")
    assert any("column 'effective_date': 2015-03-18 is inconsistent with Art. 22: a deposit on 2014-12-18 enters "
               "into force on 2014-12-24" in m for m in problems(sources_copy))


def test_group_start_window_must_precede_the_known_start(sources_copy):
    line = append_row(sources_copy / "group_membership.csv",
                      {"iso3": "KEN", "un_regional_group": "Asia-Pacific", "role": "member", "listed_in_annex": "false",
                       "valid_from": "2020-01-01", "valid_from_earliest": "2020-02-01", "source_ids": "CTY-S1"})
    assert (f"sources/group_membership.csv, line {line}, column 'valid_from_earliest': must be on or before "
            "valid_from (the change lies between the two)") in problems(sources_copy)


def test_group_outside_fixed_set(sources_copy):
    line = append_row(sources_copy / "group_membership.csv",
                      {"iso3": "KEN", "un_regional_group": "Eastern Africa", "role": "member",
                       "listed_in_annex": "false", "valid_from": "2020-01-01", "source_ids": "CTY-S1"})
    out = problems(sources_copy)
    assert any(m.startswith(f"sources/group_membership.csv, line {line}, column 'un_regional_group': "
                            "'Eastern Africa' is not one of: African, Asia-Pacific") for m in out), out


def test_source_id_that_does_not_resolve_and_row_without_source(sources_copy):
    p = sources_copy / "treaty_events.csv"
    a = append_row(p, {"iso3": "KEN", "event_type": "signature", "event_date": "2014-01-01", "source_ids": "NOPE-9"})
    b = append_row(p, {"iso3": "IND", "event_type": "signature", "event_date": "2014-01-01", "source_ids": ""})
    out = problems(sources_copy)
    assert (f"sources/treaty_events.csv, line {a}, column 'source_ids': source id 'NOPE-9' does not resolve in "
            "sources.csv") in out
    assert f"sources/treaty_events.csv, line {b}, column 'source_ids': has no source" in out


def test_no_action_check_contradicted_by_an_event(sources_copy):
    line = append_row(sources_copy / "treaty_record_checks.csv",
                      {"iso3": "GHA", "checked_on": "2024-10-15", "finding": "no_action", "source_ids": "T1-03"})
    assert any(f"treaty_record_checks.csv, line {line}, column 'finding': says GHA had taken no action" in m
               for m in problems(sources_copy))


def test_party_check_contradicted_by_a_later_entry_into_force(sources_copy):
    # Colombia deposited on 2024-10-15: in force 2025-01-13, so it was not a State Party on 2024-12-01.
    line = append_row(sources_copy / "treaty_record_checks.csv",
                      {"iso3": "COL", "checked_on": "2024-12-01", "finding": "party", "source_ids": "T1-03"})
    assert (f"sources/treaty_record_checks.csv, line {line}, column 'finding': says COL was a State Party on "
            "2024-12-01, but treaty_events.csv puts its entry into force on 2025-01-13") in problems(sources_copy)


def test_row_with_wrong_number_of_fields(sources_copy):
    p = sources_copy / "countries.csv"
    p.write_text(p.read_text() + "ZZZ,ZZ\n")
    assert any("countries.csv, line 199: has 2 fields, the header has 6" in m for m in problems(sources_copy))


def test_non_utf8_file(sources_copy):
    (sources_copy / "meetings.csv").write_bytes("meeting_id,name\nX,Caf\xe9\n".encode("latin-1"))
    assert problems(sources_copy) == ["sources/meetings.csv, line 2: the file is not UTF-8 text: byte 0xe9 at offset "
                                      "21 (invalid continuation byte); save it as UTF-8"]


def test_hostile_text_is_data_not_code(sources_copy, tmp_path):
    hostile = "<script>alert(1)</script>'; DROP TABLE countries; --"
    append_row(sources_copy / "statements.csv", {"meeting_id": "CSP10", "actor": hostile, "iso3": "KEN",
                                                 "notes": hostile, "source_ids": "ENG-S01"})
    path = build(AS_OF, sources_copy, tmp_path / "snaps")
    import polars as pl
    df = pl.read_parquet(path / "statements.parquet")
    assert hostile in df["actor"].to_list()
    assert pl.read_parquet(path / "countries.parquet").height == 197


def test_a_failed_build_writes_nothing_and_exits_non_zero(sources_copy, tmp_path, capsys):
    from attdash.cli import main
    append_row(sources_copy / "treaty_events.csv",
               {"iso3": "XKX", "event_type": "signature", "event_date": "2014-01-01", "source_ids": "T1-01"})
    dest = tmp_path / "snaps"
    rc = main(["snapshot", "build", "--as-of", "2026-11-25", "--sources", str(sources_copy), "--dest", str(dest)])
    err = capsys.readouterr().err
    assert rc == 1
    assert "unknown country code 'XKX'" in err and "snapshot not written" in err
    assert not dest.exists() or list(dest.iterdir()) == []


def test_snapshots_are_never_overwritten(sources_copy, tmp_path):
    dest = tmp_path / "snaps"
    first = build(dt.date(2026, 11, 25), sources_copy, dest)
    manifest = (first / "manifest.json").read_text()
    with pytest.raises(SnapshotExists):
        build(dt.date(2026, 11, 25), sources_copy, dest)
    assert (first / "manifest.json").read_text() == manifest
    second = build(dt.date(2026, 11, 26), sources_copy, dest)
    assert [s.name for s in list_snapshots(dest)] == ["2026-11-26", "2026-11-25"]
    m = json.loads((second / "manifest.json").read_text())
    assert m["as_of"] == "2026-11-26" and m["tables"]["countries"]["rows"] == 197
    assert len(m["tables"]["countries"]["sha256"]) == 64 and "CTY-S1" in m["sources_used"]
    assert not [p for p in dest.iterdir() if p.name.startswith(".building")]


@pytest.mark.parametrize("table", [t for t in __import__("attdash.sources.schema").sources.schema.TABLES if t.name != "sources"],
                         ids=lambda t: t.name)
def test_every_table_is_validated(sources_copy, table):
    """A row without its required values and without a source is reported for every table."""
    optional_text = [c.name for c in table.columns if not c.required and c.kind == "text"]
    filler = optional_text[0] if optional_text else next(c.name for c in table.columns if c.kind == "text")
    line = append_row(sources_copy / table.file, {filler: "hostile <b>text</b>"})
    out = problems(sources_copy)
    required = [c for c in table.columns if c.required and c.name != filler]
    for col in required:
        what = "has no source" if col.kind == "source_ids" else "is empty but required"
        assert f"sources/{table.file}, line {line}, column '{col.name}': {what}" in out


def test_build_on_unchanged_sources_says_nothing_new_and_exits_0(sources_copy, tmp_path, capsys):
    from attdash.cli import main
    dest = tmp_path / "snaps"
    args = ["snapshot", "build", "--as-of", "2026-11-25", "--sources", str(sources_copy), "--dest", str(dest)]
    assert main(args) == 0
    manifest = (dest / "2026-11-25" / "manifest.json").read_text()
    capsys.readouterr()
    assert main(args) == 0
    out = capsys.readouterr()
    assert out.out.strip() == "nothing new: snapshot 2026-11-25 already holds these sources" and out.err == ""
    # Changed sources on the same date: refused with a one-line reason; the snapshot is untouched.
    append_row(sources_copy / "country_aliases.csv", {"iso3": "KEN", "alias": "Kenya (test alias)", "source_ids": "CTY-S10"})
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "sources changed since snapshot 2026-11-25" in err and "later --as-of" in err
    assert (dest / "2026-11-25" / "manifest.json").read_text() == manifest
    assert [p.name for p in dest.iterdir()] == ["2026-11-25"]
