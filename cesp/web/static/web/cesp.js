// cesp: the few behaviours the State design system does not cover, declared in markup.
// A static file, not inline scripts or on* attributes: the Content-Security-Policy
// allows no inline code (docs/ui.md).
(function () {
  "use strict";
  // <select data-cesp-autosubmit>: choosing a value submits its form.
  document.addEventListener("change", function (e) {
    var field = e.target.closest && e.target.closest("[data-cesp-autosubmit]");
    if (field && field.form) {
      field.form.submit();
    }
  });
  // <details open data-cesp-fold-on-phone>: folded on a phone so the content below is
  // visible; without JavaScript it stays open.
  if (window.matchMedia("(max-width: 47.99em)").matches) {
    document.querySelectorAll("details[data-cesp-fold-on-phone]").forEach(function (el) {
      el.removeAttribute("open");
    });
  }
})();
