"""A presenter's slide sequence ("deck"): saved views of this app, each with a title and a note.

Pure model, no Dash: the same validation guards every way a deck comes in (a JSON file, a shared
`?deck=` link, a pasted address), because all three are untrusted text. A slide is only ever a
relative path of this app, so a deck can never point the player's iframe anywhere else.
Errors are `DeckError`s carrying a catalogue key, so the page can say what is wrong in the
reader's language.
"""
from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, urlencode, urlsplit

from dashboard.components.urls import normalize_path

VERSION = 1
FORMAT = "innovative-location-slides"
FILENAME = "innovative-location-slides.json"
MAX_SLIDES = 50
MAX_TITLE = 120
MAX_NOTE = 1000
MAX_URL = 1500
MAX_FILE_BYTES = 256_000
MAX_LINK = 2000  # longer links get cut by mail clients, chat tools and some browsers
SLIDES_PATH = "/slides"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")
# Parameters that belong to the player, not to the view a slide shows.
PLAYER_PARAMS = ("present",)

_BAD_URL_CHARS = re.compile(r"[\s\\\x00-\x1f\x7f]")


class DeckError(ValueError):
    """Why a deck or an address was refused: a catalogue key (`present.error.*`) and its values."""

    def __init__(self, key: str, **fmt):
        super().__init__(key)
        self.key = key
        self.fmt = fmt


@dataclass(frozen=True)
class Slide:
    url: str
    title: str = ""
    note: str = ""


@dataclass(frozen=True)
class Deck:
    title: str = ""
    slides: tuple[Slide, ...] = field(default_factory=tuple)

    def __len__(self) -> int:
        return len(self.slides)

    def add(self, slide: Slide) -> "Deck":
        if len(self.slides) >= MAX_SLIDES:
            raise DeckError("present.error.full", max=MAX_SLIDES)
        return replace(self, slides=(*self.slides, slide))

    def edit(self, index: int, **changes) -> "Deck":
        """Change a slide's title or note; text is cut to the limits rather than refused, since
        the editor's fields already stop there."""
        if not 0 <= index < len(self.slides):
            return self
        limits = {"title": MAX_TITLE, "note": MAX_NOTE}
        clean = {k: _text(v)[:limits[k]] for k, v in changes.items() if k in limits}
        slides = list(self.slides)
        slides[index] = replace(slides[index], **clean)
        return replace(self, slides=tuple(slides))

    def retitle(self, title) -> "Deck":
        return replace(self, title=_text(title)[:MAX_TITLE])


def _text(value) -> str:
    return "" if value is None else str(value).strip()


# ---- addresses ----------------------------------------------------------------------------------

def check_url(url) -> str:
    """A slide address must be a relative path of this app (`/explore?...`): never a scheme, a host
    (`//host`, `http://…`, `javascript:`), a backslash (browsers read `/\\host` as `//host`),
    white space or control characters. Returns the address unchanged or raises."""
    if not isinstance(url, str) or not url or len(url) > MAX_URL:
        raise DeckError("present.error.url")
    if not url.startswith("/") or url.startswith("//") or _BAD_URL_CHARS.search(url):
        raise DeckError("present.error.url")
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        raise DeckError("present.error.url")
    return url


def _path(url: str) -> str:
    return normalize_path(urlsplit(url).path)  # `/./slides`, `/x/../slides` are /slides


def normalize_url(text, host: str | None = None, paths=None) -> str:
    """A pasted address -> the relative address a slide stores.

    Accepts `/explore?...` as well as full addresses of this app (`http://127.0.0.1:8050/explore?...`):
    the scheme and host are dropped when the host is the one serving the page (`host`, e.g.
    "127.0.0.1:8050") or a local one. The fragment and player parameters (`present`) are dropped.
    With `paths`, the address must also lead to one of those pages."""
    url = _text(text)
    if not url:
        raise DeckError("present.error.paste_empty")
    parts = urlsplit(url)
    if parts.scheme or url.startswith("//"):
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise DeckError("present.error.paste_url")
        allowed = set(LOCAL_HOSTS)
        if host:
            allowed |= {host.lower(), host.lower().rsplit(":", 1)[0] if "]" not in host else host.lower()}
        if parts.hostname.lower() not in allowed and parts.netloc.lower() not in allowed:
            raise DeckError("present.error.paste_url")
        url = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    else:
        url = url.split("#", 1)[0]
    try:
        check_url(url)
    except DeckError:
        raise DeckError("present.error.paste_url") from None
    path = _path(url)
    if path == SLIDES_PATH:
        raise DeckError("present.error.slides_page")
    if paths is not None and path not in {p.rstrip("/") or "/" for p in paths}:
        raise DeckError("present.error.unknown_page", path=path)
    query = [(k, v) for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True) if k not in PLAYER_PARAMS]
    return path + (f"?{urlencode(query, safe=',')}" if query else "")  # the page's own path: no trailing "/"


