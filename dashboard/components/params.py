"""Reading a page's URL parameters into its state: each parameter is valid, missing (-> default)
or unusable (-> default plus a notice the page shows), so a broken link never becomes an error
page. Shared by every page that keeps its state in the address.

Before anything is read, the query goes through the URL migrations (dashboard/components/migrations.py):
renamed parameters and indicator ids of old links are brought up to today's names, silently."""
from __future__ import annotations

from urllib.parse import parse_qs

from dashboard.components.migrations import migrate
from dashboard.i18n import DEFAULT_LANG, LANGS


class QueryReader:
    def __init__(self, query: dict | str):
        if isinstance(query, str):
            query = dict(parse_qs(query.lstrip("?"), keep_blank_values=True))
        self.migrated: list[str] = []  # names of the migrations that changed this query
        self.query = migrate(query, applied=self.migrated)
        self.notices: list[tuple[str, dict]] = []  # (i18n key, format args)

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
