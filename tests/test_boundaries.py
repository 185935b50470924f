"""Boundaries and areas as a user of the map and the places table would notice them."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import shapely
from shapely.geometry import shape

from dashboard.ingest import boundaries as b
from dashboard.ingest.errors import RawDataError

PARTNERS = (
    "SI-052", "SI-041", "SI-102", "SI-131", "SI-096", "SI-113", "SI-087", "SI-045",
    "AT-62139", "AT-62140", "AT-61108", "AT-62143", "AT-62280", "AT-61760", "AT-62219", "AT-61766",
)
REGION_COUNTS = {"SI042": 18, "SI032": 41, "AT223": 35, "AT224": 91}


def _dumps(geo: dict) -> bytes:
    return json.dumps(geo, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@pytest.fixture(scope="module")
def codes(raw: Path) -> dict[str, str]:
    return b.municipality_codes(raw)


@pytest.fixture(scope="module")
def areas(raw: Path) -> dict[str, float]:
    return b.areas_km2(raw)


@pytest.fixture(scope="module")
def geo(raw: Path) -> dict:
    return b.build_geojson(raw)


@pytest.fixture(scope="module")
def features(geo: dict) -> dict[str, dict]:
    return {f["properties"]["code"]: f for f in geo["features"]}


# ------------------------------------------------------------------------------------------ codes


@pytest.mark.raw
def test_partners_present_and_merged_fuerstenfeld_replaces_its_parts(codes, features):
    for found in (codes, features):
        missing = [c for c in PARTNERS if c not in found]
        assert not missing, f"partner municipalities missing: {missing}"
        assert "AT-62267" not in found and "AT-62252" not in found, "pre-2025 Fürstenfeld/Söchau present"


@pytest.mark.raw
def test_municipalities_per_region(codes, features):
    counted = {r: sum(1 for v in codes.values() if v == r) for r in b.REGIONS}
    assert counted == REGION_COUNTS
    drawn = [f for f in features.values() if f["properties"]["level"] == "municipality"]
    assert sorted(f["properties"]["code"] for f in drawn) == sorted(codes)
    assert all(f["properties"]["region"] == codes[f["properties"]["code"]] for f in drawn)


@pytest.mark.raw
def test_names_keep_diacritics(raw):
    names = b.municipality_names(raw)
    assert names["AT-62280"] == "Fürstenfeld"
    assert names["SI-131"] == "Tržič"
    assert names["AT-62143"] == "Mürzzuschlag"
    assert names["SI-045"] == "Kidričevo"


# ------------------------------------------------------------------------------------------ areas


@pytest.mark.raw
def test_si_areas_match_gurs_register(raw, codes, areas):
    with (raw / "geo/si/si_obcine_gurs_OB.csv").open(encoding="utf-8-sig") as fh:
        official = {b.si_code(r["OB_ID"]): float(r["POV_KM2"]) for r in csv.DictReader(fh)}
    off = {c: (areas[c], official[c]) for c in codes if c.startswith("SI-")
           if abs(areas[c] / official[c] - 1) > 0.01}
    assert not off, f"computed vs GURS POV_KM2 off by more than 1 %: {off}"


@pytest.mark.raw
def test_at_partner_areas_match_statistik_austria(raw, areas):
    with (raw / "at/at8_area_km2.csv").open(encoding="utf-8") as fh:
        official = {r["gkz"]: float(r["area_km2"]) for r in csv.DictReader(fh)}
    # Fürstenfeld since 2025 = Fürstenfeld (2015-2024) + Söchau, as listed separately in the file.
    official["62280"] = official["62267"] + official["62252"]
    for code in (c for c in PARTNERS if c.startswith("AT-")):
        ref = official[code[3:]]
        assert areas[code] == pytest.approx(ref, rel=0.03), code


@pytest.mark.raw
def test_country_totals(areas):
    assert areas["SI"] == pytest.approx(20_273, rel=0.005)
    assert areas["AT"] == pytest.approx(83_879, rel=0.01)


@pytest.mark.raw
def test_region_areas_are_sums_of_municipalities(codes, areas):
    assert set(areas) == set(codes) | set(b.REGIONS) | {"AT22", "SI", "AT"}
    for region in b.REGIONS:
        members = [areas[c] for c, r in codes.items() if r == region]
        assert areas[region] == pytest.approx(sum(members), abs=0.005 * len(members)), region
    assert areas["AT223"] + areas["AT224"] < areas["AT22"] < areas["AT"]


# ---------------------------------------------------------------------------------------- geojson


@pytest.mark.raw
def test_each_partner_point_lies_in_its_simplified_feature(raw, features):
    with (raw / b.SI_DRAW).open(encoding="utf-8") as fh:
        si = {b.si_code(f["properties"]["OB_ID"]): shape(f["geometry"]) for f in json.load(fh)["features"]}
    with (raw / b.AT_DRAW).open(encoding="utf-8") as fh:
        at = {b.at_code(f["properties"]["iso"]): shape(f["geometry"]) for f in json.load(fh)["features"]}
    at["AT-62280"] = shapely.union_all([at["AT-62267"], at["AT-62252"]])
    for code in PARTNERS:
        point = (si | at)[code].representative_point()
        assert shape(features[code]["geometry"]).contains(point), code


@pytest.mark.raw
def test_geojson_small_valid_and_well_formed(geo, features):
    assert len(_dumps(geo)) < 1_000_000
    levels = {"municipality", "region", "border"}
    for code, f in features.items():
        props = f["properties"]
        want = {"code", "level", "name"} | ({"region"} if props["level"] == "municipality" else set())
        assert set(props) == want and props["level"] in levels, code
        geom = shape(f["geometry"])
        assert geom.is_valid and not geom.is_empty, code
        coords = shapely.get_coordinates(geom)
        lon, lat = coords[:, 0], coords[:, 1]
        assert ((lon > 13) & (lon < 17) & (lat > 45.9) & (lat < 48)).all(), f"{code}: not lon/lat"
        assert (abs(coords * 10_000 - (coords * 10_000).round()) < 1e-6).all(), f"{code}: over 4 decimals"
    for region in b.REGIONS:
        assert features[region]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert features["border"]["geometry"]["type"] in ("LineString", "MultiLineString")
    keys = [(f["properties"]["level"], f["properties"]["code"]) for f in geo["features"]]
    assert keys == sorted(keys)


@pytest.mark.raw
def test_neighbours_share_borders(codes, features):
    """No overlaps or gaps between neighbours: the union of a region's municipalities has no holes."""
    for region in b.REGIONS:
        parts = [shape(features[c]["geometry"]) for c, r in codes.items() if r == region]
        union = shapely.union_all(parts)
        assert sum(p.area for p in parts) == pytest.approx(union.area, rel=1e-6), region
        assert all(len(p.interiors) == 0 for p in shapely.get_parts(union)), f"{region}: gaps inside"


