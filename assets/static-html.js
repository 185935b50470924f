/* StaticHtml (dashboard/components/static_html.py): markup written and escaped on the server,
 * drawn as one component (a <div>, or the element `tag` names: a table's body, a row, a cell).
 * Many small Dash components in a callback's answer cost the renderer one store update each, and
 * each update is read by every component on the page. */
(function () {
  "use strict";
  var ns = window.innoloc_components = window.innoloc_components || {};
  ns.StaticHtml = function StaticHtml(props) {
    return window.React.createElement(props.tag || "div", {
      id: props.id, className: props.className, dangerouslySetInnerHTML: {__html: props.html || ""}
    });
  };
})();
