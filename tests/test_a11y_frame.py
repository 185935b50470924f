"""The first HTML response is in the page's language: `<html lang>` and `<title>` come from the
server (a screen reader starts reading before any script corrects them), and the page template
has one `contentinfo` landmark (the site footer), not a second one around Dash's scripts."""
from __future__ import annotations

import re

import pytest

from dashboard.components.shell import ATTRIBUTION, ATTRIBUTION_LANG, PAGE_TITLES, footer
from dashboard.i18n import LANGS, t


@pytest.fixture(scope="module")
def client():
    import app

    return app.server.test_client()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", ["/", "/explore", "/steering", "/data", "/slides"])
def test_first_response_has_language_and_title(client, path, lang):
    body = client.get(f"{path}?lang={lang}").get_data(as_text=True)
    assert re.search(rf'<html lang="{lang}"', body)
    title = re.search(r"<title>([^<]*)</title>", body).group(1)
    assert title.startswith(t(PAGE_TITLES[path], lang).replace("&", "&amp;"))


def test_unknown_language_falls_back_to_english(client):
    body = client.get("/explore?lang=xx").get_data(as_text=True)
    assert '<html lang="en"' in body


def test_template_has_no_footer_around_scripts(client):
    body = client.get("/?lang=de").get_data(as_text=True)
    assert "<footer" not in body  # the site footer is rendered by Dash, not the template
    assert 'id="_dash-renderer"' in body


def test_attributions_in_other_languages_carry_lang():
    items = footer("en").children[0].children[1].children
    langs = {item.children: getattr(item, "lang", None) for item in items}
    assert set(langs) == set(ATTRIBUTION)
    assert langs["Vir: SURS"] == "sl" and langs["Quelle: Statistik Austria"] == "de"
    assert all(langs[text] == code for text, code in ATTRIBUTION_LANG.items())
