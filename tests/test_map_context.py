"""The map's context layer (data/context.geojson → faint neighbouring regions and town labels):
what the import shipped, how the Explore map draws it, and how data releases carry it."""
from __future__ import annotations

import json

import pytest
import shapely
from shapely.geometry import shape

from dashboard.explore import render
from dashboard.explore.logic import build_view
from dashboard.explore.state import default_state
from dashboard.figures.map import (FRAME_PAD_DEG, NARROW_MAP_PX, K, apply_update, context_traces, load_boundaries,
                                   load_context, map_update, trace_indices)
from dashboard.ingest import releases
from dashboard.ingest.boundaries import CAPITALS, REGIONS
from dashboard.paths import data_dir
from dashboard.store import load_store

IDX = trace_indices()
LANGS = ("sl", "de", "en")


@pytest.fixture(scope="module")
def context():
    ctx = load_context()
    assert ctx is not None, "data/context.geojson is missing: rebuild data/"
    return ctx


@pytest.fixture(scope="module")
def polygons():
    return {f["properties"]["code"]: shape(f["geometry"]) for f in load_boundaries()["features"]
            if f["properties"]["level"] in ("municipality", "region")}


@pytest.fixture(scope="module")
def store():
    return load_store()


def labels(context, kind):
    return {f["properties"]["code"]: f for f in context["features"]
            if f["properties"]["level"] == "label" and f["properties"]["kind"] == kind}


# ---- the shipped file ---------------------------------------------------------------------------

def test_every_partner_has_a_label_point_inside_its_own_polygon(context, polygons, store):
    partners = labels(context, "partner")
    assert sorted(partners) == sorted(store.partners())
    for code, f in partners.items():
        point = shape(f["geometry"])
        assert polygons[code].contains(point), f"label of {code} lies outside its municipality"
        names = {lang: f["properties"][f"name_{lang}"] for lang in LANGS}
        assert set(names.values()) == {store.place(code)["name"]}, names  # partners: the local name


def test_regional_centres_are_labelled_with_settled_exonyms_only(context):
    centres = labels(context, "capital")
    assert set(centres) == set(CAPITALS)  # all seven lie within the view of the four regions
    names = {c: {lang: f["properties"][f"name_{lang}"] for lang in LANGS} for c, f in centres.items()}
    assert names["SI-061"] == {"sl": "Ljubljana", "de": "Ljubljana", "en": "Ljubljana"}
    assert names["AT-60101"] == {"sl": "Gradec", "de": "Graz", "en": "Graz"}
    assert names["AT-20101"] == {"sl": "Celovec", "de": "Klagenfurt", "en": "Klagenfurt"}
    assert names["SI-070"]["de"] == "Maribor"


def test_context_outlines_are_the_neighbours_not_the_four_regions(context, polygons):
    outlines = [f for f in context["features"] if f["properties"]["level"] == "context_region"]
    codes = [f["properties"]["code"] for f in outlines]
    assert len(codes) == len(set(codes))
    assert not set(codes) & set(REGIONS)
    assert {"SI041", "SI034", "SI033", "SI031", "AT221", "AT225", "AT226", "AT211"} <= set(codes)
    assert all(f["properties"]["name"] for f in outlines)
    # the four regions' own outlines are not drawn again: no context line runs inside a region
    for region in REGIONS:
        inner = polygons[region].buffer(-0.01)
        for f in outlines:
            assert not shape(f["geometry"]).intersects(inner), (f["properties"]["code"], region)


def test_context_stays_inside_the_four_regions_bounding_box(context, polygons):
    """plotly.js fits the view to every trace's points: nothing may reach beyond the four regions,
    or they would shrink on screen."""
    x0, y0, x1, y1 = shapely.union_all([polygons[r] for r in REGIONS]).bounds
    eps = 1e-4
    for f in context["features"]:
        if f["properties"]["level"] in ("context_region", "label"):
            bx0, by0, bx1, by1 = shape(f["geometry"]).bounds
            assert bx0 >= x0 - eps and by0 >= y0 - eps and bx1 <= x1 + eps and by1 <= y1 + eps, \
                f["properties"]["code"]


def test_context_file_is_small_and_in_the_manifest():
    path = data_dir() / "context.geojson"
    assert path.stat().st_size < 150_000
    manifest = releases.read_manifest(data_dir())
    assert manifest["files"]["context.geojson"] == releases.sha256(path)
    assert manifest["rows"]["context"] == len(json.loads(path.read_text(encoding="utf-8"))["features"])


