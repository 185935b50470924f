/* Explore's year steps without a round trip (issue 14; dashboard/explore/years.py).
 *
 * The year bundle holds render_views' answers for every year of the view the page shows, packed.
 * `yearStep` (the slider's clientside callback) returns the new year's state and answers when the
 * bundle is for this view and holds the year; otherwise it asks the server for the year (as
 * before), and `askBundle` asks for the bundle once the server's answer is in — or `askEarly`
 * already did, when the reader moved to the year bar. `unpack` is the only logic here: the server's
 * answers are the reference (tests/browser/test_year_step.py compares them on every indicator).
 */
(function () {
  'use strict';

  var PACKED = '__packed';

  function sameView(bundle, state) {
    if (!bundle || !bundle.base || !state) { return false; }
    var keys = Object.keys(state).filter(function (k) { return k !== 'year' && k !== 'query'; });
    if (keys.length !== Object.keys(bundle.base).length) { return false; }
    return keys.every(function (k) { return JSON.stringify(bundle.base[k]) === JSON.stringify(state[k]); });
  }

  function unpackValue(bundle, value, codes) {
    if (!value || typeof value !== 'object' || !value[PACKED]) { return value; }
    var kind = value[PACKED];
    if (kind === 'codes') {
      return value.items.map(function (i) { return bundle.codes[i]; });
    }
    if (kind === 'levels') {
      return value.items.map(function (i) { return value.levels[i]; });
    }
    if (kind === 'zeros') {
      var z = new Array(value.n);
      for (var k = 0; k < value.n; k++) { z[k] = 0; }
      return z;
    }
    // rows: one per location of the trace (or per place of `places`), the place's own cells from
    // heads, then `width` texts
    if (value.places) { codes = value.places; }
    var w = value.width, out = [];
    for (var r = 0; r < codes.length; r++) {
      var row = bundle.heads[codes[r]].slice();
      for (var j = 0; j < w; j++) { row.push(bundle.texts[value.items[r * w + j]]); }
      out.push(row);
    }
    return out;
  }

  function unpackOutput(bundle, value) {
    if (value && value._dash_no_update === '_dash_no_update') {  // the server leaves it as it is
      return window.dash_clientside.no_update;
    }
    if (!value || typeof value !== 'object' || !value.__dash_patch_update) { return value; }
    var where = function (loc) { return JSON.stringify(loc.slice(0, -1)); };
    var locations = {};  // a trace's place indices, for its customdata rows
    value.operations.forEach(function (op) {
      var v = op.params && op.params.value;
      if (v && v[PACKED] === 'codes' && op.location[op.location.length - 1] === 'locations') {
        locations[where(op.location)] = v.items;
      }
    });
    return {
      __dash_patch_update: value.__dash_patch_update,
      operations: value.operations.map(function (op) {
        if (!op.params || !Object.prototype.hasOwnProperty.call(op.params, 'value')) { return op; }
        var v = unpackValue(bundle, op.params.value, locations[where(op.location)]);
        return Object.assign({}, op, {params: Object.assign({}, op.params, {value: v})});
      })
    };
  }

  /* render_views' answer for `year` (its outputs in order) and the state the page then holds. */
  function unpack(bundle, year) {
    var entry = bundle && bundle.years && bundle.years[String(year)];
    if (!entry) { return null; }
    var outputs = [];
    for (var i = 0; i < bundle.n; i++) {
      var key = String(i);
      var own = Object.prototype.hasOwnProperty.call(entry.outputs, key);
      outputs.push(unpackOutput(bundle, own ? entry.outputs[key] : bundle.shared[key]));
    }
    return {state: entry.state, outputs: outputs};
  }

  function yearStep(year, state, bundle) {
    var dc = window.dash_clientside;
    var none = [];  // the state and the views: every output but the year request and the pending step
    for (var i = 0; i < dc.callback_context.outputs_list.length - 2; i++) { none.push(dc.no_update); }
    if (year === null || year === undefined || !state || state.year === year) {
      return none.concat([dc.no_update, dc.no_update]);  // the server's own answer moved the slider
    }
    lastStep = Date.now();
    if (sameView(bundle, state)) {
      var step = unpack(bundle, year);
      if (step) {
        // What is the same in every year of the view (heading, notes, selection) is on the page
        // already: setting it again would only re-mount those components.
        var outputs = step.outputs.map(function (v, i) {
          return Object.prototype.hasOwnProperty.call(bundle.shared, String(i)) ? dc.no_update : v;
        });
        return [step.state].concat(outputs, [dc.no_update, dc.no_update]);
      }
    }
    // Not in a bundle: the server answers this step (update_state), then askBundle asks for the bundle.
    return none.concat([year, year]);
  }

  /* Once the server has answered a year step (its answer wrote map-key), ask for the view's bundle,
   * unless it is here or asked for already: the server makes it while the browser draws, not while
   * it answers the step. Only after a year step (`pending`): a click or another indicator asks for
   * nothing. Outputs: the bundle request, the pending step (done). */
  function askBundle(_mapKey, state, pending, requested, bundle) {
    var dc = window.dash_clientside;
    if (!state || pending === null || pending === undefined) { return [dc.no_update, dc.no_update]; }
    if (state.year !== pending) { return [dc.no_update, null]; }  // the server did not go to that year
    if (sameView(bundle, state) || (requested && sameView({base: strip(requested)}, state))) {
      return [dc.no_update, null];
    }
    return [state, null];
  }

  /* The reader is about to step (focus on the year bar, or the pointer over it: the slider, ▶
   * Play): ask for the bundle now, so even the first step is drawn here. Once per view. */
  function askEarly(_intent, state, requested, bundle) {
    var dc = window.dash_clientside;
    if (!state || sameView(bundle, state) || (requested && sameView({base: strip(requested)}, state))) {
      return dc.no_update;
    }
    return state;
  }

  // After INTENT_MS on the bar without a step: a reader who steps at once gets the server's step
  // without the bundle competing with it for the server (measured: +50 ms at the shipped data,
  // +120 ms at 2,300 places when asked at the same moment), and askBundle asks after that step.
  var INTENT_MS = 250;
  var lastIntent = 0, lastStep = 0, waiting = null;
  function intent(e) {
    var bar = e.target && e.target.closest && e.target.closest('.page-explore .year-bar');
    if (!bar || waiting || Date.now() - lastIntent < 2000) { return; }
    var since = Date.now();
    waiting = setTimeout(function () {
      waiting = null;
      var dc = window.dash_clientside;
      if (lastStep >= since || !dc || !dc.set_props) { return; }
      lastIntent = Date.now();
      dc.set_props('explore-year-intent', {data: lastIntent});
    }, INTENT_MS);
  }
  document.addEventListener('focusin', intent, true);
  document.addEventListener('pointerover', intent, true);

  function strip(state) {
    var out = {};
    Object.keys(state).forEach(function (k) { if (k !== 'year' && k !== 'query') { out[k] = state[k]; } });
    return out;
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.innoloc = Object.assign({}, window.dash_clientside.innoloc, {yearStep: yearStep, askBundle: askBundle, askEarly: askEarly});
  window.innolocYears = {unpack: unpack, sameView: sameView};
})();
