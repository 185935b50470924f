"""What the steering view shows, as texts, a table model and Plotly figures (pure, no Dash).

The page's HTML matrix and the PNG heatmap for meeting papers are both drawn from one
`table_model`, so the image cannot disagree with the screen: same order, same texts, same colours.
Every string comes from the catalogues (`t`), numbers from `fmt_number`, and every figure sets
`layout.separators` for its language.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.figures.template import MINIMAL_TEMPLATE
from dashboard.figures.palette import (FONT, GOOD_BAD, MISSING_COLOUR, MISSING_TEXT, MUTED_TEXT, NEUTRAL, REGION_COLOURS,
                                       REGION_ORDER, cell_colour, place_field, place_name, region_colour, unit_label,
                                       with_unit)
from dashboard.i18n import fmt_number, fmt_year, plotly_separators, t
from dashboard.missing import reason_text
from dashboard.steering.logic import Column, CrossBorderPanel, Matrix
from dashboard.steering.state import SORT_NAME
from dashboard.i18n.sources import source_text

__all__ = [
    "MISSING_MARK", "soft_hyphens", "period_label", "value_text", "column_header", "cell_tooltip", "table_model",
    "matrix_title", "matrix_caption", "sources_text", "legend_model", "matrix_figure",
    "crossborder_rows", "crossborder_figure",
]

MISSING_MARK = "\u2013"   # what a missing cell shows (the tooltip says "no data" in words)
_DASH = "\u2013"
_DELTA = "\u0394"
_WARN = "\u26a0"
GRID = "#ced4da"


# --------------------------------------------------------------------------- texts

_FUGE = re.compile(r"(?<=\w{3})(ungs|heits|keits|schafts|tions|täts)(?=\w{4})")
_TAIL = re.compile(r"(?<=\w{4})(quote|anteil|index|saldo|bilanz|dichte|dauer|ausgaben|verdienst|einkommen|"
                   r"veränderung|abschluss)\b")
SHY = "\u00ad"


def soft_hyphens(text: str, lang: str) -> str:
    """Break points in long German compounds ("Bevölkerungs-veränderung"), so a narrow matrix
    header wraps at a joint instead of overflowing; the browser shows a hyphen only at a break."""
    if lang != "de":
        return text
    words = []
    for w in text.split(" "):
        if len(w) > 12:
            w = _FUGE.sub(lambda m: m.group(1) + SHY, w)
            w = _TAIL.sub(lambda m: m.group(1) if w[m.start() - 1] == SHY else SHY + m.group(1), w)
        words.append(w)
    return " ".join(words)



def period_label(col: Column, lang: str) -> str:
    """"2023" for a level, "Δ 2015–2023" for a change, "no data" when the column has none."""
    if col.empty:
        return t("no_data", lang)
    if col.measure == "change":
        return f"{_DELTA} {fmt_year(col.start, lang)}{_DASH}{fmt_year(col.year, lang)}"
    return fmt_year(col.year, lang)


def _period_words(col: Column, lang: str) -> str:
    if col.measure == "change" and not col.empty:
        return f"{fmt_year(col.start, lang)}{_DASH}{fmt_year(col.year, lang)}"
    return fmt_year(col.year, lang) if col.year is not None else t("no_data", lang)


def value_text(value, col: Column, lang: str, *, unit: bool = False) -> str:
    """A cell's number as the language writes it; a change carries its sign; missing is "–"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING_MARK
    text = fmt_number(value, col.decimals, lang)
    if col.measure == "change" and round(float(value), col.decimals) > 0:
        text = "+" + text
    return with_unit(text, col.unit, lang) if unit else text


def _level_text(value, col: Column, lang: str) -> str:
    if value is None:
        return t("no_data", lang)
    return with_unit(fmt_number(value, col.decimals, lang), col.meta["unit"], lang)


def _sources(col: Column) -> list[str]:
    meta = col.meta
    return [s for s in (meta.get("source_si"), meta.get("source_at"), meta.get("source_regions")) if s]


