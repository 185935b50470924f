"""Security headers on every response: a Content-Security-Policy that Dash and Plotly run under
(on every response a browser may show as a document, see INERT_TYPES),
`X-Content-Type-Options: nosniff` and a `Referrer-Policy`.

Scripts come only from the app itself plus the hashes of Dash's inline scripts
(`Dash.csp_hashes()`: the renderer start and any inline clientside callbacks), so no
`unsafe-inline` or `unsafe-eval` for scripts. Styles need `unsafe-inline`: Plotly writes its own
`<style>` elements and React sets style attributes. Images and downloads are built in the browser
(`data:` and `blob:` URLs: Plotly's PNG export, `dcc.Download`).

Framing: only the app's own pages may frame a page (`frame-ancestors 'self'`; the slides player
frames its own views), except a page request that asks for the embed mode (`embed=1` in the query):
that page may be framed by any site, which is what embedding on a project page needs. Dash's data
requests (callbacks, layout, files) are never framed, so they keep `'self'`.
"""
from __future__ import annotations

import flask

REFERRER_POLICY = "strict-origin-when-cross-origin"
# A browser enforces a policy only on a document (or a worker) it was sent with. Scripts and
# stylesheets run under the policy of the page that loads them; JSON, raster images and fonts,
# sent with `nosniff`, are never shown as a document that could run a script. At 1.6 kB of headers
# each (the script hashes) the policy was about 60 kB of a page's first load over HTTP/1.1 on
# scripts and stylesheets, and 18 kB on Explore's JSON answers, geometry and icon. Every other
# response (pages, SVG, text, anything not listed) keeps it.
SUBRESOURCE_TYPES = frozenset({"text/javascript", "application/javascript", "text/css"})
INERT_TYPES = SUBRESOURCE_TYPES | frozenset({
    "application/json", "application/geo+json",
    "image/png", "image/jpeg", "image/gif", "image/webp", "image/x-icon", "image/vnd.microsoft.icon",
    "font/woff", "font/woff2", "font/ttf", "font/otf",
})


def policy(script_hashes, *, embed: bool = False) -> str:
    """The Content-Security-Policy header's value."""
    directives = [
        ("default-src", ["'self'"]),
        ("script-src", ["'self'", *script_hashes]),
        ("style-src", ["'self'", "'unsafe-inline'"]),
        ("img-src", ["'self'", "data:", "blob:"]),
        ("font-src", ["'self'", "data:"]),
        ("connect-src", ["'self'"]),
        ("worker-src", ["'self'", "blob:"]),
        ("frame-src", ["'self'"]),
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),
        ("frame-ancestors", ["*"] if embed else ["'self'"]),
    ]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives)


def wants_embed(request) -> bool:
    """A page request (GET for an HTML page, not one of Dash's `/_dash-…` routes) with `embed=1`."""
    return (request.method == "GET" and request.args.get("embed") == "1"
            and not request.path.startswith("/_"))


def install(app) -> None:
    """Add the headers to every response of `app.server`. Call after every callback is
    registered: the script hashes include the inline clientside callbacks."""
    hashes = tuple(dict.fromkeys(app.csp_hashes()))  # one per distinct inline script
    normal, embedded = policy(hashes), policy(hashes, embed=True)

    @app.server.after_request
    def _security_headers(response):
        embed = wants_embed(flask.request)
        if response.mimetype not in INERT_TYPES:
            response.headers["Content-Security-Policy"] = embedded if embed else normal
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = REFERRER_POLICY
        if not embed:
            response.headers["X-Frame-Options"] = "SAMEORIGIN"  # browsers without frame-ancestors
        return response
