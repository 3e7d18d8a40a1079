/* cesp UI kit: the commune field as an ARIA 1.2 combobox (list autocomplete).
 *
 * Progressive enhancement of ui/commune_input.html: without this script the field is a
 * plain text input and the server resolves what was typed. With it, typing asks the
 * server for suggestions (HTML <li role="option">, ui/commune_suggestions.html);
 * Down/Up move through them, Enter or a click picks one, Escape closes the list.
 * The picked text ("Foix (09122)") is what the form sends, so both paths end in the
 * same server-side resolution.
 */
(function () {
  "use strict";
  if (window.cespCommuneCombobox) {
    return;
  }
  window.cespCommuneCombobox = true;

  function enhance(box) {
    if (box.dataset.cespReady) {
      return;
    }
    box.dataset.cespReady = "1";
    var input = box.querySelector("input");
    var list = box.querySelector("[role=listbox]");
    var status = box.querySelector("[data-cesp-status]");
    if (!input || !list) {
      return;
    }
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    var timer = null;
    var active = -1;
    var controller = null;
    var lastQuery = null;

    function options() {
      return Array.prototype.slice.call(list.querySelectorAll("[role=option]"));
    }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function open() {
      if (options().length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }
    function highlight(index) {
      var items = options();
      items.forEach(function (item, i) {
        item.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0 && items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        if (items[index].scrollIntoView) {
          items[index].scrollIntoView({ block: "nearest" });
        }
      }
    }
    function pick(item) {
      input.value = item.getAttribute("data-value");
      lastQuery = input.value.trim();
      close();
      status.textContent = "Commune choisie : " + input.value + ".";
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function say(count) {
      if (!count) {
        status.textContent = "Aucune commune proposée.";
      } else if (count === 1) {
        status.textContent = "1 commune proposée ; flèche bas pour la choisir.";
      } else {
        status.textContent = count + " communes proposées ; flèches haut et bas pour choisir.";
      }
    }
    function load() {
      var query = input.value.trim();
      if (query === lastQuery) {
        return;
      }
      lastQuery = query;
      if (query.length < 2) {
        list.innerHTML = "";
        close();
        return;
      }
      if (controller) {
        controller.abort();
      }
      controller = window.AbortController ? new AbortController() : null;
      var url = box.getAttribute("data-url") + "?q=" + encodeURIComponent(query);
      fetch(url, {
        headers: { Accept: "text/html" },
        credentials: "same-origin",
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          return response.ok ? response.text() : "";
        })
        .then(function (html) {
          list.innerHTML = html;
          options().forEach(function (item, i) {
            item.id = list.id + "-" + i;
          });
          active = -1;
          say(options().length);
          if (document.activeElement === input && options().length) {
            open();
          } else {
            close();
          }
        })
        .catch(function () {
          /* aborted or offline: the field still works as plain text */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(load, 150);
    });
    input.addEventListener("keydown", function (event) {
      var items = options();
      if (event.key === "ArrowDown") {
        if (!items.length) {
          return;
        }
        event.preventDefault();
        open();
        highlight(active + 1 < items.length ? active + 1 : 0);
      } else if (event.key === "ArrowUp") {
        if (!items.length) {
          return;
        }
        event.preventDefault();
        open();
        highlight(active > 0 ? active - 1 : items.length - 1);
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0 && items[active]) {
          event.preventDefault();
          pick(items[active]);
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          close();
        }
      }
    });
    list.addEventListener("mousedown", function (event) {
      event.preventDefault(); /* keep the focus in the input */
    });
    list.addEventListener("click", function (event) {
      var item = event.target.closest("[role=option]");
      if (item) {
        pick(item);
      }
    });
    input.addEventListener("blur", function () {
      window.setTimeout(close, 150);
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-cesp-commune]"), enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  document.addEventListener("htmx:afterSwap", init);
})();
