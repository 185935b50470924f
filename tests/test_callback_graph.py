"""The callback graph the browser receives (`/_dash-dependencies`) has no cycle through a callback.

Dash holds back a callback whose inputs lie downstream of a call still on its way; on a cycle
that is the callback itself, and a second change made while the first answer travels was never
sent (Explore: the dropdown showed the new indicator, the page the old one; the picker lost the
second place). A callback that writes a control it reads also let an older answer win (Score:
slider at 3, score and address at 1). Controls follow their state with `set_props`
(dashboard/components/follow.py), which adds no edge. tests/browser/test_quick_changes.py shows the
user's side of it on a slow server.
"""
from __future__ import annotations

import json
from collections import defaultdict

import app as app_module

# Callbacks allowed to write one of their own inputs, and why.
WRITES_ITS_INPUT = {
    # an upload is emptied once read, so the same file can be loaded again (uploads are rare and
    # one at a time: no second upload is on its way while the first is read)
    "slides-upload.contents",
}


def _node(cid, prop: str) -> str:
    if isinstance(cid, str) and cid.startswith("{"):
        cid = json.loads(cid)
    if isinstance(cid, dict):  # a pattern: one node per component type
        cid = cid.get("type")
    return f"{cid}.{prop.split('@')[0]}"


def _outputs(spec: str, no_output: bool) -> set[str]:
    if no_output:
        return set()
    parts = spec[2:-2].split("...") if spec.startswith("..") else [spec]
    nodes = set()
    for part in parts:
        cid, _, prop = part.rpartition(".")
        nodes.add(_node(cid, prop))
    return nodes


def _graph() -> list[tuple[str, set[str], set[str]]]:
    deps = app_module.server.test_client().get("/_dash-dependencies").get_json()
    callbacks = []
    for d in deps:
        outs = _outputs(d["output"], d.get("no_output", False))
        ins = {_node(i["id"], i["property"]) for i in d["inputs"]}
        callbacks.append((d["output"][:120], ins, outs))
    return callbacks


def _on_a_cycle(callbacks) -> list[str]:
    succ = defaultdict(set)
    for a, (_, _, outs) in enumerate(callbacks):
        for b, (_, ins, _) in enumerate(callbacks):
            if a != b and outs & ins:
                succ[a].add(b)
    found = []
    for a in range(len(callbacks)):
        seen, stack = set(), [a]
        while stack:
            for y in succ[stack.pop()]:
                if y not in seen:
                    seen.add(y)
                    stack.append(y)
        if a in seen:
            found.append(callbacks[a][0])
    return found


def test_no_callback_sits_on_a_cycle_of_the_graph():
    callbacks = _graph()
    assert len(callbacks) > 40  # every page's callbacks are registered
    assert _on_a_cycle(callbacks) == []


def test_no_callback_writes_a_control_it_reads():
    written = sorted(n for _, ins, outs in _graph() for n in ins & outs if n not in WRITES_ITS_INPUT)
    assert written == []


def test_the_cycle_check_finds_a_cycle():
    # the check itself: a -> b -> a is found, a chain is not
    assert _on_a_cycle([("a", {"x.value"}, {"y.data"}), ("b", {"y.data"}, {"x.value"})]) == ["a", "b"]
    assert _on_a_cycle([("a", {"x.value"}, {"y.data"}), ("b", {"y.data"}, {"z.value"})]) == []
