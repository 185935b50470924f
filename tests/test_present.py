"""The slide deck model (files, links, pasted addresses) and the shell's presentation switch, as
plain functions. Every way a deck comes in is untrusted text: these tests pin what is refused."""
from __future__ import annotations

import base64
import json
import re
import zlib
from pathlib import Path

import pytest

from dashboard.components import shell
from dashboard.i18n import LANGS, t
from dashboard.present import deck as dk
from dashboard.present.deck import Deck, DeckError, Slide

DECK = Deck("Seja usmerjevalne skupine – Gemeinde Größe", (
    Slide("/explore?lang=sl&indicator=population&year=2023&sel=SI-052,AT-62141", "Število prebivalcev", "Kranj in Tržič"),
    Slide("/data?lang=de&indicator=unemployment_rate", "Arbeitslosenquote", "Definitionen: SI ≠ AT"),
    Slide("/", "Übersicht"),
))


def error_of(call, *args, **kwargs) -> DeckError:
    with pytest.raises(DeckError) as info:
        call(*args, **kwargs)
    return info.value


def file_with(**changes) -> str:
    data = dk.to_dict(DECK)
    data.update(changes)
    return json.dumps(data)


# ---- file -------------------------------------------------------------------------------------

def test_json_round_trip_keeps_everything_and_diacritics():
    text = dk.to_json(DECK)
    assert dk.from_json(text) == DECK
    assert dk.from_json(text.encode("utf-8")) == DECK
    assert "Größe" in text and "Število" in text  # readable, not \\u-escaped
    data = json.loads(text)
    assert data["version"] == dk.VERSION and data["format"] == dk.FORMAT
    assert [s["url"] for s in data["slides"]] == [s.url for s in DECK.slides]


def test_json_accepts_a_byte_order_mark_and_missing_optional_fields():
    text = json.dumps({"version": 1, "slides": [{"url": "/data"}]})
    assert dk.from_json(b"\xef\xbb\xbf" + text.encode()) == Deck("", (Slide("/data"),))


@pytest.mark.parametrize("text", ["", "{", "not json", "{'version': 1}", "[1, 2", "\x00\x01"])
def test_broken_json_is_an_error_key(text):
    assert error_of(dk.from_json, text).key == "present.error.json"


def test_bytes_that_are_not_utf8():
    assert error_of(dk.from_json, b"\xff\xfe{\x00").key == "present.error.json"


@pytest.mark.parametrize("data,key", [
    ([], "present.error.format"),
    ({"version": 1}, "present.error.format"),
    ({"version": 1, "slides": "x"}, "present.error.format"),
    ({"slides": []}, "present.error.format"),
    ({"format": "something-else", "version": 1, "slides": []}, "present.error.format"),
    ({"version": 2, "slides": []}, "present.error.version"),
    ({"version": "1", "slides": []}, "present.error.version"),
    ({"version": True, "slides": []}, "present.error.version"),
    ({"version": 1, "slides": ["/data"]}, "present.error.slide"),
    ({"version": 1, "slides": [{"url": "/data", "title": 5}]}, "present.error.slide"),
    ({"version": 1, "slides": [{"title": "no url"}]}, "present.error.slide_url"),
    ({"version": 1, "title": 7, "slides": []}, "present.error.deck_title"),
])
def test_malformed_files(data, key):
    assert error_of(dk.from_json, json.dumps(data)).key == key


@pytest.mark.parametrize("url", [
    "http://example.com/explore", "https://evil.example/", "//evil.example/explore", "javascript:alert(1)",
    "JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>", "/\\evil.example", "explore?lang=de",
    "/explore?x=1 2", "/explore\n", "", "ftp://127.0.0.1/", "/slides?lang=en",
])
def test_external_and_odd_addresses_are_refused(url):
    err = error_of(dk.from_json, json.dumps({"version": 1, "slides": [{"url": "/data"}, {"url": url}]}))
    assert err.key == "present.error.slide_url"
    assert err.fmt == {"n": 2}  # says which slide


def test_too_many_slides():
    many = [{"url": f"/explore?year={2000 + i}"} for i in range(dk.MAX_SLIDES + 1)]
    err = error_of(dk.from_json, json.dumps({"version": 1, "slides": many}))
    assert err.key == "present.error.too_many" and err.fmt == {"n": 51, "max": 50}
    assert len(dk.from_json(json.dumps({"version": 1, "slides": many[:dk.MAX_SLIDES]}))) == dk.MAX_SLIDES


