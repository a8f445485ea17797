"""Page logic with streamlit.testing (AppTest): rows shown, URL state, and bad URLs falling back to defaults."""

from __future__ import annotations


import datetime as dt
import re

import pytest
from streamlit.testing.v1 import AppTest

from attdash.paths import ROOT

APP = str(ROOT / "app.py")


def open_page(page: str, **params: str | list[str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()  # app.py on the default page reads the link, as a browser opening it does
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
        for k, v in params.items():  # a browser keeps the link's parameters on the page it opens
            at.query_params[k] = v
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def qp(at: AppTest, key: str) -> list[str]:
    value = at.query_params[key]
    return [value] if isinstance(value, str) else list(value)


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.subheader] + [m.value for m in at.caption]
    parts += [m.value for m in at.title] + [m.value for m in at.header]
    return "\n".join(parts)


@pytest.mark.parametrize("page, title", [
    ("overview", "Arms Trade Treaty — universalization overview"),
    ("by_group", "Treaty status by UN regional group"),
    ("signatories", "Signatory tracking"),
    ("profile", "Country profile"),
    ("data_sources", "Data & sources"),
])
def test_each_page_renders(page, title):
    at = open_page(page)
    assert at.title[0].value == title
    assert not [w.value for w in at.warning if "link" in w.value]


def test_overview_headline_counts_and_reference_csp():
    at = open_page("overview", on="2024-04-16")
    labels = [m.label for m in at.metric]
    assert labels == ["State Party", "Ratified, not yet in force", "Signatory", "Not signed",
                      "No data in this snapshot"]
    signatory = next(m for m in at.metric if m.label == "Signatory")
    assert signatory.value == "28"  # the number alone: a tile never truncates it
    assert any("out of 197" in c.value for c in at.caption)
    assert any("as the depositary counts “Parties”: 113." in c.value for c in at.caption)
    assert at.selectbox(key="ov_ref").value == "CSP9"  # the last CSP before 16 April 2024
    assert "since CSP9" in signatory.delta


def test_by_group_reproduces_the_annex_of_16_april_2024():
    at = open_page("by_group", on="2024-04-16", group="Asia-Pacific")
    assert "Asia\\-Pacific (54)" in [s.value for s in at.subheader]  # the group name Markdown-escaped (data)
    md = texts(at)
    assert "Türkiye" in md and "Kiribati" not in md.split("Detail")[0]
    assert "**Signatories (11)**" in md
    assert qp(at, "group") == ["Asia-Pacific"] and qp(at, "on") == ["2024-04-16"]


def test_changing_filters_updates_rows_and_url():
    at = open_page("by_group", on="2024-04-16")
    at.multiselect(key="f_groups").set_value(["African"]).run()
    assert [s.value for s in at.subheader][0] == "African (54)"
    assert qp(at, "group") == ["African"]
    at.text_input(key="f_on_text").input("1 January 2015").run()
    assert qp(at, "on") == ["2015-01-01"]
    assert at.text_input(key="f_on_text").value == "1 January 2015"
    at.text_input(key="f_on_text").input("2016-03-05").run()
    assert qp(at, "on") == ["2016-03-05"]
    assert not at.exception


def test_a_typed_date_that_is_not_a_date_keeps_the_date_with_a_notice():
    at = open_page("by_group", on="2024-04-16")
    at.text_input(key="f_on_text").input("31 Febtober 2024").run()
    assert any("unknown month" in w.value for w in at.warning), [w.value for w in at.warning]
    assert qp(at, "on") == ["2024-04-16"]
    assert at.text_input(key="f_on_text").value == "16 April 2024"


def test_group_abbreviations_in_the_link_give_the_full_names():
    at = open_page("by_group", on="2024-04-16", group="GRULAC")
    assert at.multiselect(key="f_groups").value == ["Latin American and Caribbean"]
    assert "Latin American and Caribbean (33)" in [s.value for s in at.subheader]
    assert not [w.value for w in at.warning if "link" in w.value]


def test_signatory_tracking_lists_the_28():
    at = open_page("signatories", on="2024-04-16")
    assert at.metric[0].value == "28"
    assert at.metric[2].value == "1"  # the United States' notice


def test_profile_by_url_and_by_search():
    at = open_page("profile", iso3="usa", on="2024-04-16")
    assert at.header[0].value == "United States of America · USA"
    assert any("does not intend to become a party" in w.value for w in at.warning)
    sections = [s.value for s in at.subheader]
    assert sections == ["Voluntary Trust Fund proposals",
                        "Assistance requests (needs-and-resources matching database)",
                        "Sponsorship Programme applications", "Attendance at Conferences of States Parties",
                        "Statements at CSPs and working groups", "UN General Assembly votes on ATT resolutions",
                        "Participation in the UN Register of Conventional Arms",
                        "Participation in relevant regional arrangements", "Other relevant information"]
    at.selectbox(key="pf_iso3").set_value("GHA").run()
    assert at.header[0].value == "Ghana · GHA" and qp(at, "iso3") == ["GHA"]


@pytest.mark.parametrize("params, expected", [
    ({"group": "Nope"}, "Unknown UN regional group 'Nope'"),
    ({"on": "2024-02-30"}, "is not a real calendar date"),
    ({"on": "yesterday"}, "is not a date in the form YYYY-MM-DD"),
    ({"on": "1999-01-01"}, "is outside 3 June 2013"),
    ({"status": "party"}, "Unknown status 'party'"),
    ({"snapshot": "../../etc"}, r"Unknown snapshot '\.\./\.\./etc'"),  # escaped Markdown
])
def test_bad_url_parameters_fall_back_with_a_notice(params, expected):
    at = open_page("overview", **params)
    assert any(expected in w.value for w in at.warning), [w.value for w in at.warning]
    from attdash.snapshot import list_snapshots
    from attdash.ui.format import long_date
    assert at.text_input(key="f_on_text").value == long_date(list_snapshots()[0].name)  # the newest snapshot's date
    assert at.multiselect(key="f_groups").value == []


def test_unknown_iso3_and_hostile_text_in_the_profile_link():
    at = open_page("profile", iso3="<script>alert(1)</script>' OR 1=1 --")
    assert any("Unknown country code" in w.value for w in at.warning)
    assert at.selectbox(key="pf_iso3").value is None


def test_report_page_honours_the_group_filter_and_names_every_change():
    """Issue 15: a report for one UN group (the sidebar filter), saying what it covers; every change named."""
    at = open_page("report", group="GRULAC")
    covers = [i.value for i in at.info]
    assert covers == ["This report covers Latin American and Caribbean Group \\(the sidebar’s group filter\\), from "
                      "19 August 2024 to 15 May 2025 \\(the date through which every State's treaty record is "
                      "proven complete\\)\\. Its two dates are set here; the sidebar’s “status on” date does not "
                      "apply to it\\."]
    md = texts(at)
    assert ("Latin American and Caribbean Group only\\. States Parties\\: 26 on 19 August 2024, 27 on 15 May 2025 "
            "\\(\\+1\\: Colombia deposited its instrument \\(15 October 2024\\) and the Treaty entered into force for "
            "it \\(13 January 2025\\)\\)") in md
    counts, explained = at.dataframe[0].value, at.dataframe[1].value
    assert list(counts["UN regional group"]) == ["Latin American and Caribbean", "Total"]
    assert list(explained["Change"]) == ["+1", "−1", "+1", "−1"]
    every = open_page("report")
    assert every.info[0].value.startswith("This report covers all UN regional groups \\(choose groups in the sidebar")
    listed = texts(every)
    for name in ("Colombia", "Gambia", "Malawi", "Kiribati joined the Asia\\-Pacific Group"):
        assert name in listed, name


def test_profile_page_states_a_partial_deposit_and_the_states_own_record_date():
    at = open_page("profile", iso3="VUT")
    tile = next(m for m in at.metric if m.label == "In force for the State")
    assert tile.value == "Day not known"
    captions = [c.value for c in at.caption]
    assert ("Instrument deposited 2025, day not known \\(between 16 May 2025 and 31 December 2025\\); the Treaty "
            "enters into force for the State 90 days after the deposit \\(Art\\. 22\\), so between 14 August 2025 and "
            "31 March 2026\\.") in captions
    assert any(c.startswith("This State's record confirmed through 1 January 2026") for c in captions)
    assert not any("Record confirmed complete" in c or "14 August 2025" in c.replace("between 14 August 2025", "")
                   for c in captions)


# --- plain pages: no codes, file names, command lines or source ids in a page body; one date style ---------

_ANALYST = re.compile(r"python -m|\b[\w-]+\.csv\b|\b(state_party|not_signed|ratified_not_in_force|co_chairs|"
                      r"bilateral_meeting|letter_or_demarche)\b|\b(T\d|LT|OT|UN|RI|ENG|CTY)-S?\d{2,3}\b|"
                      r"\b\d{4}-\d{2}-\d{2}\b")


def every_text(at: AppTest) -> list[str]:
    kinds = ("markdown", "caption", "warning", "error", "info", "success", "title", "header", "subheader", "code")
    out = [e.value for k in kinds for e in getattr(at, k)] + [e.value for k in kinds for e in getattr(at.sidebar, k)]
    out += [m.label for m in at.metric] + [str(m.value) for m in at.metric]
    out += [w.label for k in ("selectbox", "text_input", "multiselect") for w in getattr(at, k)]
    out += [w.value for w in at.text_input if w.value]
    return out


@pytest.mark.parametrize("page, params", [
    ("overview", {"on": "2024-04-16"}), ("by_group", {"on": "2024-04-16", "group": "GRULAC"}),
    ("signatories", {"on": "2024-04-16"}), ("profile", {"iso3": "GHA", "on": "2024-04-16"}),
    ("profile", {"iso3": "TZA"}), ("report", {}), ("planning", {}), ("register", {})])
def test_page_body_speaks_to_diplomats(page, params):
    at = open_page(page, **params)
    # a source's link address and its hover title (the source's own words) are not page text
    shown = [re.sub(r'\]\(https?://\S+(?: "(?:[^"\\]|\\.)*")?\)', "]", t) for t in every_text(at)]
    found = [(t, m.group(0)) for t in shown for m in [_ANALYST.search(t)] if m]
    assert found == [], found


def test_data_and_sources_carries_the_analysts_material():
    at = open_page("data_sources", on="2024-04-16", group="WEOG")
    code = "\n".join(c.value for c in at.code)
    assert 'python -m attdash status --as-of 2024-04-16 --group "Western European and Others" --format csv' in code
    assert "python -m attdash profile KEN --as-of 2024-04-16" in code


@pytest.mark.parametrize("link, iso3, name", [("Vietnam", "VNM", "Viet Nam"), ("côte d’ivoire", "CIV", "Côte d'Ivoire"),
                                              ("Turkey", "TUR", "Türkiye")])
def test_profile_link_may_name_the_state(link, iso3, name):
    at = open_page("profile", iso3=link)
    assert at.session_state["pf_iso3"] == iso3
    assert at.header[0].value == f"{name} · {iso3}"


def test_typed_dates_and_a_bad_one_keeps_the_date():
    at = open_page("signatories", on="2024-04-16")
    before = at.session_state["mv_from"]
    at.text_input(key="mv_from__text").set_value("31 Febtember 2020").run()
    assert at.session_state["mv_from"] == before
    assert "From: '31 Febtember 2020'\\: unknown month 'Febtember'. The date was not changed." in [
        w.value for w in at.warning]
    at = open_page("signatories", on="2024-04-16")
    at.text_input(key="mv_from__text").set_value("2019-08-26").run()
    assert at.session_state["mv_from"] == dt.date(2019, 8, 26)
    assert at.text_input(key="mv_from__text").value == "26 August 2019"
    assert at.query_params["from"] in ("2019-08-26", ["2019-08-26"])
