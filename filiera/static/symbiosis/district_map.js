// The map of a district's realised exchanges: one line per exchange from the offering site to
// the receiving site, thicker for bigger quantities. Lines come from the page (json_script);
// tiles from the settings, else the lines sit on a blank background. The table under the map
// lists the same exchanges.
(function () {
  var el = document.getElementById("symbiosis-map");
  var data = document.getElementById("symbiosis-map-lines");
  var script = document.getElementById("symbiosis-map-script");
  if (!el || !data || !window.L) return;
  var lines = JSON.parse(data.textContent);
  if (!lines.length) return;
  var map = L.map(el);
  if (script && script.dataset.tiles) {
    L.tileLayer(script.dataset.tiles, {maxZoom: 19, attribution: script.dataset.attribution || ""}).addTo(map);
  }
  var biggest = Math.max.apply(null, lines.map(function (l) { return l.amount; })) || 1;
  var bounds = [];
  lines.forEach(function (l) {
    var weight = 2 + 6 * Math.sqrt(l.amount / biggest);
    var label = document.createElement("span");
    label.textContent = l.label + ": " + l.amount + " " + l.unit;
    L.polyline([l.from, l.to], {color: "#2e7d6b", weight: weight, opacity: 0.7}).bindTooltip(label).addTo(map);
    L.circleMarker(l.from, {radius: 5, weight: 2, color: "#2e7d6b", fillOpacity: 0.9}).addTo(map);
    L.circleMarker(l.to, {radius: 5, weight: 2, color: "#5c6bc0", fillOpacity: 0.9}).addTo(map);
    bounds.push(l.from, l.to);
  });
  map.fitBounds(bounds, {padding: [24, 24], maxZoom: 12});
})();
