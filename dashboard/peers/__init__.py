"""Peers: which municipalities are most like this one, and why (issue 13).

The feature template (see the README's layout): `state` is the chosen place, the indicators (a
preset or a list), k, the country filter, the scope and the year window with their URL round trip;
`logic` the method (robust z-scores, a weighted distance, the missing-data rule, the stability
bootstrap) on plain frames plus its bridge to the store; `export` the CSV. None imports Dash;
`dashboard.pages.peers` lays it out, `dashboard.figures.peers` draws the fingerprint.
"""
