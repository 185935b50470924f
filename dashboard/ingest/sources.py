"""The declarative source list (sources.toml): which raw tables exist, where each comes from, how
to fetch it, its licence and which indicators it feeds. The import reads only files named there."""
from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

SOURCES = Path(__file__).with_name("sources.toml")
RESHAPES = ("none", "px-long", "px-layout")
_REQUIRED = ("id", "file", "publisher", "table", "title", "url", "format", "licence", "attribution", "indicators")


@dataclass(frozen=True)
class Download:
    """One PX-Web query of a source made of several tables."""
    table: str
    url: str
    query: str
    download: str
    method: str = "POST"

    def body(self) -> bytes:
        return self.query.encode("utf-8")


@dataclass(frozen=True)
class Source:
    id: str
    file: str
    publisher: str
    table: str
    title: str
    url: str
    format: str
    licence: str
    attribution: str
    indicators: tuple[str, ...]
    method: str = "GET"
    query: str | None = None
    reshape: str = "none"
    download: str | None = None
    columns: tuple[str, ...] = field(default_factory=tuple)
    manual: bool = False
    reason: str = ""
    # reshape = "px-layout": the columns of the hand-saved export the import reads (pcaxis.to_layout)
    layout: dict | None = field(default=None, hash=False, compare=False)
    # the publisher's description of the table's columns (Statistik Austria OGD: <table>_HEADER.csv),
    # fetched beside the file; its absence is recorded, it does not stop the source
    metadata: str | None = None
    # several PX-Web queries whose answers one reshape combines into `file` ([[source.downloads]]:
    # table, url, query, download each); then url/download above are unused by fetch
    downloads: tuple[Download, ...] = field(default_factory=tuple, hash=False, compare=False)

    @property
    def downloaded_as(self) -> str:
        """Path (under the cache) where the publisher's response is kept."""
        return self.download or self.file

    def body(self) -> bytes | None:
        return self.query.encode("utf-8") if self.query else None


class SourceListError(ValueError):
    """sources.toml breaks its own rules (named field, named source)."""


def parse(text: str) -> list[Source]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourceListError(f"sources.toml is not valid TOML: {exc}") from None
    out, seen, files = [], set(), set()
    for n, entry in enumerate(data.get("source", []), start=1):
        name = entry.get("id", f"#{n}")
        missing = [k for k in _REQUIRED if k not in entry]
        if missing:
            raise SourceListError(f"source {name}: missing field(s) {', '.join(missing)}")
        unknown = set(entry) - set(Source.__dataclass_fields__)
        if unknown:
            raise SourceListError(f"source {name}: unknown field(s) {', '.join(sorted(unknown))}")
        if name in seen:
            raise SourceListError(f"source {name}: id used twice")
        if entry["file"] in files:
            raise SourceListError(f"source {name}: file {entry['file']} named twice")
        if entry.get("manual") and not entry.get("reason"):
            raise SourceListError(f"source {name}: manual without a reason")
        if entry.get("reshape", "none") not in RESHAPES:
            raise SourceListError(f"source {name}: reshape {entry['reshape']!r} is not one of {RESHAPES}")
        downloads = entry.get("downloads") or []
        if entry.get("reshape", "none") != "none" and not (entry.get("download") or downloads):
            raise SourceListError(f"source {name}: a reshaped source needs `download`")
        if downloads and entry.get("reshape") != "px-layout":
            raise SourceListError(f"source {name}: several downloads need reshape = \"px-layout\"")
        for d in downloads:
            lacking = [k for k in ("table", "url", "query", "download") if not d.get(k)]
            if lacking or set(d) - set(Download.__dataclass_fields__):
                raise SourceListError(f"source {name}: a download needs table, url, query and download "
                                      f"(missing {', '.join(lacking) or 'none'}, unknown "
                                      f"{', '.join(sorted(set(d) - set(Download.__dataclass_fields__))) or 'none'})")
            try:
                json.loads(d["query"])
            except ValueError as exc:
                raise SourceListError(f"source {name}: query of download {d['table']} is not JSON ({exc})") from None
        if entry.get("reshape") == "px-layout" and not (entry.get("layout") or {}).get("columns"):
            raise SourceListError(f"source {name}: reshape px-layout needs [source.layout.columns]")
        if entry.get("query"):
            try:
                json.loads(entry["query"])
            except ValueError as exc:
                raise SourceListError(f"source {name}: query is not JSON ({exc})") from None
        seen.add(name)
        files.add(entry["file"])
        out.append(Source(**{**entry, "indicators": tuple(entry["indicators"]),
                             "columns": tuple(entry.get("columns", ())),
                             "downloads": tuple(Download(**d) for d in downloads)}))
    return out


@lru_cache(maxsize=1)
def load() -> tuple[Source, ...]:
    return tuple(parse(SOURCES.read_text(encoding="utf-8")))


def by_id() -> dict[str, Source]:
    return {s.id: s for s in load()}


def files() -> frozenset[str]:
    """Every path under the raw folder the import may open."""
    return frozenset(s.file for s in load())
