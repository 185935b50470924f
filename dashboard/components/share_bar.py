"""One share-and-download bar per chart (the grapher's pattern): copy link (with a confirmation),
PNG, SVG, the page's CSV/XLSX buttons, and "Embed" (the iframe snippet). Copy link and Embed are
handled by assets/share.js for every bar; PNG and SVG are `{"type": <page>-img, "chart", "format"}`
buttons whose page callback calls `innolocShare.image` with the chart's caption (`caption()`).

The bar also carries the caption as text under the chart (sources, caveat, release date), so
what the image says is on the page too, and in embed mode (`embed=1`) stays beside the chart.
"""
from __future__ import annotations

from collections.abc import Sequence

from dash import dcc, html

from dashboard.components.credits import attributions, indicator_sources
from dashboard.i18n import t
from dashboard.i18n.sources import source_text

__all__ = ["caption", "share_bar", "embed_credit"]


def caption(title: str, metas: Sequence[dict], lang: str, *, period_unit: str = "", release_date: str | None = None,
            sources: str | None = None) -> dict:
    """{"title", "lines"}: what an image of the chart carries under its title — period and unit, the
    comparability caveat where one exists, sources, licence attribution, release date (the link is
    added by the browser: it is the address of the view)."""
    lines = [period_unit] if period_unit else []
    for m in metas:
        note = m.get(f"comparability_{lang}") or ""
        if note:
            name = m.get(f"name_{lang}") or m.get("name_en", "")
            lines.append(f"\u26a0 {t('explore.comparability', lang)}" + (f" ({name})" if len(metas) > 1 else "")
                         + f": {note}")
    srcs = [s for m in metas for s in indicator_sources(m)]
    lines.append(sources or t("explore.source", lang,
                              sources="; ".join(dict.fromkeys(source_text(s, lang) for s in srcs))))
    attr = attributions(srcs)
    if attr:
        lines.append(" · ".join(attr))
    if release_date:
        lines.append(t("exports.release", lang, date=release_date))
    return {"title": title, "lines": lines}


def share_bar(page: str, chart: str, lang: str, *, downloads: Sequence = (), title: str = "",
              caption_lines: Sequence[str] = (), caption_id: str | None = None, images: bool = True,
              graph: str | None = None):
    """The bar: [Copy link] [PNG] [SVG] [downloads…] [Embed], a status line, the embed snippet box
    and the caption text (`caption_id` lets the page update it). With `graph` (the dcc.Graph's id)
    the images need no page callback: share.js draws them from that graph and the caption text."""
    btn = "btn btn-outline-secondary btn-sm"
    actions = [
        html.Button(t("share.copy", lang), type="button", className=btn, title=t("share.copy_title", lang),
                    **{"data-share": "link", "data-done": t("share.copied", lang)}),
    ]
    if images and graph:
        actions += [html.Button(fmt.upper(), type="button", className=btn, title=t(f"share.{fmt}_title", lang),
                                **{"data-share": fmt}) for fmt in ("png", "svg")]
    elif images:
        actions += [html.Button(fmt.upper(), id={"type": f"{page}-img", "chart": chart, "format": fmt},
                                type="button", className=btn, title=t(f"share.{fmt}_title", lang))
                    for fmt in ("png", "svg")]
    actions += list(downloads)
    actions.append(html.Button(t("share.embed", lang), type="button", className=btn,
                               title=t("share.embed_title", lang), **{"data-share": "embed", "aria-expanded": "false"}))
    return html.Div([
        html.Div([*actions, html.Span(className="small text-success ms-1", role="status",
                                      **{"data-share-status": "", "aria-live": "polite"})],
                 className="share-actions d-flex flex-wrap align-items-center gap-1 d-print-none",
                 role="toolbar", **{"aria-label": t("share.bar", lang)}),
        html.Div([
            html.Label(t("share.embed_label", lang), className="small"),
            dcc.Textarea(readOnly=True, className="form-control form-control-sm font-monospace", rows=3,
                         value=""),
        ], hidden=True, className="mt-1", **{"data-share-embed": ""}),
        html.Div([html.Div(line) for line in caption_lines], id=caption_id or f"{page}-{chart}-caption",
                 className="share-caption mt-1"),
        *([dcc.Store(id={"type": f"{page}-img-sink", "chart": chart, "format": fmt}) for fmt in ("png", "svg")]
          if images and not graph else []),
    ], className="share-bar mt-2", **{"data-share-bar": "", "data-chart": chart, "data-title": title,
                                      **({"data-graph": graph} if graph else {})})


def embed_credit(lang: str, link: str):
    """The line an embedded chart keeps under it: where it comes from, and the way back."""
    return html.Div([
        html.Span("Innovative Location · "),
        html.A(t("share.open_full", lang), href=link, target="_top", className="embed-link"),
    ], className="embed-credit")