@pytest.mark.raw
def test_geojson_is_deterministic(raw, geo):
    assert _dumps(b.build_geojson(raw)) == _dumps(geo)


# ----------------------------------------------------------------------------------------- errors


@pytest.mark.raw
def test_missing_raw_file_is_named(raw, tmp_path):
    """A raw folder lacking one geometry file: the error says which one."""
    for src in (raw / "geo").rglob("*"):
        dst = tmp_path / "geo" / src.relative_to(raw / "geo")
        if src.is_dir():
            dst.mkdir(parents=True, exist_ok=True)
        elif src != raw / b.AT_TOPO:
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.symlink_to(src)
    with pytest.raises(RawDataError) as err:
        b.areas_km2(tmp_path)
    assert err.value.file == tmp_path / b.AT_TOPO
    assert "at_gemeinden_2021_95_topo.json" in str(err.value)


def test_lookup_without_region_column_is_named(tmp_path):
    """Works without the raw folder: a made-up lookup table that lacks its NUTS3 column."""
    path = tmp_path / b.SI_LOOKUP
    path.parent.mkdir(parents=True)
    path.write_text("OB_ID,OB_UIME\n52,Kranj\n", encoding="utf-8")
    with pytest.raises(RawDataError) as err:
        b.municipality_codes(tmp_path)
    assert err.value.file == path and err.value.column == "NUTS3_2021"
