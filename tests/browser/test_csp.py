"""Every page renders under the app's Content-Security-Policy: the header is there, the page draws
its heading and charts (so Dash's renderer, callbacks and Plotly all ran), and the browser reports
no policy violation (the `page` fixture also fails on any console error)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# path -> a selector that shows the page's callbacks ran (a chart, or the page's heading)
PAGES = {
    "/": "#_pages_content h1",
    "/data": ".coverage-graph .main-svg",
    "/explore": "#_pages_content .main-svg",
    "/explore?present=1": "#_pages_content .main-svg",
    "/profile": "#_pages_content h1",
    "/compare": "#_pages_content .main-svg",
    "/score": "#_pages_content .main-svg",
    "/peers": "#_pages_content .main-svg",
    "/steering": ".steering-matrix tbody tr",
    "/slides": "#_pages_content h1",
    "/no-such-page": "#_pages_content h1",
}

_LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
    e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));
"""


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_under_policy(page, path):
    page.add_init_script(_LISTEN)
    response = page.goto(path)
    csp = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in csp and "unsafe-eval" not in csp and "frame-ancestors 'self'" in csp
    page.wait_for_selector(PAGES[path], timeout=45_000)  # a first render on a busy machine
    expect(page.locator("#_pages_content h1").first).to_be_visible()
    page.wait_for_timeout(500)  # late violations (a chart's second draw) are reported too
    assert page.evaluate("window.__cspViolations") == []
