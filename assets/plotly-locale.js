/* Plotly's own texts (modebar buttons, double-click hints, snapshot messages) in the page's language.
 *
 * German: the dictionary of plotly.js's own locale file (npm plotly.js-locales 3.7.0, de.js;
 * MIT License, (c) 2016-2024 Plotly Technologies Inc.), copied here so nothing is fetched.
 * Slovenian: plotly.js's sl.js has an empty dictionary, so the texts below are ours.
 * Number formats stay with each figure's layout.separators (set per language by the figures).
 *
 * plotly.js is loaded lazily by the first dcc.Graph; the locales are registered the moment
 * window.Plotly is assigned (before any graph draws), and the default locale follows <html lang>.
 * The same moment is announced to other scripts ("innoloc:plotly", see plotly-resize.js).
 */
(function () {
  "use strict";
  var DICTIONARIES = {
    de: {"Autoscale":"Automatische Skalierung","Box Select":"Rechteckauswahl","Click to enter Colorscale title":"Klicken, um den Farbskalatitel einzugeben","Click to enter Component A title":"Klicken, um den Titel der Komponente A einzugeben","Click to enter Component B title":"Klicken, um den Titel der Komponente B einzugeben","Click to enter Component C title":"Klicken, um den Titel der Komponente C einzugeben","Click to enter Plot title":"Klicken, um den Titel des Graphen einzugeben","Click to enter X axis title":"Klicken, um den Titel der X-Achse einzugeben","Click to enter Y axis title":"Klicken, um den Titel der Y-Achse einzugeben","Compare data on hover":"Über die Daten fahren, um sie zu vergleichen","Double-click on legend to isolate one trace":"Daten isolieren durch Doppelklick in der Legende","Double-click to zoom back out":"Herauszoomen durch Doppelklick","Download plot as a PNG":"Graphen als PNG herunterladen","Download plot":"Graphen herunterladen","Edit in Chart Studio":"Im Chart Studio bearbeiten","IE only supports svg.  Changing format to svg.":"IE unterstützt nur SVG-Dateien.  Format wird zu SVG gewechselt.","Lasso Select":"Lassoauswahl","Orbital rotation":"Orbitalrotation","Pan":"Verschieben","Produced with Plotly.js":"Erstellt mit Plotly.js","Reset":"Zurücksetzen","Reset axes":"Achsen zurücksetzen","Reset camera to default":"Kamera auf Standard zurücksetzen","Reset camera to last save":"Kamera auf letzte Speicherung zurücksetzen","Reset view":"Ansicht zurücksetzen","Reset views":"Ansichten zurücksetzen","Show closest data on hover":"Zeige näheste Daten beim Überfahren","Snapshot succeeded":"Snapshot erfolgreich","Sorry, there was a problem downloading your snapshot!":"Es gab ein Problem beim Herunterladen des Snapshots","Taking snapshot - this may take a few seconds":"Erstelle einen Snapshot - dies kann einige Sekunden dauern","Zoom":"Zoom","Zoom in":"Hineinzoomen","Zoom out":"Herauszoomen","close:":"Schluss:","trace":"Datenspur","lat:":"Lat.:","lon:":"Lon.:","q1:":"q1:","q3:":"q3:","source:":"Quelle:","target:":"Ziel:","lower fence:":"Untere Schranke:","upper fence:":"Obere Schranke:","max:":"Max.:","mean ± σ:":"Mittelwert ± σ:","mean:":"Mittelwert:","median:":"Median:","min:":"Min.:","Turntable rotation":"Drehscheibenorbit","Toggle Spike Lines":"Bezugslinien an-/abschalten","open:":"Eröffnung:","high:":"Höchstkurs:","low:":"Tiefstkurs:","Toggle show closest data on hover":"Anzeige der nähesten Daten an-/abschalten","incoming flow count:":"Anzahl eingehender Verbindungen:","outgoing flow count:":"Anzahl ausgehender Verbindungen:","kde:":"Dichte:"},
    sl: {"Autoscale":"Samodejno merilo","Box Select":"Pravokotni izbor","Lasso Select":"Izbor z lasom","Pan":"Premikanje","Reset":"Ponastavi","Reset axes":"Ponastavi osi","Reset view":"Ponastavi pogled","Reset views":"Ponastavi poglede","Zoom":"Povečava","Zoom in":"Povečaj","Zoom out":"Pomanjšaj","Download plot as a PNG":"Prenesi graf kot PNG","Download plot":"Prenesi graf","Produced with Plotly.js":"Izdelano s Plotly.js","Show closest data on hover":"Ob prehodu prikaži najbližje podatke","Compare data on hover":"Ob prehodu primerjaj podatke","Toggle Spike Lines":"Vklopi ali izklopi pomožne črte","Toggle show closest data on hover":"Vklopi ali izklopi najbližje podatke ob prehodu","Double-click to zoom back out":"Dvoklik za pomanjšanje nazaj","Double-click on legend to isolate one trace":"Dvoklik na legendo prikaže samo eno serijo","Snapshot succeeded":"Posnetek je izdelan","Taking snapshot - this may take a few seconds":"Izdelujem posnetek – to lahko traja nekaj sekund","Sorry, there was a problem downloading your snapshot!":"Pri prenosu posnetka je prišlo do težave.","trace":"serija","lat:":"šir.:","lon:":"dol.:","min:":"min.:","max:":"maks.:","mean:":"povprečje:","median:":"mediana:","source:":"vir:","target:":"cilj:"}
  };
  var registered = false;

  function pageLocale() {
    var lang = document.documentElement.lang || "en";
    return DICTIONARIES[lang] ? lang : "en";
  }
  function setup(P) {
    if (!P || typeof P.register !== "function") { return; }
    if (!registered) {
      registered = true;
      Object.keys(DICTIONARIES).forEach(function (name) {
        P.register({moduleType: "locale", name: name, dictionary: DICTIONARIES[name], format: {}});
      });
    }
    P.setPlotConfig({locale: pageLocale()});
  }

  // Other scripts that must change plotly.js before a graph draws listen for "innoloc:plotly"
  // (one hook on window.Plotly for all: a second accessor would replace this one).
  function announce(P) {
    document.dispatchEvent(new CustomEvent("innoloc:plotly", {detail: P}));
  }
  if (window.Plotly) {
    setup(window.Plotly);
    announce(window.Plotly);
  } else {
    var current;
    Object.defineProperty(window, "Plotly", {
      configurable: true, enumerable: true,
      get: function () { return current; },
      set: function (value) { current = value; setup(value); announce(value); }
    });
  }
  // The language switch changes <html lang> without a reload: graphs drawn after it follow.
  new MutationObserver(function () { if (window.Plotly) { setup(window.Plotly); } })
    .observe(document.documentElement, {attributes: true, attributeFilter: ["lang"]});
})();