def column_header(col: Column, lang: str) -> dict:
    """Name, period, unit, direction hint, comparability note and the header's tooltip lines."""
    meta = col.meta
    note = col.comparability(lang)
    tip = [meta.get(f"definition_{lang}") or ""]
    if col.year_differs:
        asked = col.requested_end if col.requested_end is not None else col.year
        if col.measure == "change":
            tip.append(t("steering.header.period_differs", lang, period=_period_words(col, lang)))
        else:
            tip.append(t("steering.header.year_differs", lang, asked=fmt_year(asked, lang), year=fmt_year(col.year, lang)))
    if col.empty:
        tip.append(t("steering.header.empty", lang))
    tip.append(t("explore.source", lang, sources="; ".join(dict.fromkeys(source_text(s, lang) for s in _sources(col)))))
    if note:
        tip.append(f"{_WARN} {t('explore.comparability', lang)}: {note}")
    if not col.one_scale:
        tip.append(t("cmp.steering.within_country", lang))
    name = meta.get(f"name_{lang}") or meta.get("name_en") or col.indicator
    unit = unit_label(col.unit, lang)
    if col.empty or (unit and unit.casefold() in name.casefold()):
        unit = ""  # "Net migration per 1,000 inhabitants" needs no second "per 1,000 inhabitants"
    return {
        "id": col.indicator,
        "name": name,
        "period": period_label(col, lang),
        "period_differs": col.year_differs,
        "unit": unit,
        "direction": t(f"steering.direction.{col.direction}", lang),
        "comparability": note,
        "within_country": not col.one_scale,
        "tip": [line for line in tip if line],
    }


def _context_codes(place_info, code: str) -> list[str]:
    """What a cell compares with: a municipality its region and country, a region its country
    (an Austrian region also Styria)."""
    place = place_info[code]
    if place["level"] == "municipality":
        return [c for c in (place["region"], place["country"]) if c]
    if place["level"] == "region":
        return [c for c in (("AT22",) if place["country"] == "AT" else ()) + (place["country"],)]
    return []


def _rank_line(st, col: Column, lang: str) -> str:
    if st is None:
        return ""
    if st.n < 2:
        return t("steering.tip.alone", lang)
    if col.direction == "neutral":
        return t("steering.tip.rank_neutral", lang, rank=st.rank, n=st.n)
    better = with_unit(fmt_number(st.percentile, 0, lang), "pct", lang)
    return t("hover.rank", lang, rank=st.rank, n=st.n) + " \u00b7 " + t("steering.tip.better_than", lang, share=better)


def cell_tooltip(matrix: Matrix, col: Column, code: str, *, place_info, reasons) -> list[str]:
    """The lines a cell's hover shows: place, value with unit and year, rank, comparison values,
    flags and the comparability warning. The first line is the place.

    place_info: place table in the matrix's language (code -> {name, level, region, country});
    reasons: indicator -> place -> `missing.missing_reason` of each missing cell (both from
    `steering.logic.figure_inputs`)."""
    lang = matrix.state.lang
    name = place_name(place_info, code)
    ind_name = col.meta.get(f"name_{lang}") or col.indicator
    lines = [name]
    value = col.values.get(code)
    if col.empty:
        lines.append(t("steering.tip.column_empty", lang, indicator=ind_name))
        return lines
    period = _period_words(col, lang)
    if value is None and code in col.breaks:
        lines.append(t("missing.break", lang, year=fmt_year(col.breaks[code], lang)))
        lines.append(t("missing.break_title", lang, year=fmt_year(col.breaks[code], lang)))
        lines.append(t("steering.tip.ends", lang, start=fmt_year(col.start, lang),
                       start_value=_level_text(col.start_values.get(code), col, lang),
                       end=fmt_year(col.year, lang), end_value=_level_text(col.end_values.get(code), col, lang)))
    elif value is None:
        latest = col.latest.get(code)
        text = t("steering.tip.no_data", lang, indicator=ind_name, period=period)
        reason = (reasons.get(col.indicator) or {}).get(code) or {"kind": "missing"}
        if reason["kind"] in ("not_published", "not_published_year"):  # not a gap of this place
            why = reason_text(reason, lang)
            text += f" {why[:1].upper()}{why[1:]}."
        elif latest is not None:
            text += " " + t("steering.tip.latest", lang, year=fmt_year(latest, lang))
        lines.append(text)
        if col.measure == "change" and (col.start_values.get(code) is not None or col.end_values.get(code) is not None):
            lines.append(t("steering.tip.ends", lang, start=fmt_year(col.start, lang),
                           start_value=_level_text(col.start_values.get(code), col, lang),
                           end=fmt_year(col.year, lang), end_value=_level_text(col.end_values.get(code), col, lang)))
    else:
        key = "steering.tip.change" if col.measure == "change" else "steering.tip.value"
        lines.append(t(key, lang, indicator=ind_name, period=period, value=value_text(value, col, lang, unit=True)))
        if col.measure == "change":
            lines.append(t("steering.tip.ends", lang, start=fmt_year(col.start, lang),
                           start_value=_level_text(col.start_values.get(code), col, lang),
                           end=fmt_year(col.year, lang), end_value=_level_text(col.end_values.get(code), col, lang)))
    if code in matrix.rows:
        rank = _rank_line(col.standing.get(code), col, lang)
        if rank:
            lines.append(rank)
    else:
        lines.append(t("steering.tip.reference", lang))
    compare = []
    for other in _context_codes(place_info, code):
        if other in col.values:
            compare.append(f"{place_name(place_info, other)}: {_cmp_text(col.values.get(other), col, lang)}")
    if compare:
        lines.append(" \u00b7 ".join(compare))
    flags = col.flags.get(code) or ""
    if value is not None and flags:
        lines.append(t("steering.tip.flags", lang, flags=", ".join(t(f"flag.{f}", lang) for f in flags)))
    if col.comparability(lang):
        lines.append(f"{_WARN} {t('explore.comparability', lang)}")
    return lines


