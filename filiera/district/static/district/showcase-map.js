// The map of the showcase pages: one marker per published place (to about 1 km). Points come
// from the page (#showcase-points, JSON); tiles from the settings, else the markers sit on a
// blank background. The list of firms on the page says the same without JavaScript.
(function () {
  var el = document.getElementById("showcase-map");
  var data = document.getElementById("showcase-points");
  var script = document.getElementById("showcase-map-script");
  if (!el || !data || !window.L) return;
  var points = JSON.parse(data.textContent);
  if (!points.length) return;
  el.hidden = false;
  var map = L.map(el, {scrollWheelZoom: false});
  if (script && script.dataset.tiles) {
    L.tileLayer(script.dataset.tiles, {maxZoom: 18, attribution: script.dataset.attribution || ""}).addTo(map);
  }
  var bounds = [];
  points.forEach(function (p) {
    var marker = L.circleMarker([p.lat, p.lon], {radius: 8, weight: 2, color: "#0b5d4b", fillColor: "#0b5d4b", fillOpacity: 0.6});
    var box = document.createElement("div");
    var name = document.createElement(p.url ? "a" : "strong");
    name.textContent = p.name;
    if (p.url) name.href = p.url;
    box.appendChild(name);
    box.appendChild(document.createElement("br"));
    box.appendChild(document.createTextNode(p.place));
    marker.bindPopup(box).bindTooltip(p.name + " · " + p.place).addTo(map);
    bounds.push([p.lat, p.lon]);
  });
  if (bounds.length === 1) map.setView(bounds[0], 10);
  else map.fitBounds(bounds, {padding: [24, 24], maxZoom: 12});
})();
