/* In-app links written as markup (dcc.Link inside a StaticHtml becomes `<a data-spa-link>`,
 * dashboard/components/static_html.py) navigate as dcc.Link does: the address changes without a
 * new page load and Dash's pages router draws the page. A modified click (new tab, new window) or
 * another target is left to the browser. */
(function () {
  "use strict";
  document.addEventListener("click", function (e) {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.shiftKey || e.altKey || e.ctrlKey) { return; }
    var a = e.target && e.target.closest ? e.target.closest("a[data-spa-link]") : null;
    if (!a || (a.target && a.target !== "_self")) { return; }
    var url;
    try { url = new URL(a.href, window.location.href); } catch (err) { return; }
    if (url.origin !== window.location.origin) { return; }
    e.preventDefault();
    window.history.pushState({}, "", url.pathname + url.search + url.hash);
    window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
    window.scrollTo(0, 0);
  });
})();
