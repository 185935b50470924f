"""Location score: an investor's own weighted composite of the indicators, with rank ranges.

The feature template (see the README's layout): `state` is the configuration and its URL round
trip, `logic` the maths on plain frames and the bridge to the store, `export` the CSV; `texts`
holds what the page says in words. None imports Dash; `dashboard.pages.score` lays it out and
holds the control options, `dashboard.figures.score` draws it.
"""
