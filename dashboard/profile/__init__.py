"""Location profile: one partner municipality on one page, for investors.

The feature template (see the README's layout): `state` is the chosen place and its URL round
trip, `logic` the rules a reader relies on (which year is compared, what counts as a strength),
`export` the CSV. None imports Dash; `dashboard.pages.profile` lays it out, the place picker's
options are `dashboard.components.places`.
"""
