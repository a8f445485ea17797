"""attdash.country_match.StateFinder: States found by the names people type (sources' names, six UN languages)."""

from __future__ import annotations

import csv

import pytest

from attdash.country_match import StateFinder, UnknownName, search_key
from attdash.paths import sources_dir


def _rows(name):
    with (sources_dir() / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def finder():
    return StateFinder.from_rows(_rows("countries.csv"), _rows("country_aliases.csv"), _rows("country_names.csv"))


@pytest.mark.parametrize("typed,iso3", [
    ("Ivory Coast", "CIV"), ("ivory", "CIV"), ("Cote d", "CIV"), ("Côte", "CIV"), ("科特迪瓦", "CIV"),
    ("Кот-д'Ивуар", "CIV"), ("Turkey", "TUR"), ("turquía", "TUR"), ("Swaziland", "SWZ"), ("Vietnam", "VNM"),
    ("Viet Nam", "VNM"), ("la République socialiste du Viet Nam", "VNM"), ("Czech Republic", "CZE"),
    ("tza", "TZA"), ("United Republic of Tanzania", "TZA"), ("Tanzania", "TZA"), ("Niue", "NIU")])
def test_one_state_for_each_way_of_typing_it(finder, typed, iso3):
    assert finder.find(typed) == [iso3]
    assert finder.one(typed) == iso3


def test_an_exact_name_wins_over_longer_names(finder):
    assert finder.find("Niger") == ["NER"]  # not Nigeria
    assert finder.find("Congo") == ["COG"]  # the UN's "Congo"; the DRC by its own name
    assert finder.find("Democratic Republic of the Congo") == ["COD"]


def test_several_or_none_is_a_one_line_error(finder):
    assert finder.find("Korea") == ["PRK", "KOR"]
    with pytest.raises(UnknownName, match=r"^'Korea' matches 2 States: Democratic People's Republic of Korea \(PRK\); "
                                          r"Republic of Korea \(KOR\)"):
        finder.one("Korea")
    for nothing in ("", "   ", "Atlantis", "'; DROP TABLE countries; --", "%", "_"):
        assert finder.find(nothing) == []
    with pytest.raises(UnknownName, match="^no State matches 'Atlantis'"):
        finder.one("Atlantis")


def test_search_key_drops_case_accents_punctuation_and_the_uns_bracketed_article():
    assert search_key("Côte d’Ivoire") == "cote d ivoire"
    assert search_key("Viet Nam (le)") == "viet nam"
    assert search_key("the Socialist Republic of Viet Nam") == "socialist republic of viet nam"
    assert search_key("Afghanistan (l')") == "afghanistan"


def test_every_alias_row_is_sourced_and_names_one_state():
    sources = {r["source_id"] for r in _rows("sources.csv")}
    states = {r["iso3"] for r in _rows("countries.csv")}
    aliases = _rows("country_aliases.csv")
    assert len(aliases) > 1000
    for r in aliases:
        assert r["iso3"] in states and r["alias"].strip()
        assert r["source_ids"] and all(s in sources for s in r["source_ids"].split(";")), r
    by_key = {}
    for r in aliases:
        by_key.setdefault(search_key(r["alias"]), set()).add(r["iso3"])
    assert [k for k, v in by_key.items() if len(v) > 1] == []
