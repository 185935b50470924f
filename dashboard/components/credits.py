"""What every export carries besides its numbers: the publishers with their licence attribution,
the release date and the link back (one place, used by the XLSX "about" sheet and the images)."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import urlencode

from dashboard.i18n import t
from dashboard.i18n.sources import source_text

__all__ = ["LICENCES", "attributions", "indicator_sources", "absolute_link", "credit_lines"]

# publisher (as it starts a source string) -> the attribution its licence asks for (README table)
LICENCES = (
    ("SURS", "Vir: SURS"),
    ("Ministry of Finance", "Ministrstvo za finance RS"),
    ("MF", "Ministrstvo za finance RS"),
    ("Statistik Austria", "Quelle: Statistik Austria (CC BY 4.0)"),
    ("offenerhaushalt", "Quelle: Statistik Austria (CC BY 4.0)"),
    ("Land Steiermark", "Land Steiermark"),
    ("WIBIS", "Land Steiermark"),
    ("Eurostat", "© Eurostat"),
    ("ZRSZ", "Vir: ZRSZ"),
    ("GURS", "GURS (Geodetska uprava RS), CC BY 4.0"),
)


def indicator_sources(meta: dict) -> list[str]:
    return [s for s in (meta.get("source_si"), meta.get("source_at"), meta.get("source_regions")) if s]


def attributions(sources: Iterable[str]) -> list[str]:
    """The licence attributions the named sources require, each once, in a stable order."""
    out: dict[str, None] = {}
    for s in sources:
        for key, text in LICENCES:
            if key.casefold() in (s or "").casefold():
                out.setdefault(text, None)
    return list(out)


def absolute_link(base: str, path: str, query: dict | str | None) -> str:
    """`http://host/path?query` from the request's base URL and the view's own query."""
    q = query if isinstance(query, str) else urlencode({k: v for k, v in (query or {}).items() if v not in (None, "")})
    return f"{base.rstrip('/')}{path}" + (f"?{q.lstrip('?')}" if q else "")


def credit_lines(metas: Sequence[dict], lang: str, *, release_date: str | None, link: str | None) -> list[str]:
    """Source line (publishers and tables, then their attributions), release date, link."""
    sources: dict[str, None] = {}
    for m in metas:
        for s in indicator_sources(m):
            sources.setdefault(s, None)
    lines = [t("explore.source", lang, sources="; ".join(source_text(s, lang) for s in sources) or t("no_data", lang))]
    attr = attributions(sources)
    if attr:
        lines.append(" · ".join(attr))
    if release_date:
        lines.append(t("exports.release", lang, date=release_date))
    if link:
        lines.append(link)
    return lines
