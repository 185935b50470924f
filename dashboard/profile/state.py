"""The profile's state and its URL: which partner municipality, in which language. A bad value
becomes the default place plus a notice; a name typed without diacritics is found ("trzic")."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from dashboard.components.params import QueryReader
from dashboard.components.state import Parsed, UrlState
from dashboard.components.text import fold
from dashboard.i18n import DEFAULT_LANG

__all__ = ["DEFAULT_PLACE", "ProfileState", "default_place", "match_partner", "parse_query"]

DEFAULT_PLACE = "SI-052"  # Kranj, the first partner in the project's own order


@dataclass(frozen=True)
class ProfileState(UrlState):
    place: str
    lang: str = DEFAULT_LANG

    def to_query(self) -> str:
        return "?" + urlencode({"lang": self.lang, "place": self.place})


def default_place(store) -> str:
    partners = store.partners()
    return DEFAULT_PLACE if DEFAULT_PLACE in partners else partners[0]


def match_partner(store, raw: str) -> str | None:
    """A partner code from what a person may type into a URL: the code in any case, or the name
    without diacritics ("trzic" -> SI-131)."""
    partners = store.partners()
    by_code = {c.casefold(): c for c in partners}
    if raw.casefold() in by_code:
        return by_code[raw.casefold()]
    by_name = {fold(store.place(c)["name"]): c for c in partners}
    return by_name.get(fold(raw))


def parse_query(query: dict | str, store) -> Parsed[ProfileState]:
    """URL parameters -> a valid state; a bad value becomes the default plus a notice."""
    r = QueryReader(query)
    notices = r.notices
    lang = r.lang()
    raw = r.get("place")
    place = default_place(store)
    if raw is not None:
        found = match_partner(store, raw)
        if found is None:
            notices.append(("profile.notice.bad_place", {"value": raw, "name": store.place(place)["name"]}))
        else:
            place = found
    return Parsed(ProfileState(place=place, lang=lang), notices)
