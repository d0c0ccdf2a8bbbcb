/* Filiera showcase widget: put <div data-filiera-showcase></div> where the list should appear
   (optional data-lang="en"), then load this script. It fills each such element with an iframe
   of the district's list of qualified firms. */
(function () {
  "use strict";
  var slug = {{ slug_json|safe }};
  var embeds = {{ embeds_json|safe }};
  var titles = {{ titles_json|safe }};

  function language(node) {
    var lang = (node.getAttribute("data-lang") || node.getAttribute("lang") || "it").slice(0, 2).toLowerCase();
    return embeds[lang] ? lang : "it";
  }

  function mount(node) {
    var wanted = node.getAttribute("data-filiera-showcase");
    if ((wanted && wanted !== slug) || node.getAttribute("data-filiera-ready")) {
      return;
    }
    node.setAttribute("data-filiera-ready", "1");
    var lang = language(node);
    var frame = document.createElement("iframe");
    frame.src = embeds[lang];
    frame.title = titles[lang];
    frame.width = "100%";
    frame.height = node.getAttribute("data-height") || "480";
    frame.setAttribute("loading", "lazy");
    frame.style.border = "0";
    frame.style.width = "100%";
    node.appendChild(frame);
  }

  function mountAll() {
    var nodes = document.querySelectorAll("[data-filiera-showcase]");
    for (var i = 0; i < nodes.length; i++) {
      mount(nodes[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll);
  } else {
    mountAll();
  }
})();