def _cmp_text(value, col: Column, lang: str) -> str:
    return t("no_data", lang) if value is None else value_text(value, col, lang, unit=True)


def _group_label(place_info, code: str, level: str) -> str:
    name = place_name(place_info, code)
    if level == "regions":
        return name
    country_code = place_field(place_info, code, "country")
    country = place_name(place_info, country_code) if country_code in place_info else ""
    return f"{name} \u00b7 {code} \u00b7 {country}" if country else name


def table_model(matrix: Matrix, *, place_info, reasons) -> dict:
    """The matrix as rows of cells (text, colours, tooltip), with group and reference header rows.
    place_info, reasons: as for `cell_tooltip` (`steering.logic.figure_inputs`).

    body items: {"kind": "group", "label", "code", "colour"} or
    {"kind": "row", "code", "name", "region", "colour", "reference", "cells": [...]}, each cell
    {"text", "bg", "fg", "tip", "missing", "quintile"}.
    """
    s = matrix.state
    lang = s.lang
    columns = [column_header(c, lang) for c in matrix.columns]
    for h in columns:
        h["sorted"] = matrix.order if s.sort == h["id"] else None

    def row(code: str, reference: bool) -> dict:
        place = place_info[code]
        cells = []
        for col in matrix.columns:
            v = col.values.get(code)
            st = None if reference else col.standing.get(code)
            bg, fg = cell_colour(st, col.direction, missing=v is None)
            text = f"{MISSING_MARK}\u2009b" if code in col.breaks else value_text(v, col, lang)  # b: break in series
            cells.append({"text": text, "bg": bg, "fg": fg, "missing": v is None,
                          "quintile": st.quintile if st else None,
                          "tip": cell_tooltip(matrix, col, code, place_info=place_info, reasons=reasons)})
        region = place["region"] if place["level"] == "municipality" else (code if place["level"] == "region" else "")
        return {"kind": "row", "code": code, "name": place["name"], "region": region,
                "colour": REGION_COLOURS.get(region, ""), "reference": reference, "cells": cells}

    body: list[dict] = []
    if matrix.groups:
        for group, codes in matrix.groups:
            body.append({"kind": "group", "code": group, "label": _group_label(place_info, group, s.level),
                         "colour": REGION_COLOURS.get(group, "")})
            body.extend(row(c, False) for c in codes)
    else:
        body.extend(row(c, False) for c in matrix.rows)
    if matrix.references:
        body.append({"kind": "group", "code": "reference", "label": t("steering.group.reference", lang), "colour": ""})
        body.extend(row(c, True) for c in matrix.references)
    place_key = "steering.col.region" if s.level == "regions" else "steering.col.municipality"
    return {"columns": columns, "body": body, "place_header": t(place_key, lang),
            "name_sorted": matrix.order if s.sort == SORT_NAME else None}