def test_title_and_note_limits():
    ok = {"version": 1, "slides": [{"url": "/", "title": "t" * 120, "note": "n" * 1000}]}
    assert dk.from_json(json.dumps(ok)).slides[0].title == "t" * 120
    long_title = {"version": 1, "slides": [{"url": "/", "title": "t" * 121}]}
    assert error_of(dk.from_json, json.dumps(long_title)).key == "present.error.title_long"
    long_note = {"version": 1, "slides": [{"url": "/", "note": "n" * 1001}]}
    assert error_of(dk.from_json, json.dumps(long_note)).key == "present.error.note_long"


def test_oversized_file():
    assert error_of(dk.from_json, b" " * (dk.MAX_FILE_BYTES + 1)).key == "present.error.file_large"


def test_upload_contents():
    payload = base64.b64encode(dk.to_json(DECK).encode()).decode()
    assert dk.from_upload("data:application/json;base64," + payload) == DECK
    assert error_of(dk.from_upload, "data:application/json;base64,@@@").key == "present.error.json"
    assert error_of(dk.from_upload, None).key == "present.error.json"
    broken = base64.b64encode(b'{"version": 1, "slides": [').decode()
    assert error_of(dk.from_upload, "data:application/json;base64," + broken).key == "present.error.json"


# ---- link -------------------------------------------------------------------------------------

def test_param_round_trip_is_url_safe():
    param = dk.to_param(DECK)
    assert re.fullmatch(r"[A-Za-z0-9_-]+", param)
    assert dk.from_param(param) == DECK
    assert dk.from_param(dk.to_param(Deck())) == Deck()


@pytest.mark.parametrize("param", ["", "   ", "not-a-deck", "eJzLSM3JyVcozy_KSQEAGgQEXQ", "!!!", None, "A" * 9000])
def test_broken_links(param):
    assert error_of(dk.from_param, param).key.startswith("present.error.link")  # which: tests/test_share_links.py


def test_truncated_link():
    param = dk.to_param(DECK)
    assert error_of(dk.from_param, param[: len(param) // 2]).key == "present.error.link"


def test_link_with_external_address_is_refused():
    evil = {"v": 1, "t": "", "s": [["https://evil.example/", "x", ""]]}
    param = base64.urlsafe_b64encode(zlib.compress(json.dumps(evil).encode())).decode().rstrip("=")
    assert error_of(dk.from_param, param).key == "present.error.link_slide_url"


def test_link_cannot_inflate_without_bound():
    bomb = base64.urlsafe_b64encode(zlib.compress(b"[" * 5_000_000, 9)).decode().rstrip("=")
    assert len(bomb) < dk.MAX_LINK * 4
    assert error_of(dk.from_param, bomb).key == "present.error.link_large"


def test_share_link_and_its_length_limit():
    link = dk.share_link(DECK, "de", "http://127.0.0.1:8050")
    assert link.startswith("http://127.0.0.1:8050/slides?lang=de&deck=")
    assert len(link) <= dk.MAX_LINK
    assert dk.from_param(link.split("deck=", 1)[1]) == DECK
    # notes that do not compress (distinct words) make the link too long: the file is the way
    words = [f"w{i * 7919 % 100003:x}" for i in range(4000)]
    big = Deck("", tuple(Slide(f"/explore?year={2000 + i}", f"Slide {i}", " ".join(words[i * 100:(i + 1) * 100])[:1000])
                         for i in range(30)))
    err = error_of(dk.share_link, big, "en", "http://127.0.0.1:8050")
    assert err.key == "present.error.too_long"
    assert err.fmt["max"] == dk.MAX_LINK and err.fmt["n"] > dk.MAX_LINK
    assert dk.from_json(dk.to_json(big)) == big  # ...and the file still carries it


# ---- pasted addresses, the player's iframe -----------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("/explore?lang=de&level=regions", "/explore?lang=de&level=regions"),
    ("  /data?lang=sl&indicator=population  ", "/data?lang=sl&indicator=population"),
    ("http://127.0.0.1:8050/explore?lang=en&sel=SI-052,AT-62141", "/explore?lang=en&sel=SI-052,AT-62141"),
    ("http://localhost:8050/data", "/data"),
    ("https://dash.example.org/explore?lang=de", "/explore?lang=de"),  # the host serving the page
    ("http://127.0.0.1:8050/explore?lang=de&present=1#map", "/explore?lang=de"),
    ("http://127.0.0.1:8050", "/"),
])
def test_pasted_addresses_are_normalised(text, expected):
    assert dk.normalize_url(text, host="dash.example.org", paths=["/", "/explore", "/data"]) == expected


