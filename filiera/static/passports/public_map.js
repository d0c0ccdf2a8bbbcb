// The map of the passport page: one marker per step with a known place. Points come from the
// page (json_script); tiles from the settings, else the markers sit on a blank background.
(function () {
  var el = document.getElementById("passport-map");
  var data = document.getElementById("passport-points");
  var script = document.getElementById("passport-map-script");
  if (!el || !data || !window.L) return;
  var points = JSON.parse(data.textContent);
  if (!points.length) return;
  var map = L.map(el);
  if (script && script.dataset.tiles) {
    L.tileLayer(script.dataset.tiles, {maxZoom: 19, attribution: script.dataset.attribution || ""}).addTo(map);
  }
  var bounds = [];
  points.forEach(function (p) {
    var marker = L.circleMarker([p.lat, p.lon], {radius: p.exact ? 8 : 14, weight: 2, color: "#2e7d6b", fillColor: "#2e7d6b", fillOpacity: p.exact ? 0.7 : 0.25});
    var label = document.createElement("span");
    label.textContent = p.step + ". " + p.label;
    marker.bindTooltip(label).addTo(map);
    marker.on("click", function () {
      var step = document.getElementById("step-" + p.step);
      if (step) step.scrollIntoView({behavior: "smooth", block: "center"});
    });
    bounds.push([p.lat, p.lon]);
  });
  if (bounds.length === 1) map.setView(bounds[0], 9);
  else map.fitBounds(bounds, {padding: [24, 24], maxZoom: 11});
})();
