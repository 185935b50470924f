"""XLSX downloads: one workbook per view with a sheet of data (exactly the page's CSV, numbers as
numbers) and a sheet of sources, definitions, comparability notes, release date and the link.

openpyxl writes it (a dependency for this: Excel on a Slovenian or German Windows opens an XLSX
correctly whatever its list separator, which a CSV cannot promise).
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dashboard.components.credits import attributions, indicator_sources
from dashboard.i18n import t

__all__ = ["MIME", "rows_from_csv", "workbook"]

MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _typed(col: str, v: str):
    """A CSV cell as a spreadsheet value: numbers as numbers (codes stay text)."""
    if v and _NUMBER.fullmatch(v) and "code" not in col and col not in ("place", "national_code"):
        return int(v) if "." not in v else float(v)
    return v if v != "" else None


def rows_from_csv(text: str) -> tuple[list[str], list[list]]:
    """(header, typed rows) of a CSV written by components/csv_out."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, [])
    return header, [[_typed(c, v) for c, v in zip(header, r)] for r in reader]


def _sheet_title(text: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", text)[:31]


def workbook(header: Sequence[str], rows: Sequence[Sequence], *, title: str, metas: Sequence[dict], lang: str,
             release_date: str | None, link: str | None) -> bytes:
    """The two sheets; `metas` are the indicators' catalogue rows (definition, sources, note)."""
    wb = Workbook()
    data = wb.active
    data.title = _sheet_title(t("exports.sheet.data", lang))
    data.append(list(header))
    for c in data[1]:
        c.font = Font(bold=True)
    for r in rows:
        data.append(list(r))
    data.freeze_panes = "A2"
    for i, h in enumerate(header, start=1):
        data.column_dimensions[data.cell(1, i).column_letter].width = min(40, max(10, len(str(h)) + 2))

    about = wb.create_sheet(_sheet_title(t("exports.sheet.about", lang)))
    bold = Font(bold=True)
    sources = [s for m in metas for s in indicator_sources(m)]
    head = [
        (t("exports.about.title", lang), title),
        (t("exports.about.link", lang), link or ""),
        (t("exports.about.release", lang), release_date or ""),
        (t("exports.about.downloaded", lang), date.today().isoformat()),
        (t("exports.about.attribution", lang), " · ".join(attributions(sources))),
        ("", t("exports.about.rules", lang)),
        ("", ""),
    ]
    for k, v in head:
        about.append([k, v])
        about.cell(about.max_row, 1).font = bold
    cols = [t("exports.about.indicator", lang), t("exports.about.name", lang), t("exports.about.definition", lang),
            t("exports.about.unit", lang), t("exports.about.sources", lang), t("exports.about.comparability", lang),
            t("exports.about.note", lang)]
    about.append(cols)
    for c in about[about.max_row]:
        c.font = bold
    for m in metas:
        about.append([
            m.get("id", ""), m.get(f"name_{lang}") or m.get("name_en", ""), m.get(f"definition_{lang}") or "",
            t(f"unit.{m['unit']}", lang) if m.get("unit") else "", "; ".join(indicator_sources(m)),
            t(f"cmp.class.{m.get('comparability_class') or 'comparable'}", lang),
            m.get(f"comparability_{lang}") or "",
        ])
    for letter, width in zip("ABCDEFG", (22, 34, 60, 18, 40, 20, 60)):
        about.column_dimensions[letter].width = width
    for row in about.iter_rows(min_row=1):
        for c in row:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
