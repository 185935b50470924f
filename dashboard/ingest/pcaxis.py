"""PC-Axis (.px) files from SURS SiStat -> the long layout the import reads (si/PROVENANCE.md §4).

The project keeps its own small reader: the PX files are bilingual (default language + [en]), in
windows-1250, with SURS's missing-value symbols as quoted tokens; `pyaxis` (the maintained PX reader
on PyPI) returns labels rather than codes and fails on some quoted symbols, and the tidy layout
needs the codes. `to_long` reproduces the committed tidy files value for value (tests/test_fetch.py).
`fetch` asks PX-Web for PX rather than JSON-stat2 (so `pyjstat` is not needed): the raw folder's SURS
files are PX, and the same reader serves both.
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
    meta: dict = {"values": {}, "codes": {}, "values_en": {}}
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
        elif name_ == "VALUES" and lang == "en":
            meta["values_en"][var] = _strings(value)
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


def cells(data: bytes, name: str = "PX file") -> tuple[list[str], list[dict], list[str]]:
    """(variables, one {variable: (code, label)} per cell in PX order, the cells' tokens)."""
    meta = parse(data, name)
    variables = meta[("stub", None)] + meta[("heading", None)]
    labels = [meta["values"].get(v) for v in variables]
    codes = [meta["codes"].get(v) or meta["values"].get(v) for v in variables]
    if any(c is None for c in labels):
        raise RawDataError(name, "a variable without VALUES", expected="VALUES for every STUB/HEADING variable")
    if any(len(c) != len(lab) for c, lab in zip(codes, labels)):
        raise RawDataError(name, "CODES and VALUES of a variable differ in length", expected="one code per value")
    total = 1
    for c in codes:
        total *= len(c)
    tokens = [tok.strip('"') for tok in meta["tokens"]]
    if len(tokens) != total:
        raise RawDataError(name, f"{len(tokens)} data cells", expected=f"{total} (the product of the variables' values)")
    pairs = [list(zip(c, lab)) for c, lab in zip(codes, labels)]
    return variables, [dict(zip(variables, combo)) for combo in itertools.product(*pairs)], tokens


def english_labels(data: bytes, name: str = "PX file") -> dict[str, dict[str, str]]:
    """{variable: {code: English label}} from the `VALUES[en]` of a bilingual SiStat PX (every PX
    in si/surs_px carries them); a PX without them is a changed layout."""
    meta = parse(data, name)
    variables = meta[("stub", None)] + meta[("heading", None)]
    english = (meta.get(("stub", "en")) or []) + (meta.get(("heading", "en")) or [])
    if len(english) != len(variables) or any(e not in meta["values_en"] for e in english):
        raise RawDataError(name, "no English labels (VALUES[en])",
                           expected="a bilingual SiStat PX (LANGUAGES=\"sl\",\"en\") as the PX-Web API gives it")
    out = {}
    for v, e in zip(variables, english):
        codes = meta["codes"].get(v) or meta["values"].get(v)
        if len(meta["values_en"][e]) != len(codes):
            raise RawDataError(name, f"{len(meta['values_en'][e])} English labels of {v} for {len(codes)} codes",
                               expected="one English label per code")
        out[v] = dict(zip(codes, meta["values_en"][e]))
    return out


def to_layouts(answers: list[tuple[str, bytes]], layout: dict, names: list[str] | None = None) -> str:
    """Several PX answers (table id, bytes) re-shaped with one `layout` into one CSV, one header,
    the answers' rows one after another (a source with `[[source.downloads]]`)."""
    parts = [to_layout(data, layout, (names or [])[i] if names else f"PX answer {table}", table=table)
             for i, (table, data) in enumerate(answers)]
    return parts[0] + "".join(p.split("\r\n", 1)[1] for p in parts[1:])


def to_layout(data: bytes, layout: dict, name: str = "PX file", *, download: str = "", table: str = "") -> str:
    """CSV text in the layout a hand-saved SiStat export was re-shaped into (sources.toml `layout`).

    `layout["columns"]` maps each output column, in order, to what it holds:
      "code:VAR" / "label:VAR"  the cell's code / label of PX variable VAR
      "value" / "flag"          the number / the SURS symbol (".." "-" "z" …) when there is no number
      "value:VAR=LABEL"         wide layouts: the number of the cell whose VAR has label LABEL
                                (VAR is then pivoted into columns; a symbol leaves the cell empty)
      "=text"                   a constant;  "download": the file name of the PX answer
      "table"                   the table id of the PX answer (several answers into one file)
      "label_en:VAR"            the cell's English label of VAR (VALUES[en] of a bilingual PX)
      "map:VAR"                 the text `layout["map"][VAR]` gives the English label of VAR
                                (matched ignoring case); a label it does not list is a changed layout
    A variable may be named with alternatives, "VAR1|VAR2": the first the PX has.
    `layout["recode"]` = {VAR: {label: text}} writes `text` for a label and drops cells whose label
    is not listed; `layout["years_from"]` drops earlier years (of variable LETO); numeric geographic
    codes longer than three digits (settlements) are dropped. Any variable the layout names but the
    PX lacks is a changed layout (RawDataError), never an empty column.
    """
    variables, combos, tokens = cells(data, name)

    def pick(var: str) -> str:
        return next((v for v in var.split("|") if v in variables), var)

    spec = {col: (s.split(":", 1)[0] + ":" + pick(s.split(":", 1)[1]) if ":" in s and not s.startswith(("=", "value:"))
                  else s) for col, s in layout["columns"].items()}
    recode = layout.get("recode", {})
    named = {s.split(":", 1)[1].split("=", 1)[0] for s in spec.values()
             if ":" in s and not s.startswith("=")} | set(recode)
    english = english_labels(data, name) if any(s.startswith(("label_en:", "map:")) for s in spec.values()) else {}
    maps = {pick(v): {k.upper(): t for k, t in m.items()} for v, m in layout.get("map", {}).items()}
    for s in spec.values():
        if s.startswith("map:"):
            var = s[4:]
            unknown = sorted({lab for lab in english.get(var, {}).values() if lab.upper() not in maps.get(var, {})})
            if unknown:
                raise RawDataError(name, f"{var}: no entry in sources.toml `map` for {', '.join(map(repr, unknown))}",
                                   expected="every label of the variable listed (a new or renamed category?)")
    missing = sorted(named - set(variables))
    if missing:
        raise RawDataError(name, f"no variable(s) {', '.join(missing)} among {variables}",
                           expected="the PX-Web table's variables named in sources.toml `layout`")
    pivot = {col: s[len("value:"):].split("=", 1) for col, s in spec.items() if s.startswith("value:")}
    pivot_var = {v for v, _ in pivot.values()}
    if len(pivot_var) > 1:
        raise RawDataError(name, "a wide layout pivots one variable only", expected="one VAR in value:VAR=LABEL")
    labels = {v: {c[v][1] for c in combos} for v in variables}
    wanted = [(v, label) for v, label in pivot.values()] + [(v, label) for v, m in recode.items() for label in m]
    absent = [f"{v}={label!r}" for v, label in wanted if label not in labels[v]]
    if absent:
        raise RawDataError(name, f"no value(s) {', '.join(absent)}",
                           expected="the labels sources.toml `layout` names (a renamed category?)")
    geo = next((s.split(":", 1)[1] for s in spec.values() if s.startswith("code:") and s != "code:LETO"), None)
    years_from = layout.get("years_from")

    def keep(combo):
        if geo and len(combo[geo][0]) > 3 and combo[geo][0].isdigit():
            return False  # a settlement (six digits) under its municipality
        if years_from and int(combo.get("LETO", ("9999",))[0]) < int(years_from):
            return False
        return all(combo[v][1] in m for v, m in recode.items())

    def text(combo, s, token):
        if s.startswith("code:"):
            return combo[s[5:]][0]
        if s.startswith("label:"):
            var = s[6:]
            label = combo[var][1]
            return recode.get(var, {}).get(label, label)
        if s == "value":
            return token if _NUMBER.match(token) else ""
        if s == "flag":
            return "" if _NUMBER.match(token) else token
        if s == "download":
            return download
        if s == "table":
            return table
        if s.startswith("label_en:"):
            return english[s[9:]][combo[s[9:]][0]]
        if s.startswith("map:"):
            return maps[s[4:]][english[s[4:]][combo[s[4:]][0]].upper()]
        if s.startswith("="):
            return s[1:]
        raise RawDataError(name, f"layout entry {s!r} is not understood",
                           expected="code:VAR, label:VAR, value, flag, value:VAR=LABEL, =text or download")

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(list(spec))
    if not pivot:
        for combo, token in zip(combos, tokens):
            if keep(combo):
                w.writerow([text(combo, s, token) for s in spec.values()])
        return out.getvalue()
    (var,) = pivot_var
    rows: dict[tuple, dict] = {}
    for combo, token in zip(combos, tokens):
        if not keep(combo):
            continue
        key = tuple((v, combo[v]) for v in variables if v != var)
        rows.setdefault(key, {})[combo[var][1]] = token
    for key, by_label in rows.items():
        combo = dict(key)
        if not any(label in by_label for _, label in pivot.values()):
            continue
        line = []
        for col, s in spec.items():
            if col in pivot:
                token = by_label.get(pivot[col][1], "")
                line.append(token if _NUMBER.match(token) else "")
            else:
                line.append(text(combo, s, ""))
        w.writerow(line)
    return out.getvalue()
