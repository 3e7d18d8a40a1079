// Zoning map (territories/map.html): hover or click a commune to read its zone.
// A static file, not an inline script: the Content-Security-Policy allows no inline code.
(function () {
  "use strict";
  var map = document.getElementById("map");
  var text = document.getElementById("map-info-text");
  var link = document.getElementById("map-info-link");
  var selected = null;
  if (!map || !text || !link) {
    return;
  }
  function describe(el) {
    return el.getAttribute("data-name") + " (" + el.getAttribute("data-code") + ") : " + el.getAttribute("data-value");
  }
  map.addEventListener("mouseover", function (e) {
    var el = e.target.closest("[data-code]");
    if (el && !selected) {
      text.textContent = describe(el);
    }
  });
  map.addEventListener("click", function (e) {
    var el = e.target.closest("[data-code]");
    if (!el) {
      return;
    }
    if (selected) {
      selected.classList.remove("selected");
    }
    selected = el;
    el.classList.add("selected");
    text.textContent = describe(el);
    var query = new URLSearchParams({
      commune: el.getAttribute("data-code"),
      date: map.dataset.day,
      profession: map.dataset.profession,
    });
    link.href = "/territoires/?" + query.toString();
    link.hidden = false;
  });
})();
