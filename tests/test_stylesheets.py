"""The app's own stylesheets (assets/*.css) hold no rule whose subject is any element right after
or after a sibling (`legend + *`, `h2 ~ :not(.x)`).

Chromium checks such a rule against every element, so every parent becomes "styled by its
children's neighbours" and an element added or removed restyles the whole subtree after it.
Bootstrap's reboot had `legend+*{clear:left}`: each closed dropdown (Radix takes its focus guards
out of <body>) restyled the whole page, 13-21 ms of the click at 2,300 places."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ASSETS = Path(__file__).resolve().parents[1] / "assets"
SHEETS = sorted(ASSETS.glob("*.css"))


def _top_level_split(text: str, seps: str) -> list[str]:
    """`text` split on any of `seps` outside brackets and parentheses."""
    parts, depth, cur = [], 0, []
    for ch in text:
        depth += (ch in "([") - (ch in ")]")
        if depth == 0 and ch in seps:
            parts.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    parts.append("".join(cur))
    return parts


def selectors(css: str) -> list[str]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\{[^{}]*\}", "{}", css)  # declaration blocks (innermost) out
    found = []
    for head in re.findall(r"([^{}]+)\{\}", css):
        head = head.strip()
        if head.startswith("@"):
            continue
        found += [s.strip() for s in _top_level_split(head, ",") if s.strip()]
    return found


def universal_after_sibling(selector: str) -> bool:
    """The subject (last compound) names no tag, class or id, and a `+` or `~` comes before it."""
    spaced = re.sub(r"\s*([>+~])\s*", r" \1 ", selector)
    tokens = [t for t in _top_level_split(spaced, " ") if t]
    if len(tokens) < 3 or tokens[-2] not in "+~":
        return False
    subject = re.sub(r"\([^()]*\)", "", tokens[-1])
    return not re.match(r"[A-Za-z.#]", subject.lstrip("*"))


def test_the_check_finds_such_rules():
    rules = selectors("legend+*{clear:left} .a ~ :not(.b){x:y} @media (x){h2+p{a:b} .x + *.y{a:b}} a>*{c:d}")
    assert [s for s in rules if universal_after_sibling(s)] == ["legend+*", ".a ~ :not(.b)"]


@pytest.mark.parametrize("sheet", SHEETS, ids=[s.name for s in SHEETS])
def test_no_rule_restyles_a_whole_subtree_when_a_sibling_comes_or_goes(sheet):
    rules = selectors(sheet.read_text(encoding="utf-8"))
    assert rules, f"{sheet.name}: no rule read"
    bad = [s for s in rules if universal_after_sibling(s)]
    assert not bad, f"{sheet.name}: rules whose subject is any element after a sibling: {bad}"
