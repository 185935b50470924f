"""The score's ranking with every municipality is sent a page at a time (issue 14), and each
"invert" box is named after its indicator for a screen reader (issue 11). Expected rows come from
`dashboard.score.logic.run`, so a test fails when a page disagrees with the maths."""
from __future__ import annotations

import json
from html.parser import HTMLParser

import plotly.utils
import pytest

from dashboard.i18n import LANGS, fmt_number, t
from dashboard.score import logic as sc
from dashboard.score import state as scs
from dashboard.store import load_store
from tests.layout_walk import walk as _walk


@pytest.fixture(scope="module")
def page_module():
    import app  # noqa: F401 - registers the pages
    from dashboard.pages import score
    return score


@pytest.fixture(scope="module")
def store():
    return load_store()




class _Table(HTMLParser):
    """The rows' places and the text of the table's markup (a StaticHtml: one component)."""

    def __init__(self, markup: str):
        super().__init__()
        self.rows, self.text = [], []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        if tag == "tr" and dict(attrs).get("data-place"):
            self.rows.append(dict(attrs)["data-place"])

    def handle_data(self, data):
        self.text.append(data)


def _rows(table) -> list[str]:
    return _Table(table.html).rows


def _text(table) -> str:
    return "".join(_Table(table.html).text)


@pytest.mark.parametrize("lang", LANGS)
def test_every_municipality_is_ranked_page_by_page(page_module, store, lang):
    """scope=all: each page holds PAGE_SIZE rows of the ranking in order; the chart draws the same
    rows; the pages together are the whole ranking, each place once; "rows 51–100 of N" says where."""
    config = scs.parse_query({"scope": "all", "lang": lang}, store).config
    result = sc.run(store, config)
    n = len(result.table)
    size = page_module.PAGE_SIZE
    assert n > size, "the shipped data has more municipalities than one page"
    seen = []
    last = (n - 1) // size
    for page in range(last + 1):
        v = page_module._page_views(store, config, result, page)
        rows = _rows(v["table"])
        assert rows == list(result.table.index[page * size:(page + 1) * size])
        assert v["figure"]["layout"]["yaxis"]["categoryarray"] == rows
        assert [int(r) for r in result.table.loc[rows, "rank"]] == sorted(int(r) for r in result.table.loc[rows, "rank"])
        first, stop = page * size + 1, min((page + 1) * size, n)
        status = t("score.page.status", lang, first=fmt_number(first, 0, lang), last=fmt_number(stop, 0, lang),
                   total=fmt_number(n, 0, lang))
        assert v["pager"]["status"] == status
        assert status in _text(v["table"])  # the table's caption: a screen reader hears which rows
        assert v["pager"]["prev_disabled"] == (page == 0) and v["pager"]["next_disabled"] == (page == last)
        seen += rows
    assert seen == list(result.table.index)
    # out-of-range pages (a stale click) show the nearest page, never an empty table
    assert page_module._page_views(store, config, result, last + 5)["page"] == last
    assert page_module._page_views(store, config, result, -3)["page"] == 0


def test_partners_fit_one_page_without_pager(page_module, store):
    config = scs.parse_query({}, store).config
    v = page_module._views(store, config)
    assert "d-none" in v["pager"]["class"].split()
    assert v["chart_note"] == ""
    assert _rows(v["table"]) == list(sc.run(store, config).table.index)


def test_recompute_with_every_municipality_sends_one_page(page_module, store):
    """What a weight change sends stays small: one page of rows in the table and the chart, the
    minimal template, no per-place list longer than MAX_LISTED."""
    config = scs.parse_query({"scope": "all", "cover": "100", "missing": "exclude"}, store).config
    v = page_module._views(store, config)
    assert len(v["figure"]["layout"]["yaxis"]["categoryarray"]) == page_module.PAGE_SIZE
    assert "colorscale" not in json.dumps(v["figure"]["layout"]["template"])  # not Plotly's default one
    for block in v["dropped"] + v["messages"]:
        items = [n for n in _walk(block) if type(n).__name__ == "Li"]
        assert len(items) <= 3 * (page_module.MAX_LISTED + 1)
    size = sum(len(json.dumps(v[k], cls=plotly.utils.PlotlyJSONEncoder))
               for k in ("figure", "table", "dropped", "messages", "legend", "method"))
    assert size < 500_000


@pytest.mark.parametrize("lang", LANGS)
def test_invert_boxes_are_named_after_their_indicator(page_module, store, lang):
    """Every row had a box labelled only "invert"; a screen reader now hears "Invert: <indicator>"
    (the visible word is hidden from it, the full name is visually hidden)."""
    labels = page_module.sct.indicator_labels(store, lang)
    config = scs.parse_query({"lang": lang}, store).config
    rows = page_module._weight_rows(store, config, lang)
    boxes = [n for row in rows for n in _walk(row)
             if isinstance(getattr(n, "id", None), dict) and n.id.get("type") == "score-inv"]
    assert len(boxes) == len(scs.weightable_ids(store))
    names = set()
    for box in boxes:
        label = box.options[0]["label"]
        shown, spoken = label.children
        assert shown.__dict__["aria-hidden"] == "true" and shown.children == t("score.invert", lang)
        assert "visually-hidden" in spoken.className
        assert spoken.children == t("score.invert_of", lang, name=labels[box.id["ind"]]["name"])
        names.add(spoken.children)
    assert len(names) == len(boxes)  # one name per indicator, none repeated
