"""Component ids, namespaced per page so two pages can never collide."""
from __future__ import annotations

from typing import Callable


def make_ids(page: str) -> Callable[[str], str]:
    """`ids = make_ids("data"); ids("search")` -> "data-search"."""

    def ids(name: str) -> str:
        return f"{page}-{name}"

    return ids
