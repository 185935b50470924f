"""Explore: one indicator, one year, the places as a map, a ranking and a time series.

The feature template (see the README's layout): `state` is the view's state and its URL round
trip, `logic` its logic (the headless view controller and the figures' inputs from the store),
`export` the table, CSV and PNG downloads; `render` and `summary` feed the page its figures and
texts. None imports Dash; `dashboard.pages.explore` lays it out and holds the control options.
"""
