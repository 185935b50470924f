"""Presentation mode on a projector (1366x768) and a full-HD screen: every chart card (chart,
legend inside the drawn SVG, and the caption with its sources beside it) and the steering matrix
with its colour key fit on one screen above the fixed sources line, so a presenter can bring each
one fully into view with nothing hidden behind the fixed bars. Compare's small multiples scroll
under a pinned key of the places beside pinned sources: each panel fits a screen with both."""
from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.a11y_support import PAGES, settle

pytestmark = pytest.mark.browser

SCREENS = {"1366x768": (1366, 768), "1920x1080": (1920, 1080)}

# [what, height, room] per chart card (Compare's small multiples are checked on their own) and for
# the steering key + matrix; [what, "caption"] for a card whose period, sources, licences or release
# date are scrolled out of its caption (comparability notes may scroll, they come after them).
MEASURE = """() => {
  const foot = document.querySelector('#shell-footer');
  const room = innerHeight - (foot ? foot.getBoundingClientRect().height : 0);
  const out = [];
  document.querySelectorAll('.dash-graph').forEach(g => {
    if (!g.offsetParent || !g.querySelector('.main-svg') || g.closest('.sm-panel')) return;
    const box = g.closest('.card') || g;
    const top = box.getBoundingClientRect().top;
    const bottom = Math.max(box.getBoundingClientRect().bottom,
      ...Array.from(g.querySelectorAll('.main-svg')).map(s => s.getBoundingClientRect().bottom));
    out.push([g.id || 'chart', Math.round(bottom - top), Math.round(room)]);
    const cap = box.querySelector('[data-share-bar] .share-caption');
    if (!cap) return;
    const holder = cap.closest('.card-footer') || cap.closest('[data-share-bar]');
    const lines = Array.from(cap.children).filter(l => !l.textContent.trim().startsWith('\u26a0'));
    if (lines.some(l => l.getBoundingClientRect().bottom > holder.getBoundingClientRect().bottom + 1))
      out.push([g.id || 'chart', 'caption']);
  });
  document.querySelectorAll('.steering-matrix-wrap').forEach(w => {
    if (!w.offsetParent) return;
    const key = w.closest('section') && w.closest('section').querySelector('.steering-legend');
    const top = (key && key.offsetParent ? key : w).getBoundingClientRect().top;
    out.push(['steering-key+matrix', Math.round(w.getBoundingClientRect().bottom - top), Math.round(room)]);
  });
  return out;
}"""


# Tables on show (not the data tables folded into a <details> as a chart's text alternative) keep every
# column in view: on a projector nobody scrolls a table sideways.
WIDE_TABLES = """() => Array.from(document.querySelectorAll('.table-responsive'))
  .filter(e => e.offsetParent && !e.closest('details') && e.scrollWidth > e.clientWidth + 1)
  .map(e => [(e.querySelector('table') || e).id || e.className, e.scrollWidth, e.clientWidth])"""


def _open(page, path: str, screen: str):
    width, height = SCREENS[screen]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(timeout=60_000, url=path)
    settle(page)
    return page


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("name", list(PAGES))
def test_each_chart_fits_one_screen(page, name, screen):
    _open(page, f"{PAGES[name]}?lang=de&present=1", screen)
    try:  # present.js fits the charts a few frames after they draw: give it those frames
        page.wait_for_function(f"() => ({MEASURE})().every(m => m.length === 3 && m[1] <= m[2])",
                               timeout=10_000, polling=250)
    except PlaywrightTimeout:
        pass  # the assertions below say what does not fit
    found = page.evaluate(MEASURE)
    too_tall = [m for m in found if len(m) == 3 and m[1] > m[2]]
    assert not too_tall, f"{name} at {screen}: taller than the screen above the sources: {too_tall}"
    hidden = [m[0] for m in found if len(m) == 2]
    assert not hidden, f"{name} at {screen}: sources or release date scrolled out of the caption: {hidden}"
    wide = page.evaluate(WIDE_TABLES)
    assert not wide, f"{name} at {screen}: a table scrolls sideways (scroll width, box width): {wide}"


# Each Compare panel scrolled to the middle of the screen (or as far as the page goes): the key of the
# places above it, the panel whole above the fixed sources line, and the caption's first line (the
# sources) starting in view beside it.
PANELS = """() => {
  const foot = document.querySelector('#shell-footer');
  const room = innerHeight - (foot ? foot.getBoundingClientRect().height : 0);
  const key = document.querySelector('.sm-legend');
  const first = document.querySelector('#compare-small-multiples [data-share-bar] .share-caption > *');
  const bad = [];
  const panels = Array.from(document.querySelectorAll('.sm-panel'));
  panels.forEach(p => {
    p.scrollIntoView({block: 'center', behavior: 'instant'});
    const r = p.getBoundingClientRect(), k = key.getBoundingClientRect(), f = first.getBoundingClientRect();
    if (k.top < 0 || r.top < k.bottom - 1 || r.bottom > room + 1 || f.top < 0 || f.top > room - 40)
      bad.push([p.dataset.indicator, Math.round(k.bottom), Math.round(r.top), Math.round(r.bottom),
                Math.round(f.top), Math.round(room)]);
  });
  return [panels.length, bad];
}"""


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("lang", ["de", "sl"])
def test_compare_panels_each_on_screen_with_key_and_sources(page, lang, screen):
    _open(page, f"/compare?lang={lang}&present=1", screen)
    count, bad = page.evaluate(PANELS)
    assert count >= 4, "the default comparison has small multiples"
    assert not bad, f"{screen}: panel off screen or key/sources not beside it [id, key bottom, top, bottom, " \
                    f"sources top, room]: {bad}"

