"""The map's compact payload, the shipped geometry file, date formats, and the in-memory database."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from attdash import geo
from attdash.reports import BadParameter
from attdash.ui import world_map
from attdash.ui.format import long_date, parse_user_day
from attdash.vocab import STATUSES

DAY = dt.date(2024, 4, 16)


def test_shipped_geometry_file_is_current():
    """static/world.json is generated from data/geo and the country names: regenerate with python -m attdash.geo."""
    assert geo.WORLD_FILE.read_text(encoding="utf-8") == geo.world_json()


def test_geometry_has_every_small_state_as_a_point_and_indexes_in_order():
    world = json.loads(geo.WORLD_FILE.read_text(encoding="utf-8"))
    feats = world["features"]
    assert [f["properties"]["i"] for f in feats] == list(range(len(feats)))
    points = [f["properties"]["iso3"] for f in feats if f["geometry"]["type"] == "Point"]
    assert len(points) >= 29 and {"TUV", "NRU", "MCO", "LIE", "NIU", "COK"} <= set(points)
    assert geo.first_point() == len(feats) - len(points)
    ghana = next(f for f in feats if f["properties"]["iso3"] == "GHA")
    assert ghana["properties"]["name"] == "Ghana"


def test_map_codes_colour_each_feature_by_status_and_filter(real_db):
    status = real_db.run("status", as_of=DAY, groups=None, statuses=None)
    selected = set(real_db.run("status", as_of=DAY, groups=["African"], statuses=None)["iso3"])
    codes = world_map.state_codes(status, selected)
    iso3s = geo.feature_iso3()
    by_iso = dict(zip(iso3s, codes))
    gha, usa = (status.filter(status["iso3"] == x).row(0, named=True) for x in ("GHA", "USA"))
    assert by_iso["GHA"] == 2 * STATUSES.index(gha["status"])          # African: full colour
    assert by_iso["USA"] == 2 * STATUSES.index(usa["status"]) + 1      # outside the filter: faded
    assert by_iso[""] == world_map.NOT_A_STATE_CODE                    # e.g. Kosovo, N. Cyprus
    assert len(world_map.palette()) == world_map.NOT_A_STATE_CODE + 1


def test_map_payload_is_compact_and_loads_geometry_by_url(real_db):
    status = real_db.run("status", as_of=DAY, groups=None, statuses=None)
    spec_text = world_map.status_deck(status, set(status["iso3"])).to_json()
    spec = json.loads(spec_text)
    layer = spec["layers"][0]
    assert layer["data"] == geo.WORLD_URL
    assert spec["mapStyle"] == world_map.NO_BASE_MAP  # no tiles or styles from the internet
    assert "\n" not in spec_text and len(spec_text) < 4000, len(spec_text)
    tip = world_map.tooltip(status)["html"]
    assert ".s-GHA::after" in tip and '"State Party"' in tip and "{name}" in tip
    assert len(tip) < 8000


def test_long_date_and_typed_dates():
    assert long_date(dt.date(2024, 4, 16)) == "16 April 2024"
    assert long_date("2024-09-01") == "1 September 2024"
    assert long_date(None) == ""
    assert parse_user_day("16 April 2024") == DAY
    assert parse_user_day(" 16 apr 2024 ") == DAY
    assert parse_user_day("2024-04-16") == DAY
    for bad in ("31 February 2024", "16 Ma 2024", "yesterday", "2024-4-16"):
        with pytest.raises(BadParameter):
            parse_user_day(bad)


def test_snapshot_tables_are_in_memory_and_definitions_materialized(real_db):
    kinds = dict(real_db._con.execute(
        "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'main'").fetchall())
    assert kinds["treaty_events"] == "BASE TABLE"
    assert kinds["state_treaty_record"] == "BASE TABLE"
    assert "VIEW" not in kinds.values()
    # a parameter-free query answers the same, and a caller changing its copy does not change the next answer
    first = real_db.run("csp_dates")
    first = first.clear()
    assert real_db.run("csp_dates").height > 0


def test_chart_specs_carry_no_placeholder_data():
    """Each chart's cached spec is sent with the query's rows; a leftover Altair placeholder data set ("empty")
    makes Vega log 'Unrecognized data set: empty' in the browser."""
    import json

    from attdash.ui import charts

    builders = [charts.states_parties_over_time, charts.conversions_per_year, charts.unga_votes,
                charts.unroca_years, charts.map_legend]
    for b in builders:
        spec = json.loads(charts.spec(b))
        assert "data" not in spec and "datasets" not in spec, b.__name__
        assert "empty" not in charts.spec(b), b.__name__
    legend = charts.inline_rows(charts.map_legend)
    assert legend.num_rows == 6 and "label" in legend.column_names  # five statuses and "not a State"
    assert charts.inline_rows(charts.states_parties_over_time) is None
