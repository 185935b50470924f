"""Reading a page's URL parameters into its state: each parameter is valid, missing (-> default)
or unusable (-> default plus a notice the page shows), so a broken link never becomes an error
page. Shared by every page that keeps its state in the address.

Before anything is read, the query goes through the URL migrations (dashboard/components/migrations.py):
renamed parameters and indicator ids of old links are brought up to today's names, silently."""
from __future__ import annotations

from urllib.parse import parse_qs

from dashboard.components.migrations import INDICATOR_PARAMS, migrate
from dashboard.i18n import DEFAULT_LANG, LANGS

# Comma lists of an address (indicators, places): no page uses more than the score's weights.
LIST_PARAMS = INDICATOR_PARAMS + ("sel", "places")
MAX_LIST_ITEMS = 64
MAX_PER_KIND = 3   # notices of one kind (one message about one parameter) shown one by one
MAX_NOTICES = 16   # notices in all (a score link can hold 14 different mistakes); the rest are counted
MORE = "notice.more"


class Notices(list):
    """A page's notices: each once, at most MAX_PER_KIND of one kind (the same message about the
    same parameter: "x is not a place", "y is not a place", …) and MAX_NOTICES in all, plus one
    ("notice.more", {"n": rest}) at the end. A link with thousands of bad items shows a few
    notices, while a link with several different mistakes still hears about each. Pages append
    to it directly."""

    def __init__(self, items=()):
        super().__init__()
        self.kinds: dict[tuple, int] = {}
        self.extend(items)

    def append(self, item) -> None:
        if item in self:
            return  # the same value refused twice says nothing new
        key, fmt = item
        if key == MORE:
            self._count(fmt.get("n", 1))
            return
        kind = (key, fmt.get("param") if isinstance(fmt, dict) else None)
        shown = len(self) - (1 if self._has_more() else 0)
        if self.kinds.get(kind, 0) >= MAX_PER_KIND or shown >= MAX_NOTICES:
            self._count(1)
            return
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        if self._has_more():
            super().insert(len(self) - 1, item)
        else:
            super().append(item)

    def _has_more(self) -> bool:
        return bool(len(self)) and self[-1][0] == MORE

    def _count(self, n: int) -> None:
        if self._has_more():
            self[-1] = (MORE, {"n": self[-1][1]["n"] + n})
        else:
            super().append((MORE, {"n": n}))

    def extend(self, items) -> None:
        for item in items:
            self.append(item)

    def __iadd__(self, items):
        self.extend(items)
        return self

    def __add__(self, items):
        out = Notices(self)
        out.extend(items)
        return out


def cap_lists(query: dict) -> tuple[dict, list[str]]:
    """Each comma list parameter cut to MAX_LIST_ITEMS items (the parameters cut are returned), so
    no page parses thousands of items from a crafted link."""
    out, cut = dict(query), []
    for p in LIST_PARAMS:
        v = out.get(p)
        values = v if isinstance(v, (list, tuple)) else [v]
        capped = []
        for text in values:
            if isinstance(text, str) and text.count(",") >= MAX_LIST_ITEMS:
                text = ",".join(text.split(",", MAX_LIST_ITEMS)[:MAX_LIST_ITEMS])
                if p not in cut:
                    cut.append(p)
            capped.append(text)
        if p in out:
            out[p] = capped if isinstance(v, (list, tuple)) else capped[0]
    return out, cut


class QueryReader:
    def __init__(self, query: dict | str):
        if isinstance(query, str):
            query = dict(parse_qs(query.lstrip("?"), keep_blank_values=True))
        self.notices: list[tuple[str, dict]] = Notices()  # (i18n key, format args)
        query, cut = cap_lists(query)
        for p in cut:
            self.notice("notice.list_cut", param=p, n=MAX_LIST_ITEMS)
        self.migrated: list[str] = []  # names of the migrations that changed this query
        self.query = migrate(query, applied=self.migrated)

    def get(self, key: str) -> str | None:
        """The parameter's text (a repeated one: its last value), None when absent or blank."""
        v = self.query.get(key)
        if isinstance(v, (list, tuple)):
            v = v[-1] if v else None
        return None if v is None or str(v).strip() == "" else str(v).strip()

    def given(self, key: str) -> bool:
        """Present in the address, even if blank (`?w=` means "no weights", not "default")."""
        return key in self.query

    def notice(self, key: str, **fmt) -> None:
        self.notices.append((key, fmt))

    def bad(self, param: str, value) -> None:
        self.notice("notice.bad_param", param=param, value=str(value)[:40])

    def lang(self) -> str:
        lang = self.get("lang")
        if lang is not None and lang.lower() not in LANGS:
            self.notice("notice.bad_lang", value=lang[:40])
            lang = None
        return (lang or DEFAULT_LANG).lower()

    def year(self, param: str, years, default=None):
        """A year parameter: one of `years` (ascending), else `default`; a year outside them leaves
        a notice naming the range (none when there are no years at all)."""
        v = self.get(param)
        if v is None:
            return default
        try:
            y = int(v)
        except ValueError:
            self.bad(param, v)
            return default
        if y not in years:
            if years:
                self.notice("notice.year_out_of_range", year=y, first=years[0], last=years[-1])
            return default
        return y

    def choice(self, param: str, allowed, default: str, *, fold_case: bool = False) -> str:
        v = self.get(param)
        if v is None:
            return default
        if fold_case:
            v = v.lower()
        if v not in allowed:
            self.bad(param, v)
            return default
        return v
