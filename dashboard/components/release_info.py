"""The Data page's release card: "data as of" the build date, per-source retrieval dates and the
changelog against the previous release, all read from the data folder's manifest.json (written by
`python -m dashboard.ingest build`, see dashboard/ingest/releases.py)."""
from __future__ import annotations

import json
from datetime import date

import dash_bootstrap_components as dbc
from dash import html

from dashboard.components.catalogue import text_of
from dashboard.i18n import fmt_number, t

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_KINDS = ("revised", "new_year", "added", "removed", "flags_changed", "new_place", "dropped_place",
          "new_indicator", "dropped_indicator")


def manifest_of(store) -> dict | None:
    """The manifest of the folder the store was read from (None for a store from frames or a
    folder without one)."""
    folder = getattr(store, "path", None)
    if folder is None:
        return None
    try:
        m = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return m if isinstance(m, dict) else None


def fmt_date(iso: str | None, lang: str) -> str:
    """An ISO date (or timestamp) as each language writes it: 4. 12. 2026 · 04.12.2026 · 4 Dec 2026."""
    try:
        d = date.fromisoformat(str(iso)[:10])
    except (TypeError, ValueError):
        return t("release.not_recorded", lang)
    if lang == "sl":
        return f"{d.day}. {d.month}. {d.year}"
    if lang == "de":
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    return f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}"


def _place_name(store, code: str, lang: str) -> str:
    try:
        p = store.place(code)
    except KeyError:
        return code
    return p.get(f"name_{lang}") or p.get("name") or code


def _indicator(store, ind: str) -> dict:
    try:
        return store.indicator(ind)
    except KeyError:
        return {"id": ind, "name_en": ind, "decimals": 2}


