"""A slide's first title, from its address alone, in any language: the page's name, then the
indicator or the places the view names ("Similar municipalities: Leoben"). Because it is computed
from the address, a title the app gave can be recognised and shown in the deck's language.
"""
from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from dashboard.components.migrations import migrate
from dashboard.components.shell import PAGE_TITLES
from dashboard.i18n import LANGS, t

from .deck import MAX_TITLE, Deck, DeckError, Slide

__all__ = ["page_title", "view_title", "in_language"]

MAX_PLACES = 6


def page_title(path: str, lang: str) -> str:
    """A page's name in `lang`: the shell's title, else the page's own `<page>.nav` text, else the
    name the page registered."""
    key = PAGE_TITLES.get(path) or f"{path.strip('/').split('/')[0]}.nav"
    if t(key, lang) != key:
        return t(key, lang)
    import dash
    names = {p["path"]: p["name"] for p in dash.page_registry.values()}
    return names.get(path, path)


def view_title(url: str, lang: str, store) -> str:
    parts = urlsplit(url)
    path = parts.path.rstrip("/") or "/"
    title = page_title(path, lang)
    query = migrate(dict(parse_qsl(parts.query)))
    indicator = query.get("indicator")
    if indicator:
        try:
            title = f"{title}: {store.indicator(indicator)[f'name_{lang}']}"
        except (KeyError, IndexError, ValueError):
            pass
    elif query.get("place") or query.get("places"):  # a profile, peers or compare view: its places
        codes = str(query.get("place") or query.get("places")).split(",")[:MAX_PLACES]
        names = [store.place(c)[f"name_{lang}"] for c in codes if c in store.places.index]
        if names:
            title = f"{title}: {', '.join(names)}"
    return title[:MAX_TITLE]


def in_language(deck: Deck, lang: str, titles_of) -> Deck:
    """Slide titles follow the deck's language: a title the app gave, in any language, is shown
    in `lang`; a title the presenter typed is kept as typed. `titles_of(url, lang)` lists the
    titles the app gives a slide in `lang`, the one to use first."""
    slides = []
    for s in deck.slides:
        try:
            given = {l_: list(titles_of(s.url, l_)) for l_ in LANGS}
        except DeckError:
            given = {}
        if given.get(lang) and any(s.title in v for v in given.values()) and s.title != given[lang][0]:
            s = Slide(s.url, given[lang][0][:MAX_TITLE], s.note)
        slides.append(s)
    return Deck(deck.title, tuple(slides))
