// The map of the district dashboard: firms matching the filters, coloured by their latest
// grade. Points come from the page's map.json (same filters); with a few hundred points each
// marker shows its grade letter, with more they are drawn as dots on a canvas and the letter is
// in each dot's tooltip. The legend on the page pairs each colour with its letter.
(function () {
  var el = document.getElementById("insight-map");
  var status = document.getElementById("insight-map-status");
  if (!el || !window.L || !window.fetch) return;
  var COLOURS = {A: "#1b5e20", B: "#558b2f", C: "#f9a825", D: "#ef6c00", E: "#c62828"};
  var DARK_TEXT = {C: true, D: true};
  var LETTERS_UP_TO = 400;

  function say(text) { if (status) status.textContent = text || ""; }

  fetch(el.dataset.url, {credentials: "same-origin", headers: {Accept: "application/json"}})
    .then(function (r) { return r.json(); })
    .then(function (data) {
      if (!data.points || !data.points.length) {
        el.hidden = true;
        say(data.message || "");
        return;
      }
      var map = L.map(el, {preferCanvas: true});
      if (el.dataset.tiles) {
        L.tileLayer(el.dataset.tiles, {maxZoom: 19, attribution: el.dataset.attribution || ""}).addTo(map);
      }
      var letters = data.points.length <= LETTERS_UP_TO;
      var bounds = [];
      data.points.forEach(function (p) {
        var lat = p[0], lon = p[1], grade = p[2], name = p[3], id = p[4];
        var label = document.createElement("span");
        label.textContent = name + " · " + (grade ? data.grade_text + " " + grade : data.no_grade);
        var colour = COLOURS[grade] || "#9e9e9e";
        var marker;
        if (letters) {
          var icon = L.divIcon({
            className: "insight-marker",
            html: '<span class="insight-pin" style="background:' + colour + ";color:" +
              (DARK_TEXT[grade] ? "#212121" : "#fff") + '">' + (grade || "–") + "</span>",
            iconSize: [22, 22],
            iconAnchor: [11, 11]
          });
          marker = L.marker([lat, lon], {icon: icon, keyboard: true, title: label.textContent});
        } else {
          marker = L.circleMarker([lat, lon], {radius: 5, weight: 1, color: "#263238", fillColor: colour, fillOpacity: 0.9});
        }
        marker.bindTooltip(label);
        marker.on("click", function () { window.location.href = data.firm_url.replace("/0/", "/" + id + "/"); });
        marker.addTo(map);
        bounds.push([lat, lon]);
      });
      map.fitBounds(bounds, {padding: [24, 24], maxZoom: 13});
      say("");
    })
    .catch(function () { say(el.dataset.error || ""); });
})();
