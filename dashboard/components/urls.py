"""Internal links that carry the language, so a reader never falls back to English by clicking."""
from __future__ import annotations

from urllib.parse import parse_qs, urlencode


def href(path: str, lang: str, **params) -> str:
    """`href("/data", "de", indicator="population")` -> "/data?lang=de&indicator=population";
    parameters that are None or empty are left out."""
    query = {"lang": lang}
    query.update({k: v for k, v in params.items() if v not in (None, "")})
    return f"{path}?{urlencode(query)}"


def parse_search(search: str | None) -> dict[str, str]:
    """`?a=1&b=2` -> {"a": "1", "b": "2"}; a repeated parameter keeps its last value."""
    if not search or not isinstance(search, str):  # the browser's location: text or nothing
        return {}
    parsed = parse_qs(search.lstrip("?"), keep_blank_values=True)
    return {k: v[-1] for k, v in parsed.items()}


def first(value):
    """Dash hands a repeated query parameter to `layout()` as a list; use the last one."""
    if isinstance(value, (list, tuple)):
        return value[-1] if value else None
    return value
