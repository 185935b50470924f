"""A page's first answer holds the frame and the page together when the browser names the page
(assets/page-address.js sends `X-Innoloc-Page` with Dash's layout request): the page can be drawn
without waiting for the router's callback. Without a usable address the layout is the empty frame
it was, and the router fills it as before."""
from __future__ import annotations

import logging

import dash
import pytest

from dashboard.components import shell
from dashboard.components.guard import ROUTER_OUTPUT

ROUTER_BODY = {
    "output": ROUTER_OUTPUT,
    "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
    "changedPropIds": ["_pages_location.pathname"], "state": [],
}


@pytest.fixture(scope="module")
def client():
    import app

    return app.server.test_client()


def _layout(client, address=None):
    headers = {"Accept-Encoding": ""}
    if address is not None:
        headers[shell.PAGE_HEADER] = address
    r = client.get("/_dash-layout", headers=headers)
    assert r.status_code == 200
    return r.get_json(), r


def _find(node, wanted: str):
    """The component with id `wanted` in Dash's JSON of a layout."""
    if isinstance(node, list):
        return next((hit for item in node if (hit := _find(item, wanted)) is not None), None)
    if isinstance(node, dict):
        props = node.get("props", {})
        if props.get("id") == wanted:
            return node
        return _find(props.get("children"), wanted)
    return None


def _router_answer(client, path: str, search: str) -> dict:
    body = {**ROUTER_BODY, "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                                      {"id": "_pages_location", "property": "search", "value": search}]}
    r = client.post("/_dash-update-component", json=body, headers={"Accept-Encoding": ""})
    assert r.status_code == 200
    return r.get_json()["response"]


@pytest.mark.parametrize("path, search", [("/explore", "?lang=de"), ("/profile", "?lang=sl&place=SI-52"),
                                          ("/", ""), ("/steering", "?lang=en&present=1")])
def test_a_named_page_comes_in_its_frame(client, path, search):
    layout, _ = _layout(client, path + search)
    location = _find(layout, "_pages_location")["props"]
    # as the browser has it: dcc.Location then changes nothing, and no callback waits for it
    assert (location["pathname"], location["search"]) == (path, search)
    routed = _router_answer(client, path, search)
    # the page, put in place as the router's answer would be (a clientside callback)
    assert _find(layout, "shell-first-page")["props"]["data"] == routed["_pages_content"]["children"]
    assert not _find(layout, "_pages_content")["props"].get("children")
    assert _find(layout, "_pages_store")["props"]["data"] == routed["_pages_store"]["data"]
    header, footer, meta = shell.frame_for(path, search)
    assert _find(layout, "shell-meta")["props"]["data"] == meta
    lang = meta["lang"]
    assert lang == (search.split("lang=")[1][:2] if "lang=" in search else "en")
    home = _find(layout, "shell-nav-home")["props"]
    assert home["children"] == shell.t("nav.home", lang) and home["active"] == (path == "/")
    assert _find(layout, "shell-presenting")["props"]["data"] == ("present=1" in search)


@pytest.mark.parametrize("address", [None, "", "explore?lang=de", "/explore?" + "x" * 70_000,
                                     "/explore?lang=de\x07", "/" + "a" * 9_000])
def test_without_a_usable_address_the_frame_is_empty_and_the_router_fills_it(client, address):
    layout, _ = _layout(client, address)
    location = _find(layout, "_pages_location")["props"]
    assert "pathname" not in location and "search" not in location
    assert not _find(layout, "_pages_content")["props"].get("children")
    assert _find(layout, "shell-first-page")["props"].get("data") is None


def test_a_page_that_fails_in_the_frame_opens_through_the_router(client, monkeypatch, caplog):
    entry = next(e for e in dash.page_registry.values() if e["path"] == "/data")

    def broken(**_query):
        raise RuntimeError("data page broken")

    monkeypatch.setitem(entry, "layout", broken)
    with caplog.at_level(logging.ERROR, logger=shell.__name__):
        layout, r = _layout(client, "/data?lang=en&failing=1")
    assert _find(layout, "shell-first-page")["props"].get("data") is None
    assert "pathname" not in _find(layout, "_pages_location")["props"]
    assert "data page broken" in caplog.text


def test_a_pages_layout_is_rendered_once_per_address(client):
    address = "/compare?lang=de&cache=1"
    first, r1 = _layout(client, address)
    second, r2 = _layout(client, address)
    assert (r1.headers["X-Cache"], r2.headers["X-Cache"]) == ("miss", "hit") and first == second
    # shared caches must not hand one page's layout to another address
    assert shell.PAGE_HEADER in r2.headers["Vary"] and shell.PAGE_HEADER in r1.headers["Vary"]
    other, r3 = _layout(client, "/compare?lang=en&cache=1")
    assert r3.headers["X-Cache"] == "miss" and other != first
    assert "X-Cache" not in _layout(client)[1].headers  # the empty frame is not worth a cache entry