def _sources_table(manifest: dict, lang: str):
    rows = manifest.get("sources") or []
    by_table: dict[tuple, dict] = {}
    for s in rows:  # one line per publisher table (several raw files may come from one table)
        key = (s.get("publisher"), s.get("table"))
        seen = by_table.setdefault(key, {**s, "dates": set()})
        if s.get("retrieved"):
            seen["dates"].add(str(s["retrieved"])[:10])
        seen["manual"] = bool(seen.get("manual")) and bool(s.get("manual"))
        if s.get("fetch_failed"):
            seen["failed"] = s["fetch_failed"]
    body = []
    for (publisher, table), s in sorted(by_table.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        dates = sorted(s["dates"])
        when = (", ".join(fmt_date(d, lang) for d in dates) if dates else t("release.not_recorded", lang))
        body.append(html.Tr([html.Td(publisher), html.Td(table), html.Td(when),
                             html.Td(t("release.auto_stale", lang, date=fmt_date(s["failed"].get("at"), lang))
                                     if s.get("failed") and not s.get("manual") else
                                     t("release.manual" if s.get("manual") else "release.auto", lang))]))
    auto = sum(1 for s in rows if not s.get("manual"))
    head = html.Thead(html.Tr([html.Th(t(k, lang), scope="col") for k in
                               ("release.col.publisher", "release.col.table", "release.col.retrieved", "release.col.how")]))
    return html.Details([
        html.Summary([html.Strong(t("release.sources", lang)), " — ",
                      t("release.sources.summary", lang, n=len(rows), auto=auto, manual=len(rows) - auto)]),
        html.Div(dbc.Table([head, html.Tbody(body)], size="sm", striped=True, className="small mb-0"),
                 className="table-responsive mt-2"),
    ], className="release-sources mb-2")


def _stale(manifest: dict, lang: str) -> list:
    """A warning when the release was built with copies a failed fetch left in place (`update`
    goes on without that publisher, see dashboard/ingest/__main__.py)."""
    failed = [s for s in manifest.get("sources") or [] if s.get("fetch_failed")]
    if not failed:
        return []
    listed = ", ".join(sorted({f"{s.get('publisher')} {s.get('table')}" for s in failed}))
    return [dbc.Alert(t("release.stale", lang, list=listed), color="warning", className="small py-2 mb-2 release-stale")]


def _changes(store, manifest: dict, lang: str) -> list:
    ch = manifest.get("changes")
    previous = manifest.get("previous")
    if not previous:
        return [html.P(t("release.first", lang), className="mb-1")]
    if not isinstance(ch, dict) or ch.get("error"):
        why = (ch or {}).get("error") if isinstance(ch, dict) else None
        return [html.P(t("release.changes_missing", lang, why=why or previous), className="mb-1")]
    out = [html.H3(t("release.changes", lang, id=ch.get("against") or previous), className="h6 mt-2")]
    counts = ch.get("counts") or {}
    if not counts:
        return out + [html.P(t("release.none", lang), className="mb-1")]
    items = [html.Li(t(f"release.count.{k}", lang, n=fmt_number(counts[k], 0, lang),
                       large=fmt_number(ch.get("large_revisions", 0), 0, lang)))
             for k in _KINDS if counts.get(k)]
    out.append(html.Ul(items, className="mb-1"))
    if ch.get("new_years"):
        listed = ", ".join(f"{text_of(_indicator(store, i), 'name', lang)} {y}" for i, y in sorted(ch["new_years"].items()))
        out.append(html.P(t("release.new_years", lang, list=listed), className="small"))
    revisions = ch.get("revisions") or []
    if revisions:
        rows = []
        for r in revisions:
            meta = _indicator(store, r["indicator"])
            dec = meta.get("decimals", 2)
            pct = r.get("change_pct")
            change = ("" if pct is None else ("+" if pct > 0 else "") + fmt_number(pct, 1, lang) + " %")
            rows.append(html.Tr([html.Td(_place_name(store, r["place"], lang)), html.Td(text_of(meta, "name", lang)),
                                 html.Td(r["year"]), html.Td(fmt_number(r.get("old"), dec, lang), className="text-end"),
                                 html.Td(fmt_number(r.get("new"), dec, lang), className="text-end"),
                                 html.Td(change, className="text-end fw-semibold" if r.get("large") else "text-end")]))
        head = html.Thead(html.Tr([html.Th(t(k, lang), scope="col") for k in
                                   ("release.col.place", "release.col.indicator", "release.col.year",
                                    "release.col.old", "release.col.new", "release.col.change")]))
        out += [html.H4(t("release.revisions", lang), className="h6"),
                html.Div(dbc.Table([head, html.Tbody(rows)], size="sm", className="small"), className="table-responsive")]
    return out


def _code_line(manifest: dict, lang: str) -> str:
    """Which code built the release; a build with uncommitted import changes says so in words (and
    which files, where the manifest records them) instead of a bare "+dirty"."""
    code = str(manifest.get("code_version") or "?")
    if not code.endswith("+dirty"):
        return t("release.id", lang, id=manifest.get("release"), code=code)
    files = ", ".join(manifest.get("code_changes") or []) or "dashboard/ingest"
    return t("release.id_dirty", lang, id=manifest.get("release"), code=code[: -len("+dirty")], files=files)


def as_of_line(store, lang: str, href: str):
    """One line under the page title: "Data as of <date>", linking to the release card."""
    manifest = manifest_of(store)
    if not manifest:
        return html.P(t("release.no_manifest", lang), className="small text-body-secondary mb-3")
    return html.P(html.A(t("release.as_of", lang, date=fmt_date(manifest.get("built"), lang)), href=href),
                  className="small mb-3 data-as-of")


def release_card(store, lang: str, component_id: str | None = None):
    manifest = manifest_of(store)
    kw = {"id": component_id} if component_id else {}
    if not manifest:
        return html.Section(html.P(t("release.no_manifest", lang), className="small text-body-secondary"), **kw)
    return html.Section([
        html.H2(t("release.title", lang), className="h5"),
        html.P([html.Strong(t("release.as_of", lang, date=fmt_date(manifest.get("built"), lang))), " ",
                html.Span(_code_line(manifest, lang), className="small text-body-secondary")], className="mb-2"),
        *_stale(manifest, lang),
        _sources_table(manifest, lang),
        *_changes(store, manifest, lang),
        html.P(t("release.how_to", lang), className="small text-body-secondary mb-0"),
    ], className="release-card border rounded p-3 mt-4 mb-4", **kw)
