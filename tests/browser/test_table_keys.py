"""Explore's data table by keyboard (WCAG 2.1.1): a row's checkbox selects its place, the same
selection as a click on the map (address, picker, read-out values), and each column sorts from a
named button with Enter or Space, the header saying how it is sorted (aria-sort)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboard.i18n import t
from tests.browser.a11y_support import settle

pytestmark = pytest.mark.browser

BOXES = "#explore-table td.dash-select-cell input"
ACTIVE_LABEL = "() => document.activeElement && document.activeElement.getAttribute('aria-label')"


def _tab_to(page, test_js: str, limit: int = 200):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({test_js})(el); }}"):
            return
    pytest.fail(f"Tab never reached {test_js}")


def _numbers(texts: list[str]) -> list[float]:
    out = []
    for s in texts:
        s = s.replace("\u2212", "-").replace(",", "").strip()
        if re.fullmatch(r"-?\d+(\.\d+)?", s):
            out.append(float(s))
    return out


def test_a_row_is_selected_by_keyboard_like_a_map_click(page, store):
    lang = "en"
    page.goto(timeout=60_000, url=f"/explore?lang={lang}")
    settle(page)
    # the whole column is one tab stop
    assert page.evaluate(f"() => [...document.querySelectorAll('{BOXES}')].filter(b => b.tabIndex === 0).length") == 1
    _tab_to(page, "el => el.matches('td.dash-select-cell input')")
    first = page.evaluate("() => document.activeElement.closest('tr').querySelector('td[data-dash-column=place]').innerText.trim()")
    assert page.evaluate(ACTIVE_LABEL) == t("tablekeys.select", lang, name=first)
    page.keyboard.press("Space")
    code = next(c for c in store.partners() if store.place(c)["name_en"] == first)
    expect(page).to_have_url(re.compile(rf"sel={code}(&|$)"))
    expect(page.locator("#explore-picked-values")).to_contain_text(first)
    expect(page.locator("#explore-selection")).to_contain_text(first)
    # the arrow keys move down the column; Enter ticks too
    page.keyboard.press("ArrowDown")
    second = page.evaluate("() => document.activeElement.closest('tr').querySelector('td[data-dash-column=place]').innerText.trim()")
    assert second != first and page.evaluate(ACTIVE_LABEL) == t("tablekeys.select", lang, name=second)
    page.keyboard.press("Enter")
    code2 = next(c for c in store.partners() if store.place(c)["name_en"] == second)
    expect(page).to_have_url(re.compile(rf"sel={code},{code2}(&|$)"))
    expect(page.locator("#explore-picked-values")).to_contain_text(second)
    settle(page)  # the selection has gone round (state, picker, rows) before the next key
    assert page.evaluate(ACTIVE_LABEL) == t("tablekeys.select", lang, name=second)  # focus kept
    # un-ticking drops the place again
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(rf"sel={code}(&|$)"))
    # Tab leaves the column (and the table) in one step, not one per row
    page.keyboard.press("Tab")
    assert not page.evaluate("() => !!document.activeElement.closest('td.dash-select-cell')")


def test_rows_follow_the_selection_made_elsewhere(page, store):
    kranj = next(c for c in store.partners() if store.place(c)["name_en"] == "Kranj")
    page.goto(timeout=60_000, url=f"/explore?lang=de&sel={kranj}")
    settle(page)
    row = page.locator("#explore-table tr", has=page.locator("td[data-dash-column=place]", has_text="Kranj"))
    expect(row.locator("td.dash-select-cell input")).to_be_checked()
    assert page.locator(f"{BOXES}:checked").count() == 1
    # every checkbox is named after its row's place, in the page language
    labels = page.evaluate(f"() => [...document.querySelectorAll('{BOXES}')].map(b => b.getAttribute('aria-label'))")
    places = page.locator("#explore-table td[data-dash-column=place]").all_inner_texts()
    assert labels == [t("tablekeys.select", "de", name=p.strip()) for p in places]


def test_columns_sort_from_named_buttons(page):
    lang = "en"
    page.goto(timeout=60_000, url=f"/explore?lang={lang}")
    settle(page)
    header = page.locator("#explore-table th[data-dash-column=value]")
    name = header.locator(".column-header-name").inner_text().strip()
    button = header.locator("[role=button]")
    expect(button).to_have_attribute("aria-label", t("tablekeys.sort", lang, name=name))
    expect(header).not_to_have_attribute("aria-sort", re.compile("."))
    _tab_to(page, "el => el.getAttribute('role') === 'button' && el.closest('th[data-dash-column=value]')")
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "ascending")
    values = _numbers(page.locator("#explore-table td[data-dash-column=value]").all_inner_texts())
    assert len(values) > 5 and values == sorted(values)
    assert page.evaluate("() => !!document.activeElement.closest('th[data-dash-column=value]')")  # focus stays
    page.keyboard.press("Space")
    expect(header).to_have_attribute("aria-sort", "descending")
    values = _numbers(page.locator("#explore-table td[data-dash-column=value]").all_inner_texts())
    assert values == sorted(values, reverse=True)
    # only the sorted column says it is sorted
    assert page.locator("#explore-table th[aria-sort]").count() == 1


@pytest.mark.parametrize("lang", ["sl", "de"])
def test_all_municipalities_come_in_named_pages_and_a_tick_on_a_later_page_selects(page, store, lang):
    """With every municipality the table draws 50 rows at a time (the pager's buttons and number
    field named in the page's language); a place on page 2 is selected like any other."""
    page.goto(timeout=60_000, url=f"/explore?lang={lang}&scope=all")
    settle(page)
    rows = page.locator("#explore-table tbody tr:has(td)")
    expect(rows).to_have_count(50)
    nav = page.get_by_role("navigation", name=t("tablekeys.pager", lang))
    expect(nav).to_be_visible()
    n_pages = page.locator("#explore-table div.last-page").inner_text().strip()
    assert int(n_pages) >= 2
    expect(nav.get_by_role("textbox", name=t("tablekeys.page_number", lang, n=n_pages))).to_be_visible()
    first_page = rows.locator("td[data-dash-column=place]").all_inner_texts()
    nav.get_by_role("button", name=t("tablekeys.page_next", lang)).click()
    expect(rows.first.locator("td[data-dash-column=rank]")).to_have_text("51")
    second = rows.first.locator("td[data-dash-column=place]").inner_text().strip()
    assert second not in first_page
    rows.first.locator("td.dash-select-cell input").check()
    code = next(c for c in store.places.index if store.place(c)[f"name_{lang}"] == second)
    expect(page).to_have_url(re.compile(rf"sel={code}(&|$)"))
    # the ranking names the selected place although it is no longer in its top, bottom or partners
    expect(page.locator("#explore-ranking .ytick").filter(has_text=second)).to_have_count(1)
