"""Slides: line up saved views, then present them full screen with the keyboard or a clicker.

The deck lives in the browser (`dcc.Store`, local storage) so it survives reloads and works with
no network; it travels as a JSON file or, while short enough, inside a link (`?deck=`). The player
shows each slide's view in a same-origin iframe in presentation mode; the current slide is in the
address (`&slide=2`) so a reload keeps the place. Deck logic: `dashboard.present.deck`; keys and
full screen: `assets/present.js`.
"""
from __future__ import annotations

import json
from urllib.parse import urlsplit

import dash
import dash_bootstrap_components as dbc
import flask
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update

from dashboard.components import follow
from dashboard.components.guard import lang_of
from dashboard.components.ids import make_ids
from dashboard.components.notices import lang_notices, notice
from dashboard.components.urls import first
from dashboard.i18n import LANGS, resolve_lang, t
from dashboard.present import deck as dk
from dashboard.present import keep, titles
from dashboard.store import load_store

dash.register_page(__name__, path="/slides", name="Slides", order=90)

ids = make_ids("slides")
SHELL_LANG_BUTTONS = [f"shell-lang-{code}" for code in LANGS]
HIDDEN_PAGES = ("/slides", "/404")
EXTRA_VIEWS = (("/explore?level=regions", "present.quick.explore_regions"),)
PROFILE_PATH = "/profile"   # "+ Location profile" adds the place chosen beside it


# ---- plain helpers (no callbacks) -------------------------------------------------------------

def page_paths() -> list[str]:
    """Pages a slide may show: every registered page but this one and the 404 page."""
    return [p["path"] for p in sorted(dash.page_registry.values(), key=lambda p: (p.get("order") or 0, p["path"]))
            if p["path"] not in HIDDEN_PAGES and not p.get("path_template")]


def page_title(path: str, lang: str) -> str:
    """A page's name in `lang` (dashboard.present.titles)."""
    return titles.page_title(path, lang)


def quick_views(lang: str) -> list[tuple[str, str]]:
    """(address, label) of the views the quick-add buttons offer: each page, plus a few set ups."""
    views = [(path, page_title(path, lang)) for path in page_paths() if path != PROFILE_PATH]
    views += [(url, t(key, lang)) for url, key in EXTRA_VIEWS if urlsplit(url).path in page_paths()]
    return views


def default_title(url: str, lang: str) -> str:
    """A first title for a new slide: the page, and the indicator or places the view names."""
    return titles.view_title(url, lang, load_store())


def app_titles(url: str, lang: str) -> list[str]:
    """The titles this page gives a slide in `lang`: its quick-add label, its view title."""
    label = dict(quick_views(lang)).get(url)
    return [x[:dk.MAX_TITLE] for x in (label, default_title(url, lang)) if x]


def in_language(deck: dk.Deck, lang: str) -> dk.Deck:
    """Slide titles follow the deck's language (dashboard.present.titles.in_language)."""
    return titles.in_language(deck, lang, app_titles)


def view_to_add(raw, lang: str):
    """`?add=` of the slides page -> ({url, title}, None) or (None, the refusal's notices)."""
    try:
        url = dk.add_param(raw, page_paths())
    except dk.DeckError as err:
        return None, [refusal(err, lang)]
    return {"url": url, "title": default_title(url, lang)}, []


def refusal(err: dk.DeckError, lang: str):
    """Why a view was not added, and that the slides already there are kept: one notice."""
    alert = error_notice(err, lang)
    alert.children = [html.Div(alert.children), html.Div(t("present.kept", lang), className="small slides-kept")]
    return alert


def error_notice(err: dk.DeckError, lang: str):
    return notice(err.key, lang, **err.fmt)


def info(key: str, lang: str, **fmt):
    return dbc.Alert(t(key, lang, **fmt), color="success", className="page-notice slides-info py-2",
                     dismissable=True)


def _host() -> str | None:
    try:
        return flask.request.host
    except RuntimeError:  # outside a request (tests)
        return None


