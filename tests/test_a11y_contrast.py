"""Text contrast (WCAG 1.4.3, 1.4.11): every colour the charts use for text reaches 4.5:1 on the
light backgrounds they are drawn on; region colours keep their fills but get a darker shade of the
same hue for text; outline buttons on the page's grey and the navbar's focus ring meet their ratios."""
from __future__ import annotations

import re

import pytest

from dashboard.explore import render
from dashboard.explore.logic import build_view
from dashboard.explore.state import default_state
from dashboard.figures import palette
from dashboard.figures.palette import (LIGHT_BACKGROUNDS, OTHER_COLOUR, REGION_COLOURS, REGION_TEXT_COLOURS,
                                       contrast_ratio, readable_text, region_text_colour)
from dashboard.figures.score import score_figure
from dashboard.paths import ROOT
from dashboard.score import logic as sc
from dashboard.score import state as scs
from dashboard.score import texts as sct
from dashboard.store import load_store

HEX = re.compile(r"color\s*:\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b")


@pytest.fixture(scope="module")
def store():
    return load_store()


def _full(hex_colour: str) -> str:
    h = hex_colour.lstrip("#")
    return "#" + ("".join(c * 2 for c in h) if len(h) == 3 else h)


def text_colours(obj, out=None) -> set[str]:
    """Every colour a figure gives to text: `font`/`textfont` colours and `color:` inside the
    HTML-like strings (tick labels, annotations)."""
    out = set() if out is None else out
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key in ("font", "textfont", "tickfont") and isinstance(value, dict):
                colour = value.get("color")
                if isinstance(colour, str) and colour.startswith("#"):
                    out.add(_full(colour))
                elif isinstance(colour, (list, tuple)):
                    out.update(_full(c) for c in colour if isinstance(c, str) and c.startswith("#"))
            text_colours(value, out)
    elif isinstance(obj, (list, tuple)):
        for value in obj:
            text_colours(value, out)
    elif isinstance(obj, str):
        out.update(_full(c) for c in HEX.findall(obj))
    return out


def test_wcag_ratio_matches_known_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    # the measurements: region fills as text reached only 2.25-3.87:1
    assert contrast_ratio(REGION_COLOURS["AT224"], "#ffffff") < 2.3
    assert contrast_ratio(REGION_COLOURS["AT223"], "#ffffff") < 3.9


@pytest.mark.parametrize("region", sorted(REGION_COLOURS))
def test_region_text_colour_reads_on_every_light_background(region):
    fill, text = REGION_COLOURS[region], region_text_colour(region)
    for bg in LIGHT_BACKGROUNDS:
        assert contrast_ratio(text, bg) >= 4.5, (region, text, bg)
    # the same hue, only darker: each channel scaled by one factor
    f = [int(fill[i:i + 2], 16) for i in (1, 3, 5)]
    s = [int(text[i:i + 2], 16) for i in (1, 3, 5)]
    factors = [b / a for a, b in zip(f, s) if a > 40]
    assert max(factors) - min(factors) < 0.03 and max(factors) <= 1.0


def test_fills_are_kept_and_readable_colours_unchanged():
    assert REGION_COLOURS["SI032"] == "#56B4E9" and REGION_COLOURS["AT224"] == "#E69F00"
    assert readable_text("#212529") == "#212529"  # already dark: left alone
    assert REGION_TEXT_COLOURS["SI042"] == REGION_COLOURS["SI042"]  # Okabe-Ito blue reads already
    assert contrast_ratio(region_text_colour(None), "#ffffff") >= 4.5
    assert contrast_ratio(readable_text(OTHER_COLOUR), "#f1f3f5") >= 4.5


def _assert_readable(fig, what):
    colours = text_colours(fig.to_dict() if hasattr(fig, "to_dict") else fig)
    assert colours, what
    bad = {c: round(contrast_ratio(c, "#ffffff"), 2) for c in colours if contrast_ratio(c, "#ffffff") < 4.5}
    assert not bad, (what, bad)


