"""axe-core on every page, in every language, and in presentation mode, after the charts have
drawn: no critical and no serious violation (WCAG 2.1 AA, EU Web Accessibility Directive).

Presentation mode changes sizes and layout, not words: each page is checked in it in one language,
the languages taking turns over the pages, so each is seen there (the words of every language are
checked on every page in the normal view).

Colour contrast is a property of colours, not of words: axe's contrast rule (60-80 % of its time)
runs on each page in one language in the normal view, the languages taking turns, and in
presentation mode; every other rule runs in every language.

axe.min.js comes from the installed `axe-playwright-python` wheel (see a11y_support), never from
the network; the page fixture fails any test whose page requests something off 127.0.0.1.
"""
from __future__ import annotations

import pytest

from dashboard.i18n import LANGS
from tests.browser.a11y_support import PAGES, blocking, describe, run_axe, settle

pytestmark = pytest.mark.browser


VARIANTS = [(name, lang, False) for name in PAGES for lang in LANGS] + [
    (name, LANGS[n % len(LANGS)], True) for n, name in enumerate(PAGES)]
CONTRAST_LANG = {name: LANGS[(n + 1) % len(LANGS)] for n, name in enumerate(PAGES)}


@pytest.mark.parametrize(("name", "lang", "present"), VARIANTS,
                         ids=[f"{n}-{lang}-{'present' if p else 'normal'}" for n, lang, p in VARIANTS])
def test_no_serious_axe_violations(page, name, lang, present):
    page.goto(timeout=60_000, url=f"{PAGES[name]}?lang={lang}" + ("&present=1" if present else ""))
    settle(page)
    skip = () if present or CONTRAST_LANG[name] == lang else ("color-contrast",)
    found = blocking(run_axe(page, skip=skip))
    assert not found, f"{name} {lang} present={present}:\n{describe(found)}"


def test_axe_sees_a_planted_violation(page):
    """Guards the test above: an unnamed form field and pale grey text added to a page must be
    reported, the text only where the contrast rule runs."""
    page.goto(timeout=60_000, url="/?lang=en")
    settle(page)
    page.evaluate("() => { const i = document.createElement('input'); i.type = 'text';"
                  " i.id = 'planted'; document.querySelector('main').appendChild(i);"
                  " const p = document.createElement('p'); p.textContent = 'pale text';"
                  " p.style.color = '#ddd'; p.style.background = '#fff';"
                  " document.querySelector('main').appendChild(p); }")
    rules = {v["id"] for v in blocking(run_axe(page))}
    assert {"label", "color-contrast"} <= rules
    rules = {v["id"] for v in blocking(run_axe(page, skip=("color-contrast",)))}
    assert "label" in rules and "color-contrast" not in rules