def _base() -> str:
    try:
        return flask.request.host_url.rstrip("/")
    except RuntimeError:
        return ""


# ---- layout -----------------------------------------------------------------------------------

def _slide_item(i: int, slide: dk.Slide, count: int, lang: str):
    n = i + 1
    return html.Li([
        html.Div([
            html.Span(str(n), className="slide-number", **{"aria-hidden": "true"}),
            html.Label([  # a wrapping label: pattern-matching ids cannot be a label's `for`
                html.Span(t("present.slide.title", lang, n=n), className="visually-hidden"),
                dbc.Input(id={"type": ids("title"), "index": i}, value=slide.title, maxLength=dk.MAX_TITLE,
                          debounce=True, placeholder=t("present.slide.title_placeholder", lang),
                          className="slide-title-input"),
            ], className="flex-grow-1 mb-0"),
            html.Div([
                html.Button("\u2191", id={"type": ids("up"), "index": i}, type="button", disabled=i == 0,
                            className="btn btn-outline-secondary btn-sm", title=t("present.slide.up", lang),
                            **{"aria-label": t("present.slide.up", lang)}),
                html.Button("\u2193", id={"type": ids("down"), "index": i}, type="button", disabled=i == count - 1,
                            className="btn btn-outline-secondary btn-sm", title=t("present.slide.down", lang),
                            **{"aria-label": t("present.slide.down", lang)}),
                html.Button("\u2715", id={"type": ids("delete"), "index": i}, type="button",
                            className="btn btn-outline-danger btn-sm", title=t("present.slide.delete", lang),
                            **{"aria-label": t("present.slide.delete", lang)}),
            ], className="btn-group slide-tools", role="group"),
        ], className="slide-row"),
        html.Label([
            html.Span(t("present.slide.note", lang, n=n), className="visually-hidden"),
            dbc.Textarea(id={"type": ids("note"), "index": i}, value=slide.note, maxLength=dk.MAX_NOTE,
                         debounce=True, placeholder=t("present.slide.note_placeholder", lang),
                         className="slide-note-input", rows=2),
        ], className="d-block mb-0"),
        html.A(slide.url, href=slide.url, target="_blank", className="slide-url small", title=t("present.slide.open", lang)),
    ], className="slide-item", **{"data-url": slide.url})


def _profile_adder(lang: str):
    """"+ Location profile" for a chosen partner (the profile page's own button adds the one viewed)."""
    store = load_store()
    from dashboard.profile.state import default_place
    return html.Div([
        html.Label(t("addslides.profile", lang), htmlFor=ids("profile-place"), className="small mb-0"),
        html.Div(dcc.Dropdown(id=ids("profile-place"), value=default_place(store), clearable=False,
                              options=[{"label": store.place(c)[f"name_{lang}"], "value": c}
                                       for c in store.partners()]), style={"minWidth": "12rem"}),
        html.Button(["+ ", t("addslides.profile_button", lang)], id=ids("add-profile"), type="button",
                    className="btn btn-outline-primary btn-sm"),
    ], className="d-flex flex-wrap align-items-center gap-2 mt-2 profile-adder")


def offers(lang: str) -> dict:
    """The slides the quick buttons and the profile adder add, made here so the browser adds them
    at once (quick clicks never overtake each other on the way to the server), with the notices
    it may show, as the server would."""
    store = load_store()
    paths = page_paths()
    quick = {url: {"url": dk.normalize_url(url, paths=paths), "title": label[:dk.MAX_TITLE]}
             for url, label in quick_views(lang)}
    profile = {}
    for code in store.partners():
        url = dk.normalize_url(f"{PROFILE_PATH}?place={code}", paths=paths)
        profile[code] = {"url": url, "title": default_title(url, lang)[:dk.MAX_TITLE]}
    return {"quick": quick, "profile": profile, "max": dk.MAX_SLIDES, "empty": dk.to_store(dk.Deck(), 0),
            "full": t("present.error.full", lang, max=dk.MAX_SLIDES), "place": t("addslides.error.place", lang)}


