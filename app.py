"""Innovative Location: creates the Dash app and its WSGI `server`; pages register themselves.

`python app.py` serves on 127.0.0.1:8050 (INNOLOC_HOST / INNOLOC_PORT override it; INNOLOC_DEBUG=1
turns on Dash's debug mode). Everything is served from this process: no CDN, no web fonts.
"""
from __future__ import annotations

import os

import dash

from dashboard.components import shell
from dashboard.explore import geo_route

_INDEX = """<!DOCTYPE html>
<html lang="en">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""

app = dash.Dash(
    __name__,
    use_pages=True,
    pages_folder="dashboard/pages",
    serve_locally=True,
    external_stylesheets=[],
    external_scripts=[],
    title="Innovative Location",
    update_title=None,
    index_string=_INDEX,
    # Pages build their own components; without this Dash embeds every page's layout in each
    # HTML response for validation (about 900 kB with the current pages).
    suppress_callback_exceptions=True,
    # gzip (flask-compress): the map geometry shrinks from 260 kB to 64 kB, callbacks by ~80 %.
    compress=True,
)
app.layout = shell.layout
shell.register_callbacks(app)
server = app.server
geo_route.register(server)


if __name__ == "__main__":
    app.run(
        host=os.environ.get("INNOLOC_HOST", "127.0.0.1"),
        port=int(os.environ.get("INNOLOC_PORT", "8050")),
        debug=os.environ.get("INNOLOC_DEBUG") == "1",
        # The debug UI would otherwise ask plotly.com for the latest Dash version.
        dev_tools_disable_version_check=True,
    )