def add_param(text, paths) -> str:
    """The view a `/slides?add=...` link asks to add -> the address a slide stores. Stricter than
    the paste box: a link can be crafted by anyone, so only a relative path of one of `paths`
    (never /slides, never a host, at most MAX_URL characters) is taken; else a DeckError."""
    if not isinstance(text, str) or not text.strip():
        raise DeckError("present.error.paste_empty")
    text = text.strip()
    if len(text) > MAX_URL or not text.startswith("/") or text.startswith("//"):
        raise DeckError("present.error.paste_url")
    return normalize_url(text, paths=paths)


def slide_src(url: str, lang: str) -> str:
    """Where the player's iframe points for a slide: the slide's view, in the presentation's
    language, in presentation mode. Validates again, as the deck may come from anywhere."""
    check_url(url)
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ("lang", "present")]
    return parts.path + "?" + urlencode([("lang", lang), *query, ("present", "1")], safe=",")


# ---- file format --------------------------------------------------------------------------------

def to_dict(deck: Deck) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "title": deck.title,
        "slides": [{"url": s.url, "title": s.title, "note": s.note} for s in deck.slides],
    }


def from_dict(data) -> Deck:
    """Validate a parsed file (or the browser's stored copy) and build the deck."""
    if not isinstance(data, dict) or not isinstance(data.get("slides"), list):
        raise DeckError("present.error.format")
    if data.get("format", FORMAT) != FORMAT:
        raise DeckError("present.error.format")
    version = data.get("version")
    if version is None:
        raise DeckError("present.error.format")
    if version != VERSION or isinstance(version, bool):
        raise DeckError("present.error.version", version=str(version)[:20])
    raw = data["slides"]
    if len(raw) > MAX_SLIDES:
        raise DeckError("present.error.too_many", n=len(raw), max=MAX_SLIDES)
    title = data.get("title", "")
    if not isinstance(title, str) or len(title.strip()) > MAX_TITLE:
        raise DeckError("present.error.deck_title", max=MAX_TITLE)
    slides = []
    for n, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise DeckError("present.error.slide", n=n)
        try:
            url = check_url(item.get("url"))
        except DeckError:
            raise DeckError("present.error.slide_url", n=n) from None
        if _path(url) == SLIDES_PATH:
            raise DeckError("present.error.slide_url", n=n)
        s_title, note = item.get("title", ""), item.get("note", "")
        if not isinstance(s_title, str) or not isinstance(note, str):
            raise DeckError("present.error.slide", n=n)
        if len(s_title.strip()) > MAX_TITLE:
            raise DeckError("present.error.title_long", n=n, max=MAX_TITLE)
        if len(note.strip()) > MAX_NOTE:
            raise DeckError("present.error.note_long", n=n, max=MAX_NOTE)
        slides.append(Slide(url, s_title.strip(), note.strip()))
    return Deck(title.strip(), tuple(slides))


def to_json(deck: Deck) -> str:
    return json.dumps(to_dict(deck), ensure_ascii=False, indent=2) + "\n"


