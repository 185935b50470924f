"""A link with thousands of unusable list items shows a few notices and "and N more", not one
notice per item, and is read quickly: the list is cut before parsing."""
from __future__ import annotations

import json
import time

import pytest

from dashboard.components.params import MAX_LIST_ITEMS, MAX_NOTICES, MAX_PER_KIND, MORE, Notices
from dashboard.store import load_store

FLOOD = 5000


@pytest.fixture(scope="module")
def store():
    return load_store()


def _flood(item: str) -> str:
    """FLOOD different unusable items (`nope:3` -> `nope0:3,nope1:3,…`)."""
    head, sep, rest = item.partition(":")
    return ",".join(f"{head}{i}{sep}{rest}" for i in range(FLOOD))


CASES = {  # page -> (parse module, query)
    "explore sel": ("dashboard.explore.state", {"sel": _flood("x")}),
    "explore sel, empty items": ("dashboard.explore.state", {"sel": "x," * FLOOD}),
    "compare places": ("dashboard.compare.state", {"places": _flood("nope")}),
    "score w": ("dashboard.score.state", {"w": _flood("nope:3")}),
    "score inv": ("dashboard.score.state", {"inv": _flood("nope")}),
    "score f": ("dashboard.score.state", {"f": _flood("nope:min:1")}),
    "steering ind": ("dashboard.steering.state", {"ind": _flood("nope")}),
}


@pytest.mark.parametrize("case", CASES)
def test_a_flooded_list_gives_a_few_notices_and_a_count(store, case):
    import importlib

    module, query = CASES[case]
    parse = importlib.import_module(module).parse_query
    started = time.perf_counter()
    parsed = parse(query, store)
    assert time.perf_counter() - started < 1.0
    assert 1 <= len(parsed.notices) <= MAX_NOTICES + 1
    if case != "explore sel, empty items":
        key, fmt = parsed.notices[-1]
        assert key == MORE and fmt["n"] >= 1


@pytest.mark.parametrize("path,query", [
    ("explore", {"sel": "x," * FLOOD}),
    ("explore", {"sel": _flood("x")}),
    ("compare", {"places": _flood("nope")}),
    ("score", {"w": _flood("nope:2"), "inv": _flood("nope"), "f": _flood("a:min:1")}),
    ("steering", {"ind": _flood("nope")}),
])
def test_the_page_shows_at_most_a_few_warnings(path, query):
    import importlib

    import app  # noqa: F401  (registers the pages)

    layout = importlib.import_module(f"dashboard.pages.{path}").layout(lang="de", **query)
    text = json.dumps(layout.to_plotly_json(), default=lambda o: o.to_plotly_json())
    assert text.count("page-notice") <= MAX_NOTICES + 1
    assert len(text) < 300_000


def test_notices_count_what_they_leave_out():
    notices = Notices()
    for i in range(10):
        notices.append(("notice.bad_param", {"param": "sel", "value": str(i)}))
    assert notices[:MAX_PER_KIND] == [("notice.bad_param", {"param": "sel", "value": str(i)})
                                      for i in range(MAX_PER_KIND)]
    assert notices[-1] == (MORE, {"n": 10 - MAX_PER_KIND})
    # another parameter's mistake is still shown, before the count
    notices.append(("notice.bad_param", {"param": "year", "value": "abc"}))
    assert notices[-2] == ("notice.bad_param", {"param": "year", "value": "abc"})
    assert (notices + [("a", {})])[-2] == ("a", {})
    notices.append(("notice.bad_param", {"param": "sel", "value": "0"}))  # shown already: not counted
    assert notices[-1] == (MORE, {"n": 10 - MAX_PER_KIND})
    many = Notices((f"k{i}", {}) for i in range(40))
    assert len(many) == MAX_NOTICES + 1 and many[-1] == (MORE, {"n": 40 - MAX_NOTICES})


def test_a_long_list_is_cut_with_a_notice(store):
    from dashboard.explore.state import parse_query

    parsed = parse_query({"sel": ",".join(store.partners() * 20)}, store)
    assert parsed.notices[0] == ("notice.list_cut", {"param": "sel", "n": MAX_LIST_ITEMS})


def test_every_notice_text_exists_in_every_language():
    from dashboard.i18n import LANGS, t

    for lang in LANGS:
        assert "7" in t(MORE, lang, n=7)
        assert "64" in t("notice.list_cut", lang, param="sel", n=64)
        assert "2009" in t("notice.start_after_end", lang, start=2020, year=2010, used=2009)


def test_a_flooded_link_opens_its_page_with_a_few_notices():
    """Through the page router, as a browser opens `/explore?sel=x,x,…` (10 kB of address)."""
    import app

    body = {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [{"id": "_pages_location", "property": "pathname", "value": "/explore"},
                   {"id": "_pages_location", "property": "search", "value": "?lang=de&sel=" + "x," * FLOOD}],
        "changedPropIds": ["_pages_location.pathname"],
    }
    r = app.server.test_client().post("/_dash-update-component", json=body)
    assert r.status_code == 200
    text = r.get_data(as_text=True)
    assert 1 <= text.count("page-notice") <= MAX_NOTICES + 1
    assert "explore-map" in text  # the page itself is there