def matrix_title(matrix: Matrix) -> str:
    s = matrix.state
    if not matrix.columns:
        return t(f"steering.level.{s.level}", s.lang)
    if len(matrix.columns) == 1:
        return t(f"steering.title.{s.level}_one", s.lang)
    return t(f"steering.title.{s.level}", s.lang, n=len(matrix.columns))


def status_line(matrix: Matrix) -> str:
    """The short text a screen reader hears after each change (the table itself is not live):
    rows, indicators and the sort."""
    state, lang = matrix.state, matrix.state.lang
    if state.sort is None:
        sort = t("steering.sort.country" if state.level == "regions" else "steering.sort.region", lang)
    else:
        col = next((c for c in matrix.columns if c.indicator == state.sort), None)
        name = t("steering.sort.name", lang) if state.sort == SORT_NAME else (
            col.meta[f"name_{lang}"] if col is not None else state.sort)
        sort = f"{name} ({t('steering.order.' + (state.order or 'desc'), lang)})"
    return t("steering.status", lang, rows=len(matrix.rows) + len(matrix.references), cols=len(matrix.columns),
             sort=sort)


def matrix_caption(matrix: Matrix) -> str:
    """The period in words, for the page and the image: never leave the reader to guess the year."""
    s, lang = matrix.state, matrix.state.lang
    if s.measure == "change":
        ends = [c.year for c in matrix.columns if not c.empty]
        end = s.end if s.end is not None else (max(set(ends), key=ends.count) if ends else None)
        if matrix.start is None or end is None:
            return t("steering.caption.change_none", lang)
        return t("steering.caption.change", lang, start=fmt_year(matrix.start, lang), end=fmt_year(end, lang))
    if s.end is not None:
        return t("steering.caption.level_year", lang, year=fmt_year(s.end, lang))
    return t("steering.caption.level_latest", lang)


def _sources_line(columns: Sequence[Column], codes: Sequence[str], lang: str) -> str:
    """The publishers and tables of the numbers actually shown (derived values name all inputs)."""
    seen: dict[str, None] = {}
    for col in columns:
        for code in codes:
            if col.values.get(code) is None:
                continue
            for part in (col.sources.get(code) or "").replace(" + ", ";").split(";"):
                part = part.strip()
                if part:
                    seen.setdefault(source_text(part, lang), None)
    return t("explore.source", lang, sources="; ".join(seen) if seen else t("no_data", lang))


def sources_text(matrix: Matrix, lang: str) -> str:
    return _sources_line(matrix.columns, (*matrix.rows, *matrix.references), lang)


def legend_model(matrix: Matrix) -> dict:
    """Swatches of the two scales in use and of "no data", with their end labels."""
    lang = matrix.state.lang
    directions = {c.direction for c in matrix.columns}
    out = {"scales": [], "missing": {"colour": MISSING_COLOUR, "text": MISSING_MARK, "label": t("steering.legend.missing", lang)}}
    if directions - {"neutral"}:
        out["scales"].append({"kind": "good_bad", "colours": [GOOD_BAD[q] for q in range(1, 6)],
                              "low": t("steering.legend.worse", lang), "high": t("steering.legend.better", lang)})
    if "neutral" in directions:
        out["scales"].append({"kind": "neutral", "colours": [NEUTRAL[q] for q in range(1, 6)],
                              "low": t("steering.legend.lower", lang), "high": t("steering.legend.higher", lang)})
    out["explain"] = t("steering.legend.explain", lang)
    if any(not c.one_scale for c in matrix.columns):
        out["explain"] += " " + t("cmp.steering.legend_within", lang)
    if any(c.comparability(lang) for c in matrix.columns):
        out["badge"] = t("steering.legend.badge", lang)
    if matrix.references:
        out["reference"] = t("steering.legend.reference", lang)
    return out


# --------------------------------------------------------------------------- the image


