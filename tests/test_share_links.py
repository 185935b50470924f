"""Share links (`/slides?deck=`) that cannot be opened say what is wrong with them, and slide
addresses are checked as the browser resolves them (`/./slides` is the slides page)."""
from __future__ import annotations

import base64
import json
import zlib

import pytest

from dashboard.components.urls import normalize_path
from dashboard.i18n import LANGS, t
from dashboard.present import deck as dk


def _param(compact) -> str:
    raw = compact if isinstance(compact, bytes) else json.dumps(compact).encode()
    return base64.urlsafe_b64encode(zlib.compress(raw)).decode().rstrip("=")


def _key(param) -> str:
    with pytest.raises(dk.DeckError) as err:
        dk.from_param(param)
    return err.value.key


GOOD = dk.Deck("t", (dk.Slide("/explore?lang=de", "a", ""),))


@pytest.mark.parametrize("param,key", [
    ("", "present.error.link_empty"),
    ("A" * 9000, "present.error.link_large"),
    ("not-a-deck", "present.error.link_damaged"),
    (dk.to_param(GOOD)[:20], "present.error.link"),  # cut short
    (_param(b"hello world"), "present.error.link_format"),
    (_param({"v": 7, "s": []}), "present.error.link_version"),
    (_param({"v": 1, "s": [["/explore", "", ""]] * 60}), "present.error.link_too_many"),
    (_param({"v": 1, "s": [["/explore", "", ""], ["/./slides?slide=1", "", ""]]}), "present.error.link_slide_url"),
    (_param({"v": 1, "s": [["/x/../slides", "", ""]]}), "present.error.link_slide_url"),
    (_param({"v": 1, "s": [["/explore", "x" * 500, ""]]}), "present.error.link_title_long"),
])
def test_a_broken_share_link_says_what_is_wrong(param, key):
    assert _key(param) == key
    for lang in LANGS:  # said in every language, with its numbers filled in
        text = t(key, lang, n=2, max=50, version=7)
        assert "{" not in text and text != key


def test_the_messages_differ():
    keys = {"present.error.link", "present.error.link_empty", "present.error.link_large",
            "present.error.link_damaged", "present.error.link_format", "present.error.link_slide_url"}
    assert len({t(k, "en", n=1, max=1) for k in keys}) == len(keys)


@pytest.mark.parametrize("url", ["/./slides?slide=1", "/x/../slides", "/%2e/slides", "/explore/../slides/",
                                 "/x/%2E%2E/slides"])
def test_the_slides_page_cannot_be_a_slide_however_it_is_spelled(url):
    with pytest.raises(dk.DeckError):
        dk.from_dict({"version": 1, "slides": [{"url": url}]})
    with pytest.raises(dk.DeckError):
        dk.normalize_url(url, paths=["/explore", "/data"])


@pytest.mark.parametrize("path,normal", [
    ("/./slides", "/slides"), ("/x/../slides", "/slides"), ("/slides/", "/slides"), ("/", "/"),
    ("/..", "/"), ("/a/b/..", "/a"), ("/explore/.", "/explore"), ("/explore", "/explore"),
])
def test_normalize_path(path, normal):
    assert normalize_path(path) == normal


def test_opening_a_link_offers_to_keep_the_saved_deck():
    import app  # noqa: F401  (registers the pages)
    from dashboard.present import keep

    old = dk.Deck("mine", (dk.Slide("/data", "x", ""), dk.Slide("/explore", "y", "")))
    incoming = dk.to_dict(GOOD)
    shown, previous = keep.offer_to_keep(incoming, dk.to_store(old, 3), {"lang": "de"})
    assert t("present.keep.button", "de", n=2) in json.dumps(shown.to_plotly_json(), default=lambda o: o.to_plotly_json(),
                                                              ensure_ascii=False)
    assert dk.from_dict(previous) == old
    # nothing to lose: no offer
    assert keep.offer_to_keep(incoming, dk.to_store(dk.Deck(), 0), {"lang": "de"})[1] is keep.no_update
    assert keep.offer_to_keep(incoming, dk.to_store(GOOD, 1), {"lang": "de"})[1] is keep.no_update
    # keeping it puts the old deck back, as a new revision
    restored, message = keep.keep_previous(1, previous, dk.to_store(GOOD, 4), {"lang": "de"})
    assert dk.from_store(restored) == (old, 5)
    assert t("present.keep.done", "de", n=2) in str(message.children)
