/* The page's address goes with Dash's request for the layout (header X-Innoloc-Page), so the
 * server answers with the frame and the page together (components/shell.py `layout`).
 *
 * Without it the layout is an empty frame; dcc.Location then sets the address once it is in the
 * page, and the page's content comes from a second request (the router callback) before anything
 * of it can be drawn. Only the first layout request is marked; the fetch is Dash's own.
 */
(function () {
  "use strict";

  var original = window.fetch, marked = false;
  if (typeof original !== "function" || typeof Headers !== "function") { return; }

  window.fetch = function (resource, init) {
    var url = typeof resource === "string" ? resource : (resource && resource.url) || "";
    if (!marked && /\/_dash-layout(\?|$)/.test(url)) {
      marked = true;
      var options = Object.assign({}, init || {});
      var headers = new Headers(options.headers || {});
      headers.set("X-Innoloc-Page", window.location.pathname + window.location.search);
      options.headers = headers;
      return original.call(this, resource, options);
    }
    return original.apply(this, arguments);
  };
})();
