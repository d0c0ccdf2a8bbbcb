// The map of a brand's chain: one marker per site of the suppliers that share their sites,
// coloured by grade. Points come from the page (json_script), tiles from the settings.
(function () {
  var el = document.getElementById("chain-map");
  var data = document.getElementById("chain-points");
  var script = document.getElementById("chain-map-script");
  if (!el || !data || !window.L) return;
  var points = JSON.parse(data.textContent);
  if (!points.length) return;
  var colours = {A: "#1b5e20", B: "#558b2f", C: "#f9a825", D: "#ef6c00", E: "#c62828"};
  var map = L.map(el);
  if (script && script.dataset.tiles) {
    L.tileLayer(script.dataset.tiles, {maxZoom: 19, attribution: script.dataset.attribution || ""}).addTo(map);
  }
  var bounds = [];
  points.forEach(function (p) {
    var colour = colours[p.grade] || "#9e9e9e";
    var marker = L.circleMarker([p.lat, p.lon], {radius: 8, weight: 2, color: colour, fillColor: colour, fillOpacity: 0.7});
    var label = document.createElement("span");
    label.textContent = p.supplier + " · " + p.site + (p.grade ? " · " + p.grade : "");
    marker.bindTooltip(label).addTo(map);
    bounds.push([p.lat, p.lon]);
  });
  if (bounds.length === 1) map.setView(bounds[0], 11);
  else map.fitBounds(bounds, {padding: [20, 20]});
})();