def slide_list(deck: dk.Deck, lang: str):
    if not deck.slides:
        return html.P(t("present.empty", lang), className="slides-empty text-body-secondary mb-0")
    return html.Ol([_slide_item(i, s, len(deck), lang) for i, s in enumerate(deck.slides)], className="slide-list")


def layout(lang=None, deck=None, slide=None, add=None, **query):
    raw_lang = first(lang)
    lang, lang_notice = resolve_lang(raw_lang)
    notices = lang_notices(lang_notice, raw_lang, lang)
    incoming = None
    raw_deck = first(deck)
    if raw_deck is not None:
        try:
            incoming = dk.to_dict(dk.from_param(raw_deck))
        except dk.DeckError as err:
            notices.append(error_notice(err, lang))
    adding = None
    if first(add) is not None:  # "Add to slides" on a view: checked here and again in add_view
        adding, refused = view_to_add(first(add), lang)
        notices += refused
    try:
        start = max(int(first(slide)) - 1, 0) if first(slide) is not None else None
    except (TypeError, ValueError):
        start = None
        notices.append(notice("notice.bad_slide", lang, value=str(first(slide))))

    add_card = dbc.Card(dbc.CardBody([
        html.H2(t("present.add.heading", lang), className="h5"),
        dbc.Label(t("present.add.label", lang), html_for=ids("paste"), className="fw-semibold small mb-1"),
        html.Div([
            dbc.Input(id=ids("paste"), type="text", placeholder=t("present.add.placeholder", lang),
                      autoComplete="off", n_submit=0),
            html.Button(t("present.add.button", lang), id=ids("add"), type="button", className="btn btn-primary"),
        ], className="input-group mb-1"),
        html.P(t("present.add.hint", lang), className="small text-body-secondary"),
        html.H3(t("present.quick.heading", lang), className="h6 mt-3"),
        html.Div([
            html.Button(["+ ", label], id={"type": ids("quick"), "url": url}, type="button",
                        className="btn btn-outline-primary btn-sm")
            for url, label in quick_views(lang)
        ], className="d-flex flex-wrap gap-2 quick-add"),
        _profile_adder(lang),
    ]), className="mb-3")

    save_card = dbc.Card(dbc.CardBody([
        html.H2(t("present.save.heading", lang), className="h5"),
        html.Div([
            html.Button(t("present.save.download", lang), id=ids("download-btn"), type="button",
                        className="btn btn-outline-primary btn-sm"),
            dcc.Upload(html.Button(t("present.save.upload", lang), type="button",
                                   className="btn btn-outline-primary btn-sm", tabIndex="-1"),
                       id=ids("upload"), accept=".json,application/json", multiple=False,
                       max_size=dk.MAX_FILE_BYTES,  # bytes; the server refuses larger ones too
                       className="slides-upload"),
        ], className="d-flex flex-wrap gap-2 mb-3"),
        dbc.Label(t("present.share.label", lang), html_for=ids("share"), className="fw-semibold small mb-1"),
        html.Div([
            dbc.Input(id=ids("share"), type="text", readonly=True, value="", size="sm", className="share-link"),
            html.Button([html.Span(t("present.share.copy", lang), className="label-idle"),
                         html.Span(t("present.share.copied", lang), className="label-done")],
                        id=ids("copy"), type="button", className="btn btn-outline-secondary btn-sm copy-button",
                        **{"data-present-copy": ids("share")}),
        ], className="input-group input-group-sm mb-1"),
        html.P(id=ids("share-hint"), className="small text-body-secondary mb-3"),
        dcc.ConfirmDialogProvider(
            html.Button(t("present.clear", lang), type="button", className="btn btn-outline-danger btn-sm"),
            id=ids("clear"), message=t("present.clear.confirm", lang),
        ),
        dcc.Download(id=ids("download")),
    ]), className="mb-3")

    sequence_card = dbc.Card(dbc.CardBody([
        html.Div([
            html.H2(t("present.sequence.heading", lang), className="h5 mb-0 me-auto"),
            html.Span(id=ids("count"), className="small text-body-secondary"),
        ], className="d-flex align-items-baseline gap-2 mb-2"),
        dbc.Label(t("present.deck_title", lang), html_for=ids("deck-title"), className="fw-semibold small mb-1"),
        dbc.Input(id=ids("deck-title"), type="text", maxLength=dk.MAX_TITLE, debounce=True, value="",
                  placeholder=t("present.deck_title.placeholder", lang), className="mb-3"),
        html.Div(id=ids("list")),
        html.Div([
            html.Button(["\u25b6 ", t("present.start", lang)], id=ids("start"), type="button", disabled=True,
                        className="btn btn-primary btn-lg"),
            html.Span(t("present.keys", lang), className="small text-body-secondary"),
        ], className="d-flex flex-wrap align-items-center gap-3 mt-3"),
    ]), className="mb-3")

    player = html.Div([
        html.Div([
            html.H2(id=ids("p-title"), className="slides-player-title"),
            html.Span(id=ids("p-counter"), className="slides-counter", **{"aria-live": "polite"}),
        ], className="slides-player-head"),
        html.Div(html.Iframe(id=ids("frame"), src="about:blank", className="slides-frame",
                             title=t("present.player.frame", lang)), className="slides-stage"),
        html.Div([
            html.P(id=ids("p-note"), className="slides-note"),
            html.Div([
                html.Button("\u2190", id=ids("prev"), type="button", className="btn btn-outline-dark",
                            title=t("present.player.prev", lang), **{"aria-label": t("present.player.prev", lang)}),
                html.Button("\u2192", id=ids("next"), type="button", className="btn btn-outline-dark",
                            title=t("present.player.next", lang), **{"aria-label": t("present.player.next", lang)}),
                html.Button(t("present.mode.fullscreen", lang), type="button", className="btn btn-outline-dark",
                            title=t("present.mode.fullscreen_title", lang), **{"data-present-action": "fullscreen"}),
                html.Button(["\u2715 ", t("present.player.exit", lang)], id=ids("exit"), type="button",
                            className="btn btn-dark", title=t("present.player.exit_title", lang)),
            ], className="slides-player-tools"),
        ], className="slides-player-foot"),
    ], id=ids("player"), className="slides-player", tabIndex="-1", role="dialog",
        # modal while open: assets/player-focus.js makes the editor behind it inert and keeps focus in it
        **{"aria-label": t("present.player.label", lang), "aria-modal": "true"})

    return html.Div([
        html.Div(notices, id=ids("notices")),
        *keep.components(),  # opening a share link offers to keep the deck it replaced
        html.H1(t("present.title", lang), className="h2 mb-1"),
        html.P(t("present.lead", lang), className="text-body-secondary mb-4 slides-lead"),
        dbc.Row([
            dbc.Col([add_card, save_card], lg=5, className="order-2 order-lg-1"),
            dbc.Col(sequence_card, lg=7, className="order-1 order-lg-2"),
        ]),
        player,
        dcc.Store(id=ids("deck"), storage_type="local"),
        dcc.Store(id=ids("controls")),
        dcc.Store(id=ids("incoming"), data=incoming),
        dcc.Store(id=ids("adding"), data=adding),
        dcc.Store(id=ids("index"), data=start),
        dcc.Store(id=ids("key")),
        dcc.Store(id=ids("play"), data=[]),
        dcc.Store(id=ids("rendered")),
        dcc.Store(id=ids("context"), data={"lang": lang}),
        dcc.Store(id=ids("offers"), data=offers(lang)),
    ], className="page page-slides", lang=lang)


