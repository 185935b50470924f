""""Add to slides" without a browser: the `?add=` rules (the paste box's, stricter), the link each
view carries, slide titles from the address and in the deck's language."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.components import add_to_slides
from dashboard.i18n import t
from dashboard.present import deck as dk
from dashboard.present import titles
from dashboard.store import load_store
from tests.layout_walk import walk as _walk

PATHS = ["/", "/explore", "/profile", "/compare", "/score", "/steering", "/peers", "/data"]


@pytest.fixture(scope="module")
def store():
    return load_store()


def refused(raw) -> str:
    with pytest.raises(dk.DeckError) as err:
        dk.add_param(raw, PATHS)
    return err.value.key


def test_add_takes_only_relative_paths_of_the_apps_pages():
    assert dk.add_param("/peers?lang=sl&place=SI-052&k=8", PATHS) == "/peers?lang=sl&place=SI-052&k=8"
    # normalised: no trailing slash, no player parameter, no fragment
    assert dk.add_param("/explore/?lang=de&present=1#map", PATHS) == "/explore?lang=de"
    assert refused("/slides") == "present.error.slides_page"
    assert refused("/slides/?add=%2Fexplore") == "present.error.slides_page"
    assert refused("/explore/../slides") == "present.error.slides_page"   # resolved as a browser does
    assert refused("/./slides?lang=de") == "present.error.slides_page"
    assert refused("/explore/../slides") == "present.error.slides_page"  # resolved as a browser does
    for bad in ("https://evil.example/", "http://127.0.0.1:8050/explore", "//evil.example/x",
                "javascript:alert(1)", "/\\evil.example", "/explore?x=" + "a" * dk.MAX_URL):
        assert refused(bad) == "present.error.paste_url", bad
    for bad in ("/no-such-page", "/%73lides", "/SLIDES"):
        assert refused(bad) == "present.error.unknown_page", bad
    for empty in ("", "   ", None, ["/explore"]):
        assert refused(empty) == "present.error.paste_empty"


def test_link_carries_the_view_to_the_slides_page():
    href = add_to_slides.href("/peers", "?lang=de&place=AT-61108&country=other", "de")
    parts = urlsplit(href)
    assert parts.path == "/slides"
    q = parse_qs(parts.query)
    assert q["lang"] == ["de"] and q["add"] == ["/peers?lang=de&place=AT-61108&country=other"]
    assert dk.add_param(q["add"][0], PATHS) == "/peers?lang=de&place=AT-61108&country=other"
    link = add_to_slides.link("x-add", "/peers", "?lang=sl", "sl")
    assert link.href == add_to_slides.href("/peers", "?lang=sl", "sl")
    assert t("addslides.button", "sl") in link.children[1]


def test_view_titles_name_the_indicator_or_places(store):
    assert titles.view_title("/peers?lang=de&place=AT-61108", "de", store) == \
        f"{t('peers.page_title', 'de')}: Leoben"
    assert titles.view_title("/compare?places=SI-052,AT-61108,ZZ-9", "en", store) == \
        f"{t('compare.page_title', 'en')}: Kranj, Leoben"
    assert titles.view_title("/explore?indicator=tertiary", "sl", store) == \
        f"{t('page.explore', 'sl')}: {store.indicator('tertiary_share')['name_sl']}"   # an old id, migrated
    assert titles.view_title("/profile", "en", store) == t("profile.page_title", "en")


def test_titles_follow_the_decks_language_typed_ones_stay(store):
    def of(url, lang):
        return [titles.view_title(url, lang, store)]
    deck = dk.Deck("Sitzung", (
        dk.Slide("/peers?place=AT-61108", titles.view_title("/peers?place=AT-61108", "de", store), "n"),
        dk.Slide("/profile?place=SI-052", "Kranj for the investors"),
    ))
    sl = titles.in_language(deck, "sl", of)
    assert sl.slides[0].title == titles.view_title("/peers?place=AT-61108", "sl", store) != deck.slides[0].title
    assert sl.slides[0].note == "n" and sl.title == "Sitzung"
    assert sl.slides[1] == deck.slides[1]
    assert titles.in_language(sl, "de", of) == deck




@pytest.mark.parametrize("path, query", [
    ("/explore", {"lang": "de", "indicator": "employment_rate", "colour": "type"}),
    ("/profile", {"lang": "sl", "place": "AT-61766"}),
    ("/compare", {"lang": "en", "places": "SI-052,AT-61108"}),
    ("/score", {"lang": "de"}),
    ("/steering", {"lang": "sl"}),
    ("/peers", {"lang": "en", "place": "AT-61108", "country": "other"}),
])
def test_each_view_carries_an_add_link_to_itself(path, query):
    import dash

    import app  # noqa: F401  (registers the pages)
    page = next(p for p in dash.page_registry.values() if p["path"] == path)
    tree = page["layout"](**query)
    name = path.strip("/")
    link = next(n for n in _walk(tree) if getattr(n, "id", None) == f"{name}-add-slides")
    q = parse_qs(urlsplit(link.href).query)
    assert urlsplit(link.href).path == "/slides" and q["lang"] == [query["lang"]]
    added = dk.add_param(q["add"][0], [p["path"] for p in dash.page_registry.values()])
    assert urlsplit(added).path == path
    got = parse_qs(urlsplit(added).query)
    for k, v in query.items():
        assert got[k] == [v], (k, got)
    assert t("addslides.button", query["lang"]) in link.children[1]
