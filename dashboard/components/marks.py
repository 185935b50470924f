"""Small marks shown next to a number: the observation flags (derived, break, provisional,
estimated), each letter explained in its tooltip."""
from __future__ import annotations

from dash import html

from dashboard.i18n import t

FLAG_ORDER = "dbpe"


def flag_marks(flags: str, lang: str):
    letters = [f for f in FLAG_ORDER if f in (flags or "")]
    if not letters:
        return None
    return html.Sup(" ".join(letters), className="flag-marks ms-1",
                    title=", ".join(t(f"flag.{f}", lang) for f in letters))