def _wrap(text: str, width: int) -> str:
    """Lines of at most `width` characters for Plotly (which never wraps); a longer word is split
    at its soft hyphen, if it has one, with a visible hyphen."""
    words = []
    for w in text.split():
        if len(w.replace(SHY, "")) > width and SHY in w:
            parts = w.split(SHY)
            words.extend([p + "-" for p in parts[:-1]] + [parts[-1]])
        elif len(w) > width:  # a link: cut into pieces that fit the line
            words.extend(w[i:i + width] for i in range(0, len(w), width))
        else:
            words.append(w.replace(SHY, ""))
    lines, line = [], ""
    for w in words:
        if line and (len(line) + 1 + len(w) > width or line.endswith("-")):
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    if line:
        lines.append(line)
    return "<br>".join(lines)


def matrix_figure(matrix: Matrix, *, place_info, reasons, credit: str = "") -> go.Figure:
    """The matrix as a heatmap with title, period, legend and sources: the PNG for meeting papers.

    Drawn from `table_model`, so it shows exactly the screen's rows, order, texts and colours.
    """
    lang = matrix.state.lang
    model = table_model(matrix, place_info=place_info, reasons=reasons)
    cols = model["columns"]
    body = model["body"]
    ncol, nrow = len(cols), len(body)
    colours: list[str] = []

    def code(colour: str) -> int:
        if colour not in colours:
            colours.append(colour)
        return colours.index(colour)

    z, annotations = [], []
    for y, item in enumerate(body):
        if item["kind"] == "group":
            z.append([code("#ffffff")] * max(ncol, 1))
            continue
        line = []
        for x, cell in enumerate(item["cells"]):
            line.append(code(cell["bg"]))
            annotations.append({"x": x, "y": y, "xref": "x", "yref": "y", "text": cell["text"], "showarrow": False,
                                "font": {"size": 12, "color": cell["fg"] if not cell["missing"] else MISSING_TEXT}})
        z.append(line)
    k = max(len(colours), 1)
    scale = []
    for i, c in enumerate(colours or ["#ffffff"]):
        scale += [[i / k, c], [(i + 1) / k, c]]

    ticktext = []
    shapes = []
    for y, item in enumerate(body):
        if item["kind"] == "group":
            ticktext.append(f"<b>{item['label']}</b>")
            # a group heading is a gap in the grid, not a row of empty cells
            shapes.append({"type": "rect", "xref": "x", "yref": "y", "x0": -0.5, "x1": max(ncol, 1) - 0.5,
                           "y0": y - 0.5, "y1": y + 0.5, "fillcolor": "#ffffff", "line": {"width": 0},
                           "layer": "above"})
        elif item["reference"]:
            ticktext.append(f"<i>{item['name']}</i>")
        else:
            ticktext.append(item["name"])

    # German names and units are longer: wider cells, so wrapped headers never run into each other
    cell_w, cell_h, label_w, pad = (138 if lang == "de" else 124), 26, 220, 14
    # room for the longest row label (a group heading like "Gorenjska (Oberkrain) · SI042 · Slowenien"),
    # so Plotly never widens the margin itself and the footer's left edge stays where it is computed
    longest = max((len(re.sub(r"<[^>]+>", "", x)) for x in ticktext), default=0)
    label_w = max(label_w, int(7.6 * longest) + 16)
    heads, head_lines = [], 1
    for x, h in enumerate(cols):
        warn = f" {_WARN}" if h["comparability"] else ""
        period = f"<b>{h['period']}</b>" if h["period_differs"] else h["period"]
        name = _wrap(soft_hyphens(h["name"], lang), 16 if lang != "de" else 18) + warn
        lines = [name, f"<span style='color:{MUTED_TEXT}'>{period}</span>"]
        if h["unit"] and h["period"] != t("no_data", lang):
            lines.append(f"<span style='color:{MUTED_TEXT}'>{_wrap(h['unit'], 17 if lang != 'de' else 19)}</span>")
        text = "<br>".join(lines)
        head_lines = max(head_lines, text.count("<br>") + 1)
        heads.append({"x": x, "y": -0.5, "xref": "x", "yref": "y", "yanchor": "bottom", "yshift": 6,
                      "text": text, "showarrow": False, "align": "center", "font": {"size": 11}})
    title_h = 74
    header_h = title_h + 15 * head_lines + 14

    legend = legend_model(matrix)
    foot = []
    for sc in legend["scales"]:
        swatches = "".join(f"<span style='color:{c}'>\u25a0</span>" for c in sc["colours"])
        foot.append(f"{sc['low']} {swatches} {sc['high']}")
    foot_line = "    ".join(foot) + f"    {MISSING_MARK} = {legend['missing']['label']}"
    # the footer is as wide as the image minus its padding; 7 px a character at 11 px keeps every
    # line inside (the source line was cut at 5 columns with 6.6)
    width = max(label_w + cell_w * max(ncol, 1) + 30, 760)
    wrap_at = int((width - 2 * pad) / 7.0)
    # on paper there is no pointer: the legend's "hover over a cell" sentence is left out
    explain = t("exports.steering.explain_paper", lang)
    if legend["explain"] != t("steering.legend.explain", lang):
        explain += legend["explain"][len(t("steering.legend.explain", lang)):]
    notes = [foot_line, _wrap(explain, wrap_at)]
    if legend.get("reference"):
        notes.append(_wrap(legend["reference"], wrap_at))
    if any(h["comparability"] for h in cols):
        notes.append(_wrap(f"{_WARN} {t('steering.png.comparability', lang)}", wrap_at))
    notes.append(_wrap(sources_text(matrix, lang), wrap_at))
    for line in (credit if isinstance(credit, (list, tuple)) else [credit]):
        if line:
            notes.append(_wrap(line, wrap_at))
    note_lines = sum(n.count("<br>") + 1 for n in notes)
    foot_h = 16 * note_lines + 30
    plot_w = width - label_w - 30
    plot_h = cell_h * nrow
    height = header_h + plot_h + foot_h

    fig = go.Figure(go.Heatmap(
        z=z, x=list(range(max(ncol, 1))), y=list(range(nrow)), colorscale=scale, zmin=0, zmax=k,
        showscale=False, xgap=2, ygap=2, hoverinfo="skip",
    ))
    fig.update_layout(
        width=width, height=height, separators=plotly_separators(lang), font=FONT,
        paper_bgcolor="#ffffff", plot_bgcolor=GRID,
        margin={"l": label_w, "r": 30, "t": header_h, "b": foot_h},
        title={"text": f"<b>{matrix_title(matrix)}</b>", "x": pad / width, "xref": "container", "xanchor": "left",
               "y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 16}, "font": {"size": 17},
               "subtitle": {"text": matrix_caption(matrix), "font": {"size": 12, "color": "#555"}}},
        xaxis={"showticklabels": False, "ticks": "", "showgrid": False, "zeroline": False, "fixedrange": True,
               "range": [-0.5, max(ncol, 1) - 0.5]},
        yaxis={"tickvals": list(range(nrow)), "ticktext": ticktext, "autorange": "reversed",
               "showgrid": False, "zeroline": False, "fixedrange": True, "ticks": ""},
        shapes=shapes,
        annotations=annotations + heads + [{
            "text": "<br>".join(notes), "xref": "paper", "yref": "paper", "x": -(label_w - pad) / plot_w,
            "xanchor": "left", "y": -14 / max(plot_h, 1), "yanchor": "top", "align": "left", "showarrow": False,
            "font": {"size": 11, "color": "#444"},
        }],
    )
    return fig


