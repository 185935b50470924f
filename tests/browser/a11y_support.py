"""Shared helpers for the accessibility browser tests: axe-core run in the page, and "the page has
settled" (callbacks done, every chart drawn) so axe sees what a reader sees.

axe-core comes from the `axe-playwright-python` wheel (it bundles axe.min.js); the script is read
from the installed package and injected into the page, so nothing is fetched at test time.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

PAGES = {  # name -> path (the default view of each page)
    "home": "/",
    "explore": "/explore",
    "profile": "/profile",
    "compare": "/compare",
    "score": "/score",
    "peers": "/peers",
    "steering": "/steering",
    "slides": "/slides",
    "data": "/data",
}
BLOCKING = ("critical", "serious")


@lru_cache(maxsize=1)
def axe_script() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def settle(page, timeout_ms: int = 30_000) -> None:
    """Wait until Dash has no callback in flight and every dcc.Graph on the page has drawn."""
    page.wait_for_load_state("networkidle", timeout=timeout_ms)
    page.wait_for_function(
        """() => {
            if (!document.querySelector('#_pages_content')) return false;
            if (document.querySelector('[data-dash-is-loading="true"]')) return false;
            const graphs = Array.from(document.querySelectorAll('.dash-graph'));
            return graphs.every(g => g.offsetParent === null || g.querySelector('.main-svg'));
        }""",
        timeout=timeout_ms,
    )
    page.wait_for_load_state("networkidle", timeout=timeout_ms)


def run_axe(page, skip: tuple[str, ...] = ()) -> list[dict]:
    """axe's violations on the current page (all default rules but `skip`), as plain dicts."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # evaluated through the DevTools protocol: a <script> tag would be (rightly) refused by the CSP
        page.evaluate(axe_script())
    result = page.evaluate(
        "skip => axe.run(document, {resultTypes: ['violations'],"
        " rules: Object.fromEntries(skip.map(r => [r, {enabled: false}]))})", list(skip))
    return result["violations"]


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v.get("impact") in BLOCKING]


def describe(violations: list[dict], limit: int = 3) -> str:
    """One line per rule with its impact, node count and the first few targets."""
    lines = []
    for v in violations:
        targets = [" ".join(map(str, n["target"])) for n in v["nodes"][:limit]]
        lines.append(f"{v['impact']:8} {v['id']} x{len(v['nodes'])}: {targets}")
    return "\n".join(lines)
