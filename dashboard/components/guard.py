"""Callbacks read what the browser sends back, and the browser can send anything: every callback
that reads a `dcc.Store` or a control's value checks it with the page's own URL rules
(`UrlState.from_client`) or the small checks below, and a refusal (`InvalidState`) becomes
`dash.no_update` for every output plus a notice where the page has a notice area; never an error.
"""
from __future__ import annotations

import functools
import math

from dash import ctx, no_update

from dashboard.components.notices import notice
from dashboard.components.state import BAD_STATE, MAX_ITEMS, MAX_TEXT, InvalidState
from dashboard.i18n import DEFAULT_LANG, LANGS

__all__ = ["InvalidState", "refuse_invalid", "number", "texts", "text", "lang_of", "dict_or_refuse"]


def lang_of(*stores) -> str:
    """The reader's language from the first store that names a valid one (for a refusal notice)."""
    for s in stores:
        if isinstance(s, dict):
            lang = s.get("lang")
            if isinstance(lang, str) and lang in LANGS:
                return lang
            inner = s.get("config")  # the score wraps its state
            if isinstance(inner, dict) and isinstance(inner.get("lang"), str) and inner["lang"] in LANGS:
                return inner["lang"]
    return DEFAULT_LANG


def _nothing():
    """`no_update` in the shape of the callback's outputs (a list for each wildcard output)."""
    outs = ctx.outputs_list
    if isinstance(outs, dict):  # a single output
        return no_update
    return tuple([no_update] * len(o) if isinstance(o, list) else no_update for o in outs)


def refuse_invalid(notice_at: int | None = None, *, lang_from=()):
    """Decorate a callback: an `InvalidState` raised inside answers `no_update` everywhere, and
    (when `notice_at` is the index of the page's notice output) a notice in the reader's language,
    taken from the arguments at the positions `lang_from` (stores that may hold it)."""

    def wrap(func):
        @functools.wraps(func)
        def inner(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except InvalidState:
                out = _nothing()
                if notice_at is None:
                    return out
                lang = lang_of(*(args[i] for i in lang_from if i < len(args)))
                out = list(out)
                out[notice_at] = [notice(BAD_STATE, lang)]
                return tuple(out)
        return inner
    return wrap


def number(v, *, integer: bool = False, optional: bool = False):
    """A numeric control value (a slider, a year dropdown), else `InvalidState`."""
    if v is None and optional:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or abs(v) > 1e12:
        raise InvalidState()
    if integer:
        if float(v) != int(v):
            raise InvalidState()
        return int(v)
    return v


def text(v, *, optional: bool = True) -> str | None:
    """A text control value (a dropdown's code, a radio's choice), else `InvalidState`."""
    if v is None and optional:
        return None
    if not isinstance(v, str) or len(v) > MAX_TEXT:
        raise InvalidState()
    return v


def texts(v, *, max_items: int = MAX_ITEMS) -> list[str]:
    """A multi-select's value: a list of texts (None = empty), else `InvalidState`."""
    if v is None:
        return []
    if not isinstance(v, list) or len(v) > max_items or not all(isinstance(x, str) and len(x) <= 200 for x in v):
        raise InvalidState()
    return v


def dict_or_refuse(v) -> dict:
    if not isinstance(v, dict):
        raise InvalidState()
    return v




# ---- Dash's own page router -----------------------------------------------------------------

ROUTER_OUTPUT = ".._pages_content.children..._pages_store.data.."  # Dash's page router
MAX_PATH = 2048
# A query string may be long (a crafted link with thousands of list items): the URL parsers cut
# lists and notices (components/params.py), so such a link shows its page with a few notices.
MAX_QUERY = 64 * 1024


def _bad_router_body(body) -> bool:
    """The page router's inputs are the browser's location: a path and a query string (or null)."""
    for item in body.get("inputs") or []:
        if not isinstance(item, dict) or item.get("id") != "_pages_location":
            continue
        value = item.get("value")
        if value is None:
            continue
        limit = MAX_QUERY if item.get("property") == "search" else MAX_PATH * 4
        if not isinstance(value, str) or len(value) > limit:
            return True
        if item.get("property") == "pathname" and not value.startswith("/"):
            return True
    return False


def _wrong_shape(body, callback_map) -> bool:
    """A body for a callback the app has, but with more or fewer inputs or states than that
    callback declares (Dash answers those with an IndexError, a 500)."""
    spec = callback_map.get(body["output"]) if callback_map is not None else None
    if spec is None:
        return False  # an unknown callback: Dash answers it itself
    return (len(body["inputs"]) != len(spec.get("inputs", []))
            or len(body.get("state", [])) != len(spec.get("state", [])))


def guard_requests(server, app=None) -> None:
    """Refuse (400) callback requests that are not a callback body at all, bodies whose inputs
    and states do not fit the callback they name (with `app`), and router requests whose
    location is not a path and a query string; Dash's own callbacks are not ours to edit."""
    import flask

    @server.before_request
    def _check_callback_body():
        if flask.request.method != "POST" or not flask.request.path.endswith("/_dash-update-component"):
            return None
        body = flask.request.get_json(silent=True)
        if (not isinstance(body, dict) or not isinstance(body.get("output"), str)
                or not isinstance(body.get("inputs"), list) or not isinstance(body.get("state", []), list)
                or not isinstance(body.get("changedPropIds", []), list)):
            return flask.Response("Malformed callback request.", status=400, mimetype="text/plain")
        if app is not None and _wrong_shape(body, app.callback_map):
            return flask.Response("Callback request does not fit its callback.", status=400,
                                  mimetype="text/plain")
        if body["output"].startswith(ROUTER_OUTPUT) and _bad_router_body(body):
            return flask.Response("Malformed location.", status=400, mimetype="text/plain")
        return None


# ---- paths that are not a page, and malformed requests for Dash's own files ---------------------

SUITES = "/_dash-component-suites/"
_INDEX_ENDPOINTS = ("/", "/<path:path>")  # Dash's catch-all routes that answer every page


def is_page_path(path: str) -> bool:
    """A path the page router shows a real page for (the registry's paths and templates); the
    "not found" page itself is not one."""
    from dash._pages import _path_to_page  # the router's own matching, so both always agree

    page, _ = _path_to_page(path.strip("/"))
    return bool(page) and page.get("path") != "/404"


def guard_paths(server) -> None:
    """Unknown pages answer 404 (the router still draws the friendly page); requests for Dash's
    component files that name no such package or file answer 400 instead of 500."""
    import flask
    from dash.exceptions import DependencyException

    endpoint = next(r.endpoint for r in server.url_map.iter_rules() if r.rule.startswith(SUITES))
    view = server.view_functions[endpoint]

    @functools.wraps(view)
    def suites(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except (DependencyException, OSError, ValueError, KeyError, UnicodeError):
            return flask.Response("No such file.", status=400, mimetype="text/plain")

    server.view_functions[endpoint] = suites

    @server.before_request
    def _check_suites_path():
        # Dash's file route wants a package and a file; anything shorter fell to the page route.
        if flask.request.path.startswith(SUITES) and flask.request.endpoint != endpoint:
            return flask.Response("No such file.", status=400, mimetype="text/plain")
        return None

    @server.after_request
    def _not_found_status(response):
        if (flask.request.endpoint in _INDEX_ENDPOINTS and response.status_code == 200
                and not is_page_path(flask.request.path)):
            response.status_code = 404
        return response
