"""PC-Axis (.px) files from SURS SiStat -> the long layout the import reads (si/PROVENANCE.md §4).

The project keeps its own small reader: the PX files are bilingual (default language + [en]), in
windows-1250, with SURS's missing-value symbols as quoted tokens; `pyaxis` (the maintained PX reader
on PyPI) returns labels rather than codes and fails on some quoted symbols, and the tidy layout
needs the codes. `to_long` reproduces the committed tidy files value for value (tests/test_fetch.py).
"""
from __future__ import annotations

import csv
import io
import itertools
import re

from .errors import RawDataError

_KEY = re.compile(r'^(?P<name>[A-Z0-9-]+)(\[(?P<lang>[a-z]+)\])?(\("(?P<var>[^"]*)"\))?$')
_CODEPAGE = re.compile(rb'CODEPAGE="([^"]+)"')
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _statements(header: str):
    """(key, raw value) per `KEY=value;` statement, semicolons inside quotes respected."""
    buf, quoted = [], False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            text = "".join(buf).strip()
            buf = []
            if "=" in text:
                key, value = text.split("=", 1)
                yield key.strip(), value.strip()
            continue
        buf.append(ch)


def _strings(value: str) -> list[str]:
    """A comma-separated list of quoted strings; a string may continue in the next quoted piece."""
    items, current, quoted, piece = [], [], False, []
    for ch in value:
        if ch == '"':
            if quoted:
                current.append("".join(piece))
                piece = []
            quoted = not quoted
        elif quoted:
            piece.append(ch)
        elif ch == ",":
            items.append("".join(current))
            current = []
    if current:
        items.append("".join(current))
    return items


def parse(data: bytes, name: str = "PX file") -> dict:
    """The metadata a long table needs, and the data tokens."""
    m = _CODEPAGE.search(data[:4000])
    encoding = m.group(1).decode("ascii") if m else "windows-1250"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise RawDataError(name, f"cannot be decoded as {encoding}: {exc}", expected="a PC-Axis file") from None
    head, sep, body = text.partition("\nDATA=")
    if not sep:
        raise RawDataError(name, "no DATA= section", expected="a PC-Axis file (KEY=value; lines, then DATA=)")
    meta: dict = {"values": {}, "codes": {}}
    for key, value in _statements(head):
        k = _KEY.match(key)
        if not k:
            continue
        name_, lang, var = k.group("name"), k.group("lang"), k.group("var")
        if name_ in ("MATRIX",) and not lang:
            meta["matrix"] = _strings(value)[0]
        elif name_ in ("STUB", "HEADING"):
            meta[(name_.lower(), lang)] = _strings(value)
        elif name_ in ("VALUES", "CODES") and not lang:
            meta[name_.lower()][var] = _strings(value)
    for part in ("stub", "heading"):
        if (part, None) not in meta:
            raise RawDataError(name, f"no {part.upper()}", expected="a PC-Axis file with STUB and HEADING")
    meta["tokens"] = body.replace(";", " ").split()
    return meta


def _column(en_name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", en_name.lower()).strip("_") + "_code"


def to_long(data: bytes, name: str = "PX file", *, table: str | None = None, municipalities_only: bool = True) -> str:
    """CSV text: table_id, geo_code, geo_name, year, <dimension>_code…, value, flag (SURS symbol)."""
    meta = parse(data, name)
    variables = meta[("stub", None)] + meta[("heading", None)]
    english = (meta.get(("stub", "en")) or meta[("stub", None)]) + (meta.get(("heading", "en")) or meta[("heading", None)])
    if len(english) != len(variables):
        english = variables
    geo = next((v for v, e in zip(variables, english) if "MUNICIPAL" in e.upper() or v.startswith("OBČIN")), variables[0])
    year = next((v for v in variables if v in ("LETO", "YEAR")), None)
    if year is None:
        raise RawDataError(name, f"no year variable among {variables}", expected="a variable LETO")
    codes = [meta["codes"].get(v) or meta["values"].get(v) for v in variables]
    if any(c is None for c in codes):
        raise RawDataError(name, "a variable without VALUES", expected="VALUES for every STUB/HEADING variable")
    total = 1
    for c in codes:
        total *= len(c)
    tokens = meta["tokens"]
    if len(tokens) != total:
        raise RawDataError(name, f"{len(tokens)} data cells", expected=f"{total} (the product of the variables' values)")
    others = [i for i, v in enumerate(variables) if v not in (geo, year)]
    geo_i = variables.index(geo)
    # settlement-level tables prefix names with their code ("001 AJDOVŠČINA"): the tidy layout drops it
    geo_names = {c: n[len(c) + 1:] if n.startswith(c + " ") else n
                 for c, n in zip(codes[geo_i], meta["values"][geo])}
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")  # as the tidy files of si/tidy/ (CSV standard line ends)
    w.writerow(["table_id", "geo_code", "geo_name", "year", *(_column(english[i]) for i in others), "value", "flag"])
    year_i = variables.index(year)
    for combo, token in zip(itertools.product(*codes), tokens):
        if municipalities_only and len(combo[geo_i]) > 3:
            continue  # settlements (six-digit codes) under their municipality
        token = token.strip('"')
        value, flag = (token, "") if _NUMBER.match(token) else ("", token)
        w.writerow([table or meta.get("matrix", ""), combo[geo_i], geo_names[combo[geo_i]], combo[year_i],
                    *(combo[i] for i in others), value, flag])
    return out.getvalue()
