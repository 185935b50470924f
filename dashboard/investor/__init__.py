"""The investor view: a one-municipality location profile and a side-by-side comparison.

Pure modules (no Dash import), so the rules a reader relies on — which year is compared, what
counts as a strength, which value is best — are plain functions with their own tests. The pages
in `dashboard/pages/profile.py` and `compare.py` only lay them out.
"""
