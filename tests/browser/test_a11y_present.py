"""Presentation mode on a projector (1366x768) and a full-HD screen: every chart (with its legend,
inside the drawn SVG) and the steering matrix fit on one screen above the sources line, so a
presenter can scroll each one fully into view with nothing hidden behind the fixed bars.

Pages that do not fit yet are marked xfail(strict=True) with what overflows; they fail the suite
the day they fit, so the mark is then removed."""
from __future__ import annotations

import pytest

from tests.browser.a11y_support import PAGES, settle

pytestmark = pytest.mark.browser

SCREENS = {"1366x768": (1366, 768), "1920x1080": (1920, 1080)}
# (page, screen) -> why it does not fit yet (measured 2026-12-05)
NOT_YET = {
    ("explore", "1366x768"): "map card 898 px and ranking card 945 px on a 733 px screen above the sources",
    ("score", "1366x768"): "score chart card taller than the screen",
    ("score", "1920x1080"): "score chart card taller than the screen",
    ("peers", "1366x768"): "similarity map card taller than the screen",
    ("peers", "1920x1080"): "similarity map card taller than the screen",
    ("steering", "1366x768"): "16-row matrix taller than the screen",
    ("steering", "1920x1080"): "16-row matrix taller than the screen",
    ("data", "1366x768"): "coverage matrix taller than the screen",
    ("compare", "1366x768"): "small multiples in one card",
    ("compare", "1920x1080"): "small multiples in one card",
}

MEASURE = """() => {
  const foot = document.querySelector('#shell-footer');
  const room = innerHeight - (foot ? foot.getBoundingClientRect().height : 0);
  const out = [];
  document.querySelectorAll('.dash-graph').forEach(g => {
    if (!g.offsetParent || !g.querySelector('.main-svg')) return;
    const box = g.closest('.card') || g;
    const top = box.getBoundingClientRect().top;
    const bottom = Math.max(box.getBoundingClientRect().bottom,
      ...Array.from(g.querySelectorAll('.main-svg')).map(s => s.getBoundingClientRect().bottom));
    out.push([g.id || 'chart', Math.round(bottom - top), Math.round(room)]);
  });
  document.querySelectorAll('.steering-matrix-wrap').forEach(w => {
    if (w.offsetParent) out.push(['steering-matrix', Math.round(w.getBoundingClientRect().height), Math.round(room)]);
  });
  return out;
}"""


def _cases():
    for name in PAGES:
        for screen in SCREENS:
            why = NOT_YET.get((name, screen))
            marks = [pytest.mark.xfail(strict=True, reason=why)] if why else []
            yield pytest.param(name, screen, marks=marks, id=f"{name}-{screen}")


@pytest.mark.parametrize("name,screen", list(_cases()))
def test_each_chart_fits_one_screen(browser, app_url, name, screen):
    width, height = SCREENS[screen]
    context = browser.new_context(viewport={"width": width, "height": height}, base_url=app_url,
                                  service_workers="block")
    try:
        page = context.new_page()
        page.goto(timeout=60_000, url=f"{PAGES[name]}?lang=de&present=1")
        settle(page)
        too_tall = [(what, h, room) for what, h, room in page.evaluate(MEASURE) if h > room]
        assert not too_tall, f"{name} at {screen}: taller than the screen above the sources: {too_tall}"
    finally:
        context.close()