# ---- callbacks: thin adapters -------------------------------------------------------------------

@dash.callback(
    Output(ids("deck"), "data", allow_duplicate=True),
    Output(ids("notices"), "children", allow_duplicate=True),
    Input(ids("incoming"), "data"), Input(ids("adding"), "data"),
    State(ids("deck"), "data"), State(ids("context"), "data"),
    prevent_initial_call="initial_duplicate",
)
def open_link(incoming, adding, data, context):
    """A shared link's deck replaces the one in this browser (and says so); a view sent by an
    "Add to slides" link is appended to it (and says so)."""
    if not incoming and not adding:
        return no_update, no_update
    lang = lang_of(context)  # the browser's copy: a language the app has, else the default
    old, rev = dk.from_store(data)
    deck, messages = old, []
    if incoming:
        try:
            deck = dk.from_dict(incoming)  # checked in layout(); checked again, as it came back from the browser
        except dk.DeckError:
            return no_update, [error_notice(dk.DeckError("present.error.link"), lang)]
        messages.append(info("present.loaded.link", lang, n=len(deck)))
    if adding:
        try:
            raw = adding.get("url") if isinstance(adding, dict) else None
            url = dk.add_param(raw, page_paths())  # again: the store came back from the browser
            title = default_title(url, lang)
            deck = deck.add(dk.Slide(url, title))
        except dk.DeckError as err:
            return (no_update if deck is old else dk.to_store(deck, rev + 1),
                    [*messages, refusal(err, lang)])
        messages.append(info("addslides.added", lang, title=title, n=len(deck), total=len(deck)))
    return dk.to_store(deck, rev + 1), messages


