/* Explore: a click on a place (map or ranking), Clear or a choice in the place picker changes the
 * selection here, in the browser, and the new state goes straight to the views' callback: no round
 * trip to the server first (~25 ms and the renderer's work of a second answer, per click). The
 * picker follows every new state (dashboard/explore/picker.py); its value written back equals the
 * state, so `pick` answers it without a request.
 *
 * The server stays the judge: render_views, the picker and every other callback read the state with
 * the URL's rules (ExploreState.from_client) and refuse what the address could not spell. `select`
 * is ExploreState.toggle (at most MAX places, the oldest dropped), `pick` is ExploreState.pick (the
 * picker's places in their order, each once, the last MAX) and the address is to_query's, with `sel`
 * after `ref`; tests/browser/test_explore.py compares each with the server's after each kind of click
 * and pick.
 */
(function () {
  'use strict';

  var MAX = 6;  // dashboard/explore/state.py: MAX_SELECTED
  var CODE = /^[A-Za-z0-9._~-]{1,40}$/;  // a place code, as urlencode writes it unchanged

  function clicked(click) {
    try {
      var code = click.points[0].customdata[0];
      return typeof code === 'string' && CODE.test(code) ? code : null;
    } catch (e) {
      return null;
    }
  }

  function address(query, selected) {
    var parts = String(query || '').replace(/^\?/, '').split('&').filter(function (p) {
      return p && p.indexOf('sel=') !== 0;
    });
    if (selected.length) {
      var ref = parts.findIndex(function (p) { return p.indexOf('ref=') === 0; });
      if (ref < 0) { return null; }
      parts.splice(ref + 1, 0, 'sel=' + selected.join(','));
    }
    return '?' + parts.join('&');
  }

  function select(mapClick, rankingClick, clear, state) {
    var dc = window.dash_clientside;
    var trigger = ((dc.callback_context.triggered || [])[0] || {}).prop_id || '';
    if (!state || !Array.isArray(state.selected)) { return dc.no_update; }
    var selected;
    if (trigger.indexOf('explore-clear.') === 0) {
      selected = [];
    } else {
      var code = clicked(trigger.indexOf('explore-map.') === 0 ? mapClick : rankingClick);
      if (!code) { return dc.no_update; }
      selected = state.selected.indexOf(code) >= 0
        ? state.selected.filter(function (c) { return c !== code; })
        : state.selected.concat([code]).slice(-MAX);
    }
    return withSelection(state, selected);
  }

  function withSelection(state, selected) {
    var query = address(state.query, selected);
    if (query === null) { return window.dash_clientside.no_update; }
    return Object.assign({}, state, {selected: selected, query: query});
  }

  function pick(picked, state, options) {
    var nu = window.dash_clientside.no_update;
    if (!state || !Array.isArray(state.selected) || !Array.isArray(options)) { return nu; }
    var codes = picked === null || picked === undefined ? [] : picked;
    var offered = Object.create(null);
    options.forEach(function (o) { if (o && typeof o.value === 'string') { offered[o.value] = true; } });
    if (!Array.isArray(codes) || !codes.every(function (c) { return typeof c === 'string' && offered[c] === true && CODE.test(c); })) {
      return nu;  // a place the picker does not offer: not a reader's choice
    }
    var chosen = codes.filter(function (c, i) { return codes.indexOf(c) === i; }).slice(-MAX);
    var same = chosen.length === state.selected.length &&
      chosen.every(function (c, i) { return c === state.selected[i]; });
    return same ? nu : withSelection(state, chosen);
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.innoloc = Object.assign({}, window.dash_clientside.innoloc, {select: select, pick: pick});
})();
