"""Small marks shown next to a number: the observation flags (derived, break, provisional,
estimated, corrected by the import), each letter explained in its tooltip."""
from __future__ import annotations

from dash import html

from dashboard.i18n import t

FLAG_ORDER = "dbcpe"


def flag_marks(flags: str, lang: str):
    letters = [f for f in FLAG_ORDER if f in (flags or "")]
    if not letters:
        return None
    return html.Sup(" ".join(letters), className="flag-marks ms-1",
                    title=", ".join(t(f"flag.{f}", lang) for f in letters))


def stale_mark(store, indicator: str, lang: str):
    """" · old" after a year more than STALE_YEARS before the newest data (tooltip: the rule)."""
    from dashboard.missing import stale_label, stale_title
    return html.Span("\u00a0\u00b7\u00a0" + stale_label(lang), className="stale-mark",
                     title=stale_title(store, indicator, lang))


def missing_note(reason: dict | None, lang: str, store=None, indicator: str | None = None):
    """"no data" saying which kind: not published for the country, or missing for this place."""
    from dashboard.missing import reason_text, year_label
    if not reason:
        return html.Span(t("no_data", lang), className="no-data")
    r = dict(reason)
    if store is not None and indicator and r.get("latest") is not None:
        r["latest_label"] = year_label(store, indicator, r["latest"], lang)
    kind = r.get("kind", "missing")
    return html.Span(reason_text(r, lang), className=f"no-data missing-{kind}", **{"data-missing": kind})