@dash.callback(
    Output(ids("deck"), "data"),
    Output(ids("notices"), "children"),
    Output(ids("paste"), "value"),
    Output(ids("upload"), "contents"),
    Input(ids("add"), "n_clicks"), Input(ids("paste"), "n_submit"),
    Input(ids("upload"), "contents"),
    Input(ids("clear"), "submit_n_clicks"),
    State({"type": ids("title"), "index": ALL}, "value"),
    State({"type": ids("note"), "index": ALL}, "value"),
    State(ids("deck-title"), "value"),
    State(ids("deck"), "data"), State(ids("paste"), "value"), State(ids("upload"), "filename"),
    State(ids("context"), "data"), State(ids("rendered"), "data"),
    prevent_initial_call=True,
)
def edit(_add, _submit, _upload, _clear, titles, notes, deck_title, data, pasted, _filename, context, rendered):
    """Adding a pasted address, loading, clearing. Typing, moving, removing and the quick adds are
    done in the browser (below)."""
    lang = lang_of(context)  # the browser's copy: a language the app has, else the default
    deck, rev = dk.from_store(data)
    trigger = ctx.triggered_id
    value = ctx.triggered[0]["value"] if ctx.triggered else None
    # A text just typed may not have reached the stored deck yet when a click follows at once:
    # take every field's text as well, so none is lost (from a list drawn for this deck only: rows
    # moved in the browser since stand elsewhere, and the browser has their text already).
    synced = dk.with_texts(deck, titles, notes, deck_title) if rendered == rev else deck
    try:
        result = apply_edit(synced, rev, trigger, value, pasted, lang)
    except dk.DeckError as err:
        keep = [html.P(t("present.kept", lang), className="small mb-0")] if trigger == ids("upload") else []
        return no_update, [error_notice(err, lang), *keep], no_update, None if trigger == ids("upload") else no_update
    if result is None:
        if synced == deck:
            return no_update, no_update, no_update, no_update
        result = synced, rev, None
    new_deck, new_rev, message = result
    clear_paste = "" if trigger in (ids("add"), ids("paste")) else no_update
    reset_upload = None if trigger == ids("upload") else no_update
    return dk.to_store(new_deck, new_rev), message if message is not None else no_update, clear_paste, reset_upload


def apply_edit(deck: dk.Deck, rev: int, trigger, value, pasted, lang):
    """One editor action -> (deck, revision, notices or None), or None for no structural change.
    Adding and loading bump the revision (the list is redrawn; moving and deleting, in the browser,
    do too); typing does not, so the field being typed in keeps its focus."""
    kind = trigger.get("type") if isinstance(trigger, dict) else trigger
    if kind in (ids("add"), ids("paste")):
        if not value:
            return None
        url = dk.normalize_url(pasted, host=_host(), paths=page_paths())
        return deck.add(dk.Slide(url, default_title(url, lang))), rev + 1, []
    if kind == ids("upload"):
        if not value:
            return None
        loaded = dk.from_upload(value)
        return loaded, rev + 1, [info("present.loaded.file", lang, n=len(loaded))]
    if kind == ids("clear"):
        if not value:
            return None
        return dk.Deck(), rev + 1, []
    return None


