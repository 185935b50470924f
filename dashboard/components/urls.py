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


_DOT = {".", "%2e"}
_DOTDOT = {"..", ".%2e", "%2e.", "%2e%2e"}


def normalize_path(path: str) -> str:
    """A path as a browser resolves it (WHATWG URL rules): `.` and `..` segments, also written
    `%2e`, are resolved; no trailing "/" (the app's page paths have none). `/./slides` and
    `/x/../slides` are both "/slides", so a rule about a page cannot be passed by spelling it
    another way."""
    out: list[str] = []
    segments = path.split("/")[1:] if path.startswith("/") else path.split("/")
    for i, segment in enumerate(segments):
        low = segment.lower()
        last = i == len(segments) - 1
        if low in _DOTDOT:
            if out:
                out.pop()
            if last:
                out.append("")
        elif low in _DOT:
            if last:
                out.append("")
        else:
            out.append(segment)
    return ("/" + "/".join(out)).rstrip("/") or "/"