@pytest.mark.parametrize("reference", ["country", "region", "partners"])
def test_explore_ranking_and_series_text_reaches_4_5(store, reference):
    """Region reference labels (ranking) and end labels of region lines (time series) were drawn
    in the region fills."""
    for level in ("municipalities", "regions"):
        s = default_state(store, "employment_rate").with_(reference=reference, level=level)
        view = build_view(store, s)
        _assert_readable(render.ranking(store, s, view), (reference, level, "ranking"))
        _assert_readable(render.timeseries(store, s), (reference, level, "series"))


def test_region_reference_labels_use_the_text_shade(store):
    s = default_state(store, "employment_rate").with_(reference="region")
    colours = text_colours(render.ranking(store, s, build_view(store, s)).to_dict())
    assert colours & set(REGION_TEXT_COLOURS.values()) - {REGION_COLOURS["SI042"]}
    assert not colours & {REGION_COLOURS[r] for r in ("SI032", "AT223", "AT224")}


def test_score_ranking_region_marks_reach_4_5(store):
    config = scs.ScoreConfig(weights=(("employment_rate", 2), ("tertiary_share", 1)), norm="minmax", lang="en")
    r = sc.run(store, config)
    fig = score_figure(r, names={c: store.place(c)["name_en"] for c in r.values.index},
                       regions={c: store.place(c)["region"] for c in r.values.index},
                       indicators=sct.indicator_labels(store, "en"), lang="en")
    _assert_readable(fig, "score")


def _css_var(css: str, selector: str, name: str) -> str:
    block = css[css.index(selector):]
    block = block[:block.index("}")]
    return re.search(re.escape(name) + r"\s*:\s*(#[0-9a-fA-F]{6})", block).group(1)


def test_outline_buttons_and_navbar_focus_ring():
    a11y = (ROOT / "assets" / "a11y.css").read_text(encoding="utf-8")
    style = (ROOT / "assets" / "style.css").read_text(encoding="utf-8")
    page_bg = re.search(r"--il-bg:\s*(#[0-9a-fA-F]{6})", style).group(1)
    navbar_bg = re.search(r"\.site-navbar\s*\{\s*background:\s*(#[0-9a-fA-F]{6})", style).group(1)
    for selector in (".btn.btn-outline-primary", ".btn.btn-outline-secondary"):
        colour = _css_var(a11y, selector, "--bs-btn-color")
        assert contrast_ratio(colour, page_bg) >= 4.5, selector
        assert contrast_ratio(colour, "#ffffff") >= 4.5, selector
        # hover: white text on the filled button
        assert contrast_ratio("#ffffff", _css_var(a11y, selector, "--bs-btn-hover-bg")) >= 4.5, selector
    ring = re.search(r"\.site-navbar :focus-visible[^{]*\{\s*outline-color:\s*(#[0-9a-fA-F]{6})", a11y).group(1)
    assert contrast_ratio(ring, navbar_bg) >= 3.0
    page_ring = re.search(r"^:focus-visible\s*\{\s*outline:\s*\d+px solid (#[0-9a-fA-F]{6})", a11y, re.M).group(1)
    assert contrast_ratio(page_ring, page_bg) >= 3.0 and contrast_ratio(page_ring, "#ffffff") >= 3.0


def test_palette_exports_what_it_names():
    assert set(palette.__all__) <= set(dir(palette))


def test_palette_text_colours_read_on_white():
    from dashboard.figures.score import FRAGILE_COLOUR, RANK_COLOUR

    named = {"TEXT_COLOUR": palette.TEXT_COLOUR, "MUTED_TEXT": palette.MUTED_TEXT, "DARK_TEXT": palette.DARK_TEXT,
             "MISSING_TEXT": palette.MISSING_TEXT, "SELECTION_COLOUR": palette.SELECTION_COLOUR,
             "FRAGILE_COLOUR": FRAGILE_COLOUR, "RANK_COLOUR": RANK_COLOUR,
             **{f"REFERENCE_STYLES[{k}] as text": readable_text(v["color"]) for k, v in palette.REFERENCE_STYLES.items()}}
    bad = {k: round(contrast_ratio(v, "#ffffff"), 2) for k, v in named.items() if contrast_ratio(v, "#ffffff") < 4.5}
    assert not bad