# ---- the figure ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_explore_map_draws_the_context_without_hover_in_the_page_language(store, lang):
    state = default_state(store, lang=lang)
    fig = render.map_initial(store, load_boundaries(), state, build_view(store, state)).to_plotly_json()
    data = fig["data"]
    assert len(data) == 2 * K + 12
    # the narrow map's frame: invisible unless plotly-fit.js shows it in a box narrower than
    # NARROW_MAP_PX, then FRAME_PAD_DEG of room beside the places (for the edge towns' labels)
    frame = data[IDX["frame"]]
    assert frame["visible"] is False and frame["hoverinfo"] == "skip" and "hovertemplate" not in frame
    assert fig["layout"]["meta"]["innolocNarrow"]["shownTraces"] == [IDX["frame"]]
    assert fig["layout"]["meta"]["innolocNarrow"]["minPlot"] == NARROW_MAP_PX
    # and its town labels smaller (at 320 px "Bruck an der Mur" ran past the map's edge)
    smaller = fig["layout"]["meta"]["innolocNarrow"]["traces"]
    assert set(smaller) == {str(IDX["capital_labels"]), str(IDX["partner_labels"])}
    for i, patch in smaller.items():
        assert patch["textfont"]["size"] < data[int(i)]["textfont"]["size"] - 1
        assert {k: v for k, v in patch["textfont"].items() if k != "size"} == {
            k: v for k, v in data[int(i)]["textfont"].items() if k != "size"}
    outline = [x for x in data[IDX["context"]]["lon"] if x is not None]
    assert frame["lon"] == [pytest.approx(min(outline) - FRAME_PAD_DEG, abs=1e-4),
                            pytest.approx(max(outline) + FRAME_PAD_DEG, abs=1e-4)]
    lines, centres, partners = (data[IDX[k]] for k in ("context", "capital_labels", "partner_labels"))
    for tr in (lines, centres, partners):
        assert tr["type"] == "scattergeo" and tr["hoverinfo"] == "skip" and not tr["showlegend"]
        assert "hovertemplate" not in tr  # the a11y data table skips it, clicks reach the place below
    assert lines["mode"] == "lines" and len(lines["lon"]) > 100
    assert partners["meta"] == store.partners()
    assert len(partners["text"]) == 16 and "Kranj" in partners["text"]
    graz = centres["text"][centres["meta"].index("AT-60101")]
    assert graz == {"sl": "Gradec", "de": "Graz", "en": "Graz"}[lang]
    # the halo is in the figure, so the PNG made from it has it too
    assert "#ffffff" in partners["textfont"]["shadow"]
    assert centres["textfont"]["style"] == "italic" and partners["textfont"]["style"] == "normal"
    # every clickable trace still carries the place code (clickData customdata[0])
    assert all(cd[0].startswith(("SI-", "AT-")) for cd in data[IDX["fill"]]["customdata"])


def test_region_level_map_keeps_the_context_and_the_year_patch_leaves_it_alone(store):
    state = default_state(store, lang="en").with_(level="regions")
    view = build_view(store, state)
    fig = render.map_initial(store, load_boundaries(), state, view).to_plotly_json()
    assert sorted(fig["data"][IDX["fill"]]["locations"]) == sorted(
        c for c in store.place_codes(level="region") if store.place(c)["region"])
    assert len(fig["data"][IDX["partner_labels"]]["text"]) == 16
    before = json.dumps(fig["data"][IDX["context"]:], sort_keys=True)
    later = state.with_(year=state.year - 1)
    update = map_update(load_boundaries(), render.map_layer_values(store, later),
                        **render._map_args(store, later, build_view(store, later)))
    assert not set(update) & {IDX["context"], IDX["capital_labels"], IDX["partner_labels"]}
    apply_update(fig, update)
    assert json.dumps(fig["data"][IDX["context"]:], sort_keys=True) == before


def test_without_a_context_file_the_map_is_as_before(tmp_path):
    assert load_context(tmp_path / "context.geojson") is None
    assert context_traces(None, "de") == []


# ---- releases ---------------------------------------------------------------------------------

def test_rollback_to_a_release_without_context_removes_it_from_data(tmp_path):
    out = tmp_path / "data"
    old = {name: f"{name},old\n".encode() for name in releases.FILES}
    new = {**{name: f"{name},new\n".encode() for name in releases.FILES}, "context.geojson": b"{}"}
    releases.publish(old, out, rows={}, sources=[])
    releases.publish(new, out, rows={}, sources=[])
    assert (out / "context.geojson").read_bytes() == b"{}"
    assert len(releases.releases(out)) == 2  # the old one, without the file, is still complete
    releases.rollback(out)
    assert not (out / "context.geojson").exists()
    assert (out / "places.csv").read_bytes() == old["places.csv"]


def test_colour_by_type_map_keeps_the_labels(store):
    from dashboard.peers import place_types
    fig = place_types.explore_map(store, load_boundaries(), lang="sl").to_plotly_json()
    texts = [tr for tr in fig["data"] if tr.get("mode") == "markers+text"]
    assert [tr["meta"] for tr in texts] == [list(CAPITALS), store.partners()]
    assert "Celovec" in texts[0]["text"] and all(tr["hoverinfo"] == "skip" for tr in texts)
