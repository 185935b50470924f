"""Compare: two to four partner municipalities side by side.

The feature template (see the README's layout): `state` is the compared places, the year mode and
their URL round trip, `logic` the rows (which year a cell shows, which value is best), `export` the
CSV. None imports Dash; `dashboard.pages.compare` lays it out, the place colours are in
`dashboard.figures.palette`.
"""