# Typing, moving, deleting and the quick adds: done in the browser, synchronously, so quick edits one
# after another can never overtake each other on the way to the server (two quick deletions on a slow
# server removed one slide: the second answer, built from the deck before the first, superseded it). Until
# the server redraws the list, its rows still stand where they were drawn: `shown` maps each drawn
# row to the slide's place in the deck now, so a click or a typed title reaches the slide it names.
dash.clientside_callback(
    """
    function(titles, notes, deckTitle, _ups, _downs, _deletes, _quick, _profile, stored, rendered, place, offers) {
        const dc = window.dash_clientside, nu = dc.no_update;
        if (!offers) { return [nu, nu]; }
        // no deck in the browser yet (or a damaged copy): an empty one, as the server reads it
        const data = (stored && stored.deck && Array.isArray(stored.deck.slides)) ? stored : offers.empty;
        const clean = function(v, max) { return String(v === null || v === undefined ? '' : v).trim().slice(0, max); };
        const deck = JSON.parse(JSON.stringify(data.deck));
        let map = null;  // drawn row -> place in the deck (null: deleted)
        if (rendered === data.rev) { map = deck.slides.map(function(_s, k) { return k; }); }
        else if (data.shown && data.shown.base === rendered && Array.isArray(data.shown.map)) { map = data.shown.map.slice(); }
        if (map && titles.length === map.length && notes.length === map.length) {
            map.forEach(function(k, row) {
                if (k === null || !deck.slides[k]) { return; }
                deck.slides[k].title = clean(titles[row], %(title)d); deck.slides[k].note = clean(notes[row], %(note)d);
            });
        }
        if (deckTitle !== null && deckTitle !== undefined) { deck.title = clean(deckTitle, %(title)d); }
        let rev = data.rev;
        const kinds = {%(up)s: -1, %(down)s: 1, %(delete)s: 0};
        let hit = {}, button = null, adding = null;  // a field left by the click comes in the same call: look for the button
        (dc.callback_context.triggered || []).forEach(function(h) {
            const id = String(h.prop_id || ''), dot = id.lastIndexOf('.');
            if (id === %(profile)s + '.n_clicks') { hit = h; adding = (offers.profile || {})[place] || 'unknown'; return; }
            if (id.charAt(0) !== '{') { return; }
            try {
                const parsed = JSON.parse(id.slice(0, dot));
                if (Object.prototype.hasOwnProperty.call(kinds, parsed.type)) { hit = h; button = parsed; }
                if (parsed.type === %(quick)s) { hit = h; adding = (offers.quick || {})[parsed.url] || 'unknown'; }
            } catch (e) { /* not a pattern id */ }
        });
        let notices = nu;
        if (adding) {  // a quick view or a location profile, added at the end
            if (!hit.value) { return [nu, nu]; }  // drawn, not clicked
            // a refusal is drawn as dashboard.components.notices.notice draws it
            const notice = function(text) {
                return {type: 'Alert', namespace: 'dash_bootstrap_components',
                        props: {children: text, color: 'warning', className: 'page-notice py-2', is_open: true}};
            };
            if (adding === 'unknown') { return [nu, [notice(offers.place)]]; }
            if (deck.slides.length >= offers.max) { return [nu, [notice(offers.full)]]; }
            deck.slides.push({url: adding.url, title: adding.title, note: ''});
            rev = data.rev + 1;
            notices = [];
        }
        if (button) {
            const row = button.index, n = deck.slides.length;
            // a button drawn (not clicked), a row whose slide is gone, a list that cannot be mapped
            if (!hit.value || !map || !Number.isInteger(row) || row < 0 || row >= map.length) { return [nu, nu]; }
            const i = map[row], step = kinds[button.type], j = i + step;
            if (i === null || i === undefined || i >= n) { return [nu, nu]; }
            if (step === 0) {
                deck.slides.splice(i, 1);
                map = map.map(function(k) { return k === i ? null : (k !== null && k > i ? k - 1 : k); });
            } else if (j >= 0 && j < n) {
                const s = deck.slides[i]; deck.slides[i] = deck.slides[j]; deck.slides[j] = s;
                map = map.map(function(k) { return k === i ? j : (k === j ? i : k); });
            } else { return [nu, nu]; }
            rev = data.rev + 1;  // the server redraws the list
        }
        if (rev === data.rev && JSON.stringify(deck) === JSON.stringify(data.deck)) { return [nu, notices]; }
        const out = {deck: deck, rev: rev};
        if (rev !== rendered && map) { out.shown = {base: rendered, map: map}; }
        return [out, notices];
    }
    """ % {"title": dk.MAX_TITLE, "note": dk.MAX_NOTE,
           "up": json.dumps(ids("up")), "down": json.dumps(ids("down")), "delete": json.dumps(ids("delete")),
           "quick": json.dumps(ids("quick")), "profile": json.dumps(ids("add-profile"))},
    Output(ids("deck"), "data", allow_duplicate=True),
    Output(ids("notices"), "children", allow_duplicate=True),
    Input({"type": ids("title"), "index": ALL}, "value"),
    Input({"type": ids("note"), "index": ALL}, "value"),
    Input(ids("deck-title"), "value"),
    Input({"type": ids("up"), "index": ALL}, "n_clicks"),
    Input({"type": ids("down"), "index": ALL}, "n_clicks"),
    Input({"type": ids("delete"), "index": ALL}, "n_clicks"),
    Input({"type": ids("quick"), "url": ALL}, "n_clicks"), Input(ids("add-profile"), "n_clicks"),
    State(ids("deck"), "data"), State(ids("rendered"), "data"), State(ids("profile-place"), "value"),
    State(ids("offers"), "data"),
    prevent_initial_call=True,
)