# --------------------------------------------------------------------------- cross-border


def _side_text(side, col: Column, lang: str) -> str:
    """"median 63,2 % (range 58,1 to 67,0, n = 8)": the hover text of a side's median."""
    if side.n == 0:
        return t("no_data", lang)
    med = value_text(side.median, col, lang, unit=True)
    if side.n == 1:
        return t("steering.cb.one", lang, value=med)
    return t("steering.cb.median_range", lang, median=med, low=value_text(side.low, col, lang),
             high=value_text(side.high, col, lang), n=side.n)


def _side_cell(side, col: Column, lang: str) -> dict:
    """A side in the table: the median large, range and n small below it."""
    if side.n == 0:
        return {"median": MISSING_MARK, "detail": t("no_data", lang)}
    if side.n == 1:
        return {"median": value_text(side.median, col, lang), "detail": t("steering.cb.one_value", lang)}
    return {"median": value_text(side.median, col, lang),
            "detail": t("steering.cb.detail", lang, low=value_text(side.low, col, lang),
                        high=value_text(side.high, col, lang), n=side.n)}


def crossborder_rows(panels: Sequence[CrossBorderPanel], *, lang: str) -> list[dict]:
    """One row per indicator for the table beside the dot plots (all numbers as text)."""
    out = []
    for p in panels:
        col = p.column
        h = column_header(col, lang)
        out.append({
            "indicator": col.indicator, "name": h["name"], "period": h["period"], "unit": h["unit"],
            "si": _side_cell(p.sides[0], col, lang), "at": _side_cell(p.sides[1], col, lang),
            "gap": value_text(p.gap, replace(col, measure="change"), lang) if col.one_scale
            else t("cmp.steering.no_gap", lang),
            "regions": {r: value_text(v, col, lang) for r, v in p.regions.items()},
            "comparability": col.comparability(lang),
        })
    return out