@pytest.mark.parametrize("text,key", [
    ("", "present.error.paste_empty"),
    ("https://evil.example/explore", "present.error.paste_url"),
    ("http://127.0.0.1.evil.example/explore", "present.error.paste_url"),
    ("//127.0.0.1/explore", "present.error.paste_url"),
    ("javascript:alert(1)", "present.error.paste_url"),
    ("explore?lang=de", "present.error.paste_url"),
    ("/\\evil.example", "present.error.paste_url"),
    ("/slides?lang=de", "present.error.slides_page"),
    ("/nowhere?lang=de", "present.error.unknown_page"),
])
def test_pasted_addresses_refused(text, key):
    assert error_of(dk.normalize_url, text, host="dash.example.org", paths=["/", "/explore", "/data"]).key == key


def test_slide_src_sets_language_and_presentation_mode():
    src = dk.slide_src("/explore?lang=en&indicator=population&present=0&sel=SI-052,AT-62141", "sl")
    assert src == "/explore?lang=sl&indicator=population&sel=SI-052,AT-62141&present=1"
    assert dk.slide_src("/", "de") == "/?lang=de&present=1"
    with pytest.raises(DeckError):
        dk.slide_src("https://evil.example/", "de")


# ---- editing ----------------------------------------------------------------------------------

def test_editing_is_pure_and_bounded():  # moving and deleting: tests/browser/test_slides_edit.py
    edited = DECK.edit(2, title="  x" * 100, note="y" * 2000)
    assert len(edited.slides[2].title) == dk.MAX_TITLE and len(edited.slides[2].note) == dk.MAX_NOTE
    assert DECK.retitle("  Neu  ").title == "Neu"
    full = Deck("", tuple(Slide("/") for _ in range(dk.MAX_SLIDES)))
    assert error_of(full.add, Slide("/data")).key == "present.error.full"


def test_browser_copy_round_trip_and_damage():
    assert dk.from_store(dk.to_store(DECK, 7)) == (DECK, 7)
    assert dk.from_store(None) == (Deck(), 0)
    assert dk.from_store({"deck": {"version": 1, "slides": [{"url": "https://evil.example/"}]}, "rev": 3}) == (Deck(), 3)
    assert dk.from_store({"deck": "garbage", "rev": True}) == (Deck(), 0)


def test_every_edit_takes_all_fields_texts():
    titles = ["Eins", "Zwei", "Drei"]
    notes = ["", "Notiz", ""]
    synced = dk.with_texts(DECK, titles, notes, " Titel ")
    assert [s.title for s in synced.slides] == titles and synced.slides[1].note == "Notiz"
    assert synced.title == "Titel" and [s.url for s in synced.slides] == [s.url for s in DECK.slides]
    # fields that show another deck (a list not yet redrawn) are ignored
    assert dk.with_texts(DECK, ["a"], ["b"], None) == DECK
    assert dk.with_texts(DECK, None, None, None) == DECK


# ---- texts --------------------------------------------------------------------------------------

def test_every_error_key_is_translated():
    source = Path(dk.__file__).read_text(encoding="utf-8")
    keys = set(re.findall(r'"(present\.error\.[a-z_]+)"', source))
    assert len(keys) >= 15
    for key in keys:
        for lang in LANGS:
            assert t(key, lang) != key, f"{key} has no {lang} text"
    assert len({t("present.error.link", lang) for lang in LANGS}) == 3


# ---- the shell's switch -------------------------------------------------------------------------

def _find(component, predicate):
    if predicate(component):
        yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if child is not None and not isinstance(child, (str, int, float)):
            yield from _find(child, predicate)


def test_navbar_has_a_present_button_except_on_the_slides_page():
    def present_buttons(path):
        nav = shell.navbar("de", path, {"lang": "de"})
        return list(_find(nav, lambda c: getattr(c, "id", None) == "shell-present"))
    [button] = present_buttons("/explore")
    assert getattr(button, "data-present-action") == "enter"
    assert t("present.mode.start", "de") in str(button.children)
    assert present_buttons("/slides") == []


def test_present_bar_follows_the_language():
    bar = shell.present_bar_for("?lang=sl&present=1")
    actions = {getattr(c, "data-present-action") for c in _find(bar, lambda c: getattr(c, "data-present-action", None))}
    assert {"exit", "fullscreen"} <= actions
    assert t("present.mode.exit", "sl") in str(bar)
    assert shell.frame_for("/slides", "?lang=de")[2]["title"].startswith(t("present.page_title", "de"))


def test_language_switch_does_not_resend_a_shared_deck():
    nav = shell.navbar("de", "/slides", {"lang": "de", "deck": "eJxx", "slide": "2"})
    [sl] = list(_find(nav, lambda c: getattr(c, "id", None) == "shell-lang-sl"))
    assert sl.href == "/slides?lang=sl&slide=2"
