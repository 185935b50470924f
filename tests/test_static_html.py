"""StaticHtml: server-written markup as one component. Every text and attribute is escaped, and a
ranking table answer mounts few components (Dash's renderer costs about components-mounted x
components-on-the-page per answer: 1.5 s per Score weight change with 700)."""
from __future__ import annotations

import pytest

from dashboard.components.static_html import Raw, StaticHtml, element
from dashboard.score import logic as sc
from dashboard.score import state as scs
from dashboard.store import load_store
from tests.layout_walk import walk


def test_text_and_attributes_are_escaped():
    name = "<script>alert(1)</script> & \"Kranj\""
    markup = element("tr", [element("td", name, class_="x"), None, element("td", False)],
                     data_place='SI-1" onmouseover="x', title=None)
    assert "<script>" not in markup and "onmouseover=\"x" not in markup
    assert markup == ('<tr data-place="SI-1&quot; onmouseover=&quot;x"><td class="x">&lt;script&gt;alert(1)'
                      '&lt;/script&gt; &amp; "Kranj"</td><td></td></tr>')


def test_only_markup_made_by_element_is_accepted():
    with pytest.raises(TypeError):
        StaticHtml("<b>unchecked</b>")
    assert StaticHtml(Raw("")).to_plotly_json()["props"]["html"] == ""


def test_scores_ranking_page_is_one_component_not_one_per_cell():
    import app  # noqa: F401 - registers the pages
    from dashboard.pages import score

    store = load_store()
    config = scs.parse_query({"scope": "all", "lang": "sl"}, store).config
    views = score._page_views(store, config, sc.run(store, config), 0)
    table = views["table"]
    assert isinstance(table, StaticHtml) and len(list(walk(table))) == 1
    assert table.html.count(" data-place=") == score.PAGE_SIZE
