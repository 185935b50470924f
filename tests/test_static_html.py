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


def test_markup_of_html_components_is_what_react_would_draw():
    from dash import dcc, html

    from dashboard.components.static_html import markup

    tree = html.Tr([
        html.Th([html.Div("Kranj <SI>", className="ind-name"),
                 html.Span("★", className="best-icon", **{"aria-hidden": "true"}), None], scope="row", colSpan=2),
        html.Td([html.Img(src="data:image/svg+xml,x", alt="trend", width=120), 2025, " ", 1.5], className="num",
                style={"background": "#2c7bb6", "fontWeight": "600"}, tabIndex=-1, hidden=False,
                title='a "b"', **{"data-place": "SI-052"}),
        html.Td(dcc.Link("Explore", href="/explore?lang=sl&sel=SI-052", className="ind-name", title="t")),
        html.Td(dcc.Link("Reload", href="/data", refresh=True)),
        html.Td(StaticHtml(element("span", "x"), className="pstrip-wrap")),
        html.Td(hidden=True, n_clicks=0),  # a Dash prop, no attribute
    ])
    assert markup(tree) == (
        '<tr><th colspan="2" scope="row"><div class="ind-name">Kranj &lt;SI&gt;</div>'
        '<span class="best-icon" aria-hidden="true">★</span></th>'
        '<td class="num" style="background: #2c7bb6; font-weight: 600" tabindex="-1" title="a &quot;b&quot;" '
        'data-place="SI-052"><img alt="trend" src="data:image/svg+xml,x" width="120">2025 1.5</td>'
        # an in-app link keeps working without a new page load (assets/spa-links.js)
        '<td><a href="/explore?lang=sl&amp;sel=SI-052" title="t" class="ind-name" data-spa-link="">Explore</a></td>'
        '<td><a href="/data">Reload</a></td>'
        '<td><div class="pstrip-wrap"><span>x</span></div></td>'
        '<td hidden="hidden"></td></tr>')


@pytest.mark.parametrize("node", [
    "dcc.Graph()", "dcc.Dropdown(options=[])", "html.Div(style={'width': 120})", "html.Img(src='x', children='t')",
])
def test_what_markup_cannot_draw_is_refused(node):
    from dash import dcc, html  # noqa: F401 - for eval

    from dashboard.components.static_html import markup

    with pytest.raises(TypeError):
        markup(html.Div(eval(node)))


def test_static_keeps_the_root_element_or_refuses():
    from dash import html

    from dashboard.components.static_html import static

    body = static(html.Tbody([html.Tr(html.Td("1"))], className="b", id="t"))
    assert body.to_plotly_json()["props"] == {"html": "<tr><td>1</td></tr>", "className": "b", "id": "t",
                                              "tag": "tbody"}
    with pytest.raises(TypeError):  # its data attribute would be lost
        static(html.Tbody([], **{"data-theme": "x"}))
    with pytest.raises(TypeError):
        StaticHtml(Raw(""), tag="script")


def test_the_big_tables_are_one_component_each():
    """Profile's, Compare's, Steering's and Peers' tables made up most of those pages (~800, ~450,
    ~170, ~220 html components): each answer's components cost Dash's renderer a store read per
    component on the page."""
    import app  # noqa: F401 - registers the pages
    from dashboard.pages import compare, peers, profile, steering

    profile_page = profile.layout(place="SI-052", lang="en")
    tables = [c for c in walk(profile_page) if isinstance(c, StaticHtml) and "profile-table" in (c.className or "")]
    assert len(tables) == 7 and all(c.to_plotly_json()["props"]["tag"] == "table" for c in tables)
    assert sum(t.html.count('class="ind-row') for t in tables) == len(load_store().indicator_ids())
    assert len(list(walk(profile_page))) < 300
    compare_page = compare.layout(places="SI-052,AT-61108", lang="en")
    bodies = [c for c in walk(compare_page) if isinstance(c, StaticHtml) and c.to_plotly_json()["props"].get("tag") == "tbody"]
    assert len(bodies) == 1 and bodies[0].html.count('class="ind-row"') > 20
    assert len(list(walk(compare_page))) < 350
    steering_page = steering.layout(lang="en")
    matrix = [c for c in walk(steering_page) if isinstance(c, StaticHtml) and 'data-code="' in c.html]
    assert len(matrix) == 1 and matrix[0].html.count('class="cell') > 100
    peers_page = peers.layout(lang="en")
    bodies = [c for c in walk(peers_page) if isinstance(c, StaticHtml) and c.to_plotly_json()["props"].get("tag") == "tbody"]
    assert len(bodies) == 2 and 'data-spa-link=""' in bodies[0].html
    assert len(list(walk(peers_page))) < 200 and len(list(walk(steering_page))) < 220