@dash.callback(
    Output(ids("list"), "children"), Output(ids("rendered"), "data"), Output(ids("controls"), "data"),
    Output(ids("count"), "children"), Output(ids("start"), "disabled"),
    Output(ids("share"), "value"), Output(ids("share-hint"), "children"), Output(ids("copy"), "disabled"),
    Output(ids("play"), "data"),
    Input(ids("deck"), "data"),
    State(ids("rendered"), "data"), State(ids("context"), "data"),
)
def render(data, rendered, context):
    lang = lang_of(context)  # the browser's copy: a language the app has, else the default
    deck, rev = dk.from_store(data)
    deck = in_language(deck, lang)
    redraw = rendered != rev or rendered is None
    try:
        link, hint = dk.share_link(deck, lang, _base()), t("present.share.hint", lang)
    except dk.DeckError as err:
        link, hint = "", t(err.key, lang, **err.fmt)
    if not deck.slides:
        link, hint = "", t("present.share.empty", lang)
    play = [{"src": dk.slide_src(s.url, lang), "title": s.title, "note": s.note} for s in deck.slides]
    return (
        slide_list(deck, lang) if redraw else no_update, rev,
        {"deck-title": deck.title} if redraw else no_update,
        t("present.count", lang, n=len(deck)), not deck.slides,
        link, hint, not link, play,
    )


# The deck's title field takes the stored title in the browser (components/follow.py: writing it
# here would put render on a cycle with the field's own callback, and a second quick edit was lost).
follow.follow(ids("controls"), {ids("deck-title"): "deck-title"})


@dash.callback(
    Output(ids("download"), "data"),
    Input(ids("download-btn"), "n_clicks"),
    State(ids("deck"), "data"),
    prevent_initial_call=True,
)
def download(_n, data):
    deck, _rev = dk.from_store(data)
    return dcc.send_string(dk.to_json(deck), dk.FILENAME, type="application/json")


