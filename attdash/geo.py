"""The world map's geometry as one compact static file, ``static/world.json``.

Streamlit serves ``static/`` at ``/app/static/`` (``server.enableStaticServing``), so the browser loads the
geometry once by URL and keeps it in its HTTP cache; a rerun of the overview sends only the colours and
tooltip texts (a few kB), never the polygons.

The file is generated from ``data/geo/`` (Natural Earth 1:110m polygons, public domain; centroids for the
small States drawn as points) with coordinates rounded to 0.01° (about 1 km, below the 1:110m resolution).
Each feature carries ``i`` (its index: the position of its colour code, see attdash.ui.world_map), ``iso3``
and ``name`` (the UN short name where the State is in ``data/sources/countries.csv``).

Regenerate after changing ``data/geo/``: ``python -m attdash.geo`` (a test checks the file is current).
"""

from __future__ import annotations

import csv
import json
from functools import lru_cache
from pathlib import Path

from attdash.paths import GEO_DIR, ROOT

STATIC_DIR = ROOT / "static"
WORLD_FILE = STATIC_DIR / "world.json"
#: Where the browser finds the file (relative to the app's address; see server.enableStaticServing).
WORLD_URL = "app/static/world.json"
DECIMALS = 2


def _round(coords):
    if coords and isinstance(coords[0], (int, float)):
        return [round(coords[0], DECIMALS), round(coords[1], DECIMALS)]
    return [_round(c) for c in coords]


def _un_names(sources: Path) -> dict[str, str]:
    path = sources / "countries.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["iso3"]: r["name"] for r in csv.DictReader(fh)}


def build_world(geo_dir: Path = GEO_DIR, sources: Path = ROOT / "data" / "sources") -> dict:
    """The FeatureCollection: the 1:110m polygons, then the small States as points."""
    names = _un_names(sources)
    world = json.loads((geo_dir / "world_110m.geojson").read_text(encoding="utf-8"))
    features = []
    for feat in world["features"]:
        iso3 = feat["properties"].get("ISO_A3") or ""
        features.append({"type": "Feature", "geometry": {"type": feat["geometry"]["type"],
                                                          "coordinates": _round(feat["geometry"]["coordinates"])},
                         "properties": {"iso3": iso3, "name": names.get(iso3, feat["properties"]["NAME"])}})
    with (geo_dir / "centroids.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["method"].startswith("point"):
                features.append({"type": "Feature",
                                 "geometry": {"type": "Point", "coordinates": _round([float(r["lon"]), float(r["lat"])])},
                                 "properties": {"iso3": r["iso3"], "name": names.get(r["iso3"], r["iso3"])}})
    for i, feat in enumerate(features):
        feat["properties"] = {"i": i, **feat["properties"]}
    return {"type": "FeatureCollection", "features": features}


def world_json(world: dict | None = None) -> str:
    return json.dumps(world or build_world(), ensure_ascii=False, separators=(",", ":")) + "\n"


@lru_cache(maxsize=1)
def _shipped() -> tuple[tuple[str, str], ...]:
    world = json.loads(WORLD_FILE.read_text(encoding="utf-8"))
    return tuple((f["properties"]["iso3"], f["geometry"]["type"]) for f in world["features"])


def feature_iso3() -> tuple[str, ...]:
    """ISO3 code of each feature of the shipped file, by index ("" for areas without one)."""
    return tuple(iso3 for iso3, _ in _shipped())


def first_point() -> int:
    """Index of the first small State drawn as a point (the polygons come first)."""
    return next(i for i, (_, kind) in enumerate(_shipped()) if kind == "Point")


def main() -> int:
    STATIC_DIR.mkdir(exist_ok=True)
    WORLD_FILE.write_text(world_json(), encoding="utf-8")
    print(f"wrote {WORLD_FILE} ({WORLD_FILE.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
