"""Regional steering view: the partners (or regions) x chosen indicators matrix, and the
Slovenian vs Austrian side comparison.

`matrix` holds everything that is numbers and state (URL round trip, column years, standing,
colours, sorting, cross-border aggregates, CSV); `dashboard.figures.steering` turns that into
texts, the table model and Plotly figures. Neither imports Dash, so both are tested as plain
functions; `dashboard.pages.steering` only wires them to components.
"""
