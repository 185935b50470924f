"""Regional steering view: the partners (or regions) x chosen indicators matrix, and the
Slovenian vs Austrian side comparison.

The feature template (see the README's layout): `state` is the view's state and its URL round
trip, `logic` the numbers (column years, standing, sorting, cross-border aggregates), `export` the
CSV; the cell colours are in `dashboard.figures.palette`, and `dashboard.figures.steering` turns a
matrix into texts, the table model and Plotly figures. None imports Dash, so all are tested as
plain functions; `dashboard.pages.steering` holds the control options and wires them to components.
"""