# Which slide: start, the arrows on screen, keys (present.js writes `key`), and a deck that changed.
dash.clientside_callback(
    """
    function(key, _start, _prev, _next, _exit, play, index) {
        const trig = (window.dash_clientside.callback_context.triggered_id || '');
        const n = (play || []).length;
        const nu = window.dash_clientside.no_update;
        if (trig === '%(start)s') { return n ? 0 : null; }
        if (trig === '%(exit)s') { return null; }
        if (trig === '%(play)s') {
            if (index === null || index === undefined) { return nu; }
            return n ? Math.min(Math.max(index, 0), n - 1) : null;
        }
        if (index === null || index === undefined || !n) { return nu; }
        let action = trig === '%(prev)s' ? 'prev' : trig === '%(next)s' ? 'next' : (key || {}).action;
        if (action === 'next') { return Math.min(index + 1, n - 1); }
        if (action === 'prev') { return Math.max(index - 1, 0); }
        if (action === 'first') { return 0; }
        if (action === 'last') { return n - 1; }
        if (action === 'exit') { return null; }
        return nu;
    }
    """ % {"start": ids("start"), "exit": ids("exit"), "play": ids("play"), "prev": ids("prev"), "next": ids("next")},
    Output(ids("index"), "data"),
    Input(ids("key"), "data"), Input(ids("start"), "n_clicks"), Input(ids("prev"), "n_clicks"),
    Input(ids("next"), "n_clicks"), Input(ids("exit"), "n_clicks"), Input(ids("play"), "data"),
    State(ids("index"), "data"),
    prevent_initial_call=True,
)

# Show the slide, and keep the address (`&slide=`) and the language switch in step with it.
dash.clientside_callback(
    """
    function(index, play, context) {
        const n = (play || []).length;
        const active = index !== null && index !== undefined && n > 0;
        const i = active ? Math.min(Math.max(index, 0), n - 1) : 0;
        const slide = active ? play[i] : null;
        const root = document.documentElement;
        const was = root.classList.contains('slides-playing');
        root.classList.toggle('slides-playing', active);
        const params = function(lang) {
            const p = new URLSearchParams(); p.set('lang', lang);
            if (active) { p.set('slide', String(i + 1)); }
            return window.location.pathname + '?' + p.toString();
        };
        window.history.replaceState(null, '', params(context.lang));
        const hrefs = ['sl', 'de', 'en'].map(params);
        const frame = document.getElementById('%(frame)s');
        const src = active ? slide.src : 'about:blank';
        // A new slide loads in the iframe; keys pressed meanwhile must reach this page, not the
        // half-loaded slide (present.js listens on a slide's document only once it has loaded).
        if (active && (!was || (frame && frame.getAttribute('src') !== src))) {
            window.setTimeout(function() { const el = document.getElementById('%(player)s'); if (el) { el.focus(); } }, 0);
        }
        // closing: assets/player-focus.js gives focus back to the control that opened the player
        return [
            active ? 'slides-player active' : 'slides-player',
            frame && frame.getAttribute('src') === src ? window.dash_clientside.no_update : src,
            active ? (slide.title || ((i + 1) + ' / ' + n)) : window.dash_clientside.no_update,
            active ? (slide.title || '') : '',
            active ? (slide.note || '') : '',
            active ? (i + 1) + ' / ' + n : '',
        ].concat(hrefs);
    }
    """ % {"player": ids("player"), "start": ids("start"), "frame": ids("frame")},
    Output(ids("player"), "className"),
    Output(ids("frame"), "src"), Output(ids("frame"), "title"),
    Output(ids("p-title"), "children"), Output(ids("p-note"), "children"), Output(ids("p-counter"), "children"),
    [Output(b, "href", allow_duplicate=True) for b in SHELL_LANG_BUTTONS],
    Input(ids("index"), "data"), Input(ids("play"), "data"),
    State(ids("context"), "data"),
    prevent_initial_call=True,
)