def from_json(text) -> Deck:
    """A deck file's text (str or bytes) -> Deck, or DeckError with the reason."""
    if isinstance(text, (bytes, bytearray)):
        if len(text) > MAX_FILE_BYTES:
            raise DeckError("present.error.file_large", kb=MAX_FILE_BYTES // 1000)
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DeckError("present.error.json") from None
    if not isinstance(text, str):
        raise DeckError("present.error.json")
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise DeckError("present.error.file_large", kb=MAX_FILE_BYTES // 1000)
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise DeckError("present.error.json") from None
    return from_dict(data)


def from_upload(contents) -> Deck:
    """`dcc.Upload`'s `data:...;base64,...` contents -> Deck."""
    if not isinstance(contents, str) or "," not in contents:
        raise DeckError("present.error.json")
    header, _, payload = contents.partition(",")
    if len(payload) > MAX_FILE_BYTES * 4 // 3 + 8:
        raise DeckError("present.error.file_large", kb=MAX_FILE_BYTES // 1000)
    try:
        raw = base64.b64decode(payload, validate=True) if header.endswith(";base64") else payload.encode()
    except (binascii.Error, ValueError):
        raise DeckError("present.error.json") from None
    return from_json(raw)


# ---- link parameter -----------------------------------------------------------------------------

# A link's deck is refused for the same reasons as a file's; these say it of a link.
LINK_ERRORS = {
    "present.error.version": "present.error.link_version",
    "present.error.too_many": "present.error.link_too_many",
    "present.error.slide_url": "present.error.link_slide_url",
    "present.error.title_long": "present.error.link_title_long",
    "present.error.note_long": "present.error.link_note_long",
    "present.error.deck_title": "present.error.link_deck_title",
}


def to_param(deck: Deck) -> str:
    """The deck as one URL-safe word: compact JSON -> zlib -> base64url without padding."""
    compact = {"v": VERSION, "t": deck.title, "s": [[s.url, s.title, s.note] for s in deck.slides]}
    raw = json.dumps(compact, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


def from_param(param) -> Deck:
    """The inverse of `to_param`; anything it cannot read is `present.error.link`."""
    if not isinstance(param, str) or not param.strip():
        raise DeckError("present.error.link_empty")
    if len(param) > MAX_LINK * 4:
        raise DeckError("present.error.link_large")
    param = param.strip()
    try:
        if len(param) % 4 == 1:  # no base64 text ends so: a link cut short; read what is there
            param = param[:-1]
        packed = base64.urlsafe_b64decode(param + "=" * (-len(param) % 4))
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, MAX_FILE_BYTES)  # bounded: no decompression bomb
    except (ValueError, zlib.error, binascii.Error):
        raise DeckError("present.error.link_damaged") from None
    if inflater.unconsumed_tail:
        raise DeckError("present.error.link_large")
    if not inflater.eof:
        raise DeckError("present.error.link")  # the compressed data stop early: cut short
    try:
        compact = json.loads(raw.decode("utf-8"))
        slides = [{"url": u, "title": t, "note": n} for u, t, n in compact["s"]]
        data = {"version": compact["v"], "title": compact.get("t", ""), "slides": slides}
    except (ValueError, TypeError, KeyError, UnicodeDecodeError, RecursionError):
        raise DeckError("present.error.link_format") from None
    try:
        return from_dict(data)
    except DeckError as err:  # the file's reason, said of a link
        key = LINK_ERRORS.get(err.key, "present.error.link_format")
        raise DeckError(key, **err.fmt) from None


def share_link(deck: Deck, lang: str, base: str = "") -> str:
    """`{base}/slides?lang=..&deck=..`, or DeckError `present.error.too_long` when it would be
    longer than a link can safely be (the file is the way to share such a deck)."""
    link = f"{base}{SLIDES_PATH}?{urlencode({'lang': lang, 'deck': to_param(deck)})}"
    if len(link) > MAX_LINK:
        raise DeckError("present.error.too_long", n=len(link), max=MAX_LINK)
    return link


# ---- the browser's copy and the editor's fields ------------------------------------------------

def to_store(deck: Deck, rev: int) -> dict:
    """What the page keeps in local storage: the deck, and a revision that changes only when
    slides are added, moved, removed or replaced (then the editor redraws its list)."""
    return {"deck": to_dict(deck), "rev": rev}


def from_store(data) -> tuple[Deck, int]:
    """The browser's copy -> (deck, revision). A damaged copy counts as an empty deck."""
    if not isinstance(data, dict):
        return Deck(), 0
    rev = data.get("rev") if isinstance(data.get("rev"), int) and not isinstance(data.get("rev"), bool) else 0
    try:
        return from_dict(data.get("deck")), rev
    except DeckError:
        return Deck(), rev


def with_texts(deck: Deck, titles, notes, deck_title) -> Deck:
    """The deck with the texts the editor's fields hold. Fields save when they are left; a click
    that follows at once may run with the deck as it was before, so every edit takes all fields'
    texts (when they show this deck's slides) and none is lost."""
    if isinstance(titles, list) and isinstance(notes, list) and len(titles) == len(notes) == len(deck):
        for i, (title, note) in enumerate(zip(titles, notes)):
            deck = deck.edit(i, title=title, note=note)
    if deck_title is not None:
        deck = deck.retitle(deck_title)
    return deck

