"""Text helpers shared by pages."""
from __future__ import annotations

import unicodedata


def fold(text) -> str:
    """Lower-case and strip diacritics, so "trzic" finds "Tržič" and "bevolkerung" finds
    "Bevölkerung"; also the sort key for place names (č sorts with c)."""
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().replace("ß", "ss")


def shorten(text, limit: int = 40) -> str:
    """User input echoed in a notice, cut so a silly URL cannot flood the page."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
