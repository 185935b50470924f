"""A page opens from its first answer: Dash's layout request carries the page's address
(assets/page-address.js), so the frame and the page come together and no callback runs before the
first chart is drawn. A link inside the app still goes through Dash's page router."""
from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.browser

FIRST_CHART = "() => document.querySelector('#explore-map .js-plotly-plot:not(.dash-graph--pending) .main-svg')"


def _outputs(page) -> list[str]:
    """The outputs of every callback request the page makes from now on."""
    outputs: list[str] = []

    def sent(request):
        if "/_dash-update-component" in request.url and request.post_data:
            outputs.append(json.loads(request.post_data)["output"])

    page.on("request", sent)
    return outputs


def test_a_page_opens_without_waiting_for_a_callback(page):
    outputs = _outputs(page)
    page.goto("/explore?lang=de")
    page.wait_for_function(FIRST_CHART)
    assert page.locator("#shell-nav-explore").inner_text() == "Erkunden"  # the frame in the page's language
    assert page.locator(".page-explore h1").inner_text() == "Indikatoren erkunden"
    assert page.evaluate("document.documentElement.lang") == "de"
    assert not [o for o in outputs if "_pages_content" in o or "shell-" in o], outputs

    page.locator("#shell-nav-steering").click()
    page.wait_for_selector(".page-steering h1")
    assert any("_pages_content" in o for o in outputs), "an in-app link goes through the router"
    assert "/steering?lang=de" in page.url  # then the page writes its state into the address
    assert "active" in page.locator("#shell-nav-steering").get_attribute("class").split()
    page.go_back()
    page.wait_for_selector(".page-explore h1")
    page.wait_for_function(FIRST_CHART)
