"""Controls that follow a page's state store, set in the browser with `set_props`.

A control that a callback both reads and writes (directly, or through other callbacks) puts that
callback on a cycle of Dash's callback graph. Dash then never sends a second change made while the
first answer is on its way: the control showed the new choice, the page the old one. `set_props`
adds no edge to the graph, so the state's callbacks stay off any cycle; only values that differ are
set, because Dash takes every set value for a change and would ask the server again.
"""
from __future__ import annotations

import json

import dash
from dash import Input, State


def follow(state_id: str, targets: dict[str, str], prop: str = "value") -> None:
    """Each component in `targets` (id -> key in the state) takes the state's value for that key."""
    ids = list(targets)
    dash.clientside_callback(
        """
        function (state, ...now) {
            if (!state || typeof state !== 'object') { return; }
            const targets = %s, prop = %s;
            Object.keys(targets).forEach((id, i) => {
                const want = state[targets[id]];
                if (want !== undefined && JSON.stringify(want) !== JSON.stringify(now[i])) {
                    window.dash_clientside.set_props(id, {[prop]: want});
                }
            });
        }
        """ % (json.dumps(targets), json.dumps(prop)),
        Input(state_id, "data"),
        *[State(i, prop) for i in ids],
        prevent_initial_call=True,
    )