def crossborder_figure(panels: Sequence[CrossBorderPanel], *, lang: str, place_info, partners: Sequence[str],
                       export: bool = False, credit: str = "") -> go.Figure:
    """Small multiples, one dot plot per indicator: a row for the Slovenian and one for the Austrian
    partners (dots in their region's colour, a bar at the median), the four regions as diamonds
    just below their country's row. Each panel has its own axis: the indicators' units differ.

    export=True: the PNG version, 1200 px wide, with title, caption, comparability note, sources
    and `credit` in the image. place_info: place table in `lang` (names, regions); partners: the
    partner municipalities (both from `steering.logic.crossborder_inputs`)."""
    n = max(len(panels), 1)
    titles = []
    for p in panels:
        h = column_header(p.column, lang)
        warn = f"  <span style='color:#9a6700'>{_WARN} {t('explore.comparability', lang)}</span>" if h["comparability"] else ""
        unit = f" \u00b7 {h['unit']}" if h["unit"] else ""
        titles.append(f"<b>{h['name']}</b> \u00b7 {h['period']}{unit}{warn}")
    panel_px, gap_px, legend_px, bottom_px = 118, 46, 70, 30
    width = 1200 if export else None
    title_px, notes = 0, []
    if export:
        wrap_at = 170
        title_px = 78
        if any(p.column.comparability(lang) for p in panels):
            notes.append(_wrap(f"{_WARN} {t('steering.png.comparability', lang)}", wrap_at))
        codes = [*partners, *REGION_ORDER]
        notes.append(_wrap(_sources_line([p.column for p in panels], codes, lang), wrap_at))
        if credit:
            notes.append(_wrap(credit, wrap_at))
        bottom_px += 15 * sum(n_.count("<br>") + 1 for n_ in notes) + 16
    top_px = legend_px + title_px
    plot_px = n * panel_px + (n - 1) * gap_px
    height = top_px + bottom_px + plot_px
    spacing = gap_px / (height - top_px - bottom_px) if n > 1 else 0.0
    fig = make_subplots(rows=n, cols=1, subplot_titles=titles or [""], vertical_spacing=spacing)
    names = {c: place_name(place_info, c) for c in (*REGION_ORDER, *partners) if c in place_info}
    side_label = {"SI": t("steering.cb.si_side", lang), "AT": t("steering.cb.at_side", lang)}
    row_y = {"SI": 1.0, "AT": 0.0}
    shown_legend: set[str] = set()

    def legend_once(key: str) -> bool:
        if key in shown_legend:
            return False
        shown_legend.add(key)
        return True

    traces: list[dict] = []  # plain dicts with their axes, added at once: no per-trace validation

    for i, p in enumerate(panels, start=1):
        col = p.column
        any_value = False
        axes = {"xaxis": "x" if i == 1 else f"x{i}", "yaxis": "y" if i == 1 else f"y{i}"}
        for side in p.sides:
            y0 = row_y[side.country]
            for region in REGION_ORDER:
                codes = [c for c, v in side.values.items() if v is not None and place_field(place_info, c, "region") == region]
                if not codes:
                    continue
                any_value = True
                traces.append(dict(
                    type="scatter", **axes,
                    x=[side.values[c] for c in codes], y=[y0] * len(codes), mode="markers",
                    marker={"size": 11, "color": region_colour(region), "line": {"color": "#ffffff", "width": 1}},
                    name=names.get(region, region), legendgroup=region, showlegend=legend_once(region),
                    customdata=[[names.get(c, c), value_text(side.values[c], col, lang, unit=True)] for c in codes],
                    hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
                ))
            if side.median is not None:
                traces.append(dict(
                    type="scatter", **axes,
                    x=[side.median], y=[y0], mode="markers",
                    marker={"symbol": "line-ns", "size": 26, "line": {"color": "#1a1a1a", "width": 3}},
                    name=t("steering.cb.median", lang), legendgroup="median", showlegend=legend_once("median"),
                    customdata=[[side_label[side.country], _side_text(side, col, lang)]],
                    hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
                ))
            regions = [r for r in REGION_ORDER if r.startswith(side.country) and p.regions.get(r) is not None]
            if regions:
                any_value = True
                traces.append(dict(
                    type="scatter", **axes,
                    x=[p.regions[r] for r in regions], y=[y0 - 0.34] * len(regions), mode="markers",
                    marker={"symbol": "diamond", "size": 12, "color": [region_colour(r) for r in regions],
                            "line": {"color": "#1a1a1a", "width": 1.2}},
                    name=t("steering.cb.region_value", lang), legendgroup="regionvalue",
                    showlegend=legend_once("regionvalue"),
                    customdata=[[names.get(r, r), value_text(p.regions[r], col, lang, unit=True)] for r in regions],
                    hovertemplate="<b>%{customdata[0]}</b> (NUTS 3)<br>%{customdata[1]}<extra></extra>",
                ))
        axis = "yaxis" if i == 1 else f"yaxis{i}"
        fig.layout[axis].update(tickvals=[1.0, 0.0], ticktext=[side_label["SI"], side_label["AT"]],
                                range=[-0.7, 1.45], showgrid=False, zeroline=False, fixedrange=True)
        xaxis = "xaxis" if i == 1 else f"xaxis{i}"
        fig.layout[xaxis].update(gridcolor="#e9ecef", zeroline=col.measure == "change", zerolinecolor="#adb5bd",
                                 fixedrange=True, ticksuffix="%" if col.unit == "pct" and lang == "en" else "")
        if not any_value:
            fig.add_annotation(text=t("steering.cb.no_data", lang), xref=f"{'x' if i == 1 else f'x{i}'} domain",
                               yref=f"{'y' if i == 1 else f'y{i}'} domain", x=0.5, y=0.5, showarrow=False,
                               font={"color": MUTED_TEXT})
    if traces:
        fig.add_traces(traces)
    for ann in fig.layout.annotations[:len(titles)]:
        ann.update(x=0, xanchor="left", font={"size": 13})
    fig.update_layout(
        template=MINIMAL_TEMPLATE,  # not Plotly's whole default (7 kB per response)
        height=height, separators=plotly_separators(lang), font=FONT, paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff", margin={"l": 150, "r": 20, "t": top_px, "b": bottom_px},
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1 - (title_px + 8) / height, "yanchor": "top",
                "yref": "container", "font": {"size": 12}},
        hoverlabel={"font": {"family": FONT["family"]}},
    )
    if export:
        fig.update_layout(
            width=width,
            title={"text": f"<b>{t('steering.cb.title', lang)}</b>", "x": 14 / width, "xref": "container",
                   "xanchor": "left", "y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 16},
                   "font": {"size": 17},
                   "subtitle": {"text": _wrap(t("steering.cb.caption", lang), 150), "font": {"size": 12, "color": "#555"}}},
        )
        fig.add_annotation(text="<br>".join(notes), xref="paper", yref="paper", x=-136 / (width - 170),
                           xanchor="left", y=-(30 + 6) / plot_px, yanchor="top", align="left", showarrow=False,
                           font={"size": 11, "color": "#444"})
    return fig
