"""The command line: output, ordering, and one-line errors with exit code 2."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from attdash.paths import ROOT


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "attdash", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_status_csv_columns_order_and_filters():
    r = cli("status", "--as-of", "2024-04-16", "--group", "Asia-Pacific", "--status", "signatory", "--format", "csv")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert list(rows[0]) == ["iso3", "name", "un_regional_group", "status", "status_label", "no_intent",
                             "signature_date", "consent_type", "consent_type_label", "consent_date",
                             "entry_into_force_date", "source_ids", "confirmed_through"]
    assert {(x["status"], x["status_label"]) for x in rows} == {("signatory", "Signatory")}
    names = [x["name"] for x in rows]
    assert names == ["Bahrain", "Bangladesh", "Cambodia", "Malaysia", "Mongolia", "Nauru", "Singapore", "Thailand",
                     "Türkiye", "United Arab Emirates", "Vanuatu"]
    assert all(x["status"] == "signatory" and x["source_ids"] for x in rows)


def test_summary_table():
    r = cli("summary", "--as-of", "2024-04-16", "--format", "csv")
    assert r.returncode == 0
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [x["un_regional_group"] for x in rows][:5] == ["African", "Asia-Pacific", "Eastern European",
                                                          "Latin American and Caribbean",
                                                          "Western European and Others"]
    assert sum(int(x["total"]) for x in rows) == 197


@pytest.mark.parametrize("args, message", [
    (["status", "--as-of", "2024-04-16", "--group", "Asia"], "unknown UN regional group 'Asia'"),
    (["status", "--as-of", "2024-04-16", "--status", "party"], "unknown status 'party'"),
    (["status", "--as-of", "16/04/2024"], "is not a date in the form YYYY-MM-DD"),
    (["summary", "--as-of", "2023-02-29"], "is not a real calendar date"),
    (["profile", "XYZ"], "unknown country code 'XYZ'"),
])
def test_bad_input_gets_a_one_line_error_and_exit_code_2(args, message):
    r = cli(*args)
    assert r.returncode == 2
    assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1 and r.stdout == ""


def test_profile_json_and_markdown_share_one_card():
    j = cli("profile", "USA", "--as-of", "2024-04-16", "--format", "json")
    card = json.loads(j.stdout)
    assert card["state"]["status"] == "signatory" and card["state"]["no_intent"] is True
    assert len(card["sections"]) == 9
    md = cli("profile", "USA", "--as-of", "2024-04-16")
    assert "# United States of America (USA)" in md.stdout
    assert "does not intend to become a party" in md.stdout
    assert "No data in this snapshot. Source that would fill it" in md.stdout


def test_coverage_and_snapshot_list():
    cov = list(csv.DictReader(io.StringIO(cli("coverage", "--format", "csv").stdout)))
    assert len(cov) == 9 and cov[5]["element"] == "unga_votes" and cov[5]["states_with_data"] == "193"
    out = cli("snapshot", "list").stdout
    assert "2026-12-06" in out and "2026-11-26" in out and "countries 197" in out  # the newest and the one before
    assert "2026-11-25" in out and "countries 195" in out  # the first snapshot stays, unchanged


@pytest.mark.parametrize("typed,iso3", [("Cote d", "CIV"), ("côte d’ivoire", "CIV"), ("科特迪瓦", "CIV"),
                                        ("Turkey", "TUR"), ("Swaziland", "SWZ"), ("Vietnam", "VNM"),
                                        ("ken", "KEN"), ("KEN", "KEN")])
def test_profile_takes_names_as_people_type_them(typed, iso3):
    r = cli("profile", typed, "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["state"]["iso3"] == iso3


@pytest.mark.parametrize("typed,message", [
    ("Korea", "'Korea' matches 2 States: Democratic People's Republic of Korea (PRK); Republic of Korea (KOR)"),
    ("Atlantis", "unknown country code 'ATLANTIS'")])
def test_profile_name_that_is_not_one_state_is_a_one_line_error(typed, message):
    r = cli("profile", typed)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and message in r.stderr


def test_status_takes_grulac_and_weog_like_the_pages():
    short = cli("status", "--as-of", "2024-04-16", "--group", "GRULAC", "--group", "weog", "--format", "csv")
    full = cli("status", "--as-of", "2024-04-16", "--group", "Latin American and Caribbean",
               "--group", "Western European and Others", "--format", "csv")
    assert short.returncode == 0 and short.stdout == full.stdout
    rows = list(csv.DictReader(io.StringIO(short.stdout)))
    assert {"Latin American and Caribbean", "Western European and Others"} <= {r["un_regional_group"] for r in rows}
    assert len(rows) == 33 + 29 and "Brazil" in {r["name"] for r in rows}
