/* The editorial change form: beside each text's Markdown body, its rendered preview in the
   public page's own template (the server renders it: events/admin_preview.py). A file of
   its own: the site's Content-Security-Policy allows no inline script. */
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name='csrfmiddlewaretoken']");
    return input ? input.value : "";
  }

  function sibling(textarea, name) {
    var field = textarea.form.elements[textarea.name.replace(/-body$/, "-" + name)];
    return field && field.value !== undefined ? field.value : "";
  }

  function attach(textarea, url, label) {
    var pair = document.createElement("div");
    pair.className = "editorial-preview-pair";
    var panel = document.createElement("div");
    panel.className = "editorial-preview";
    panel.setAttribute("aria-live", "polite");
    var heading = document.createElement("p");
    heading.className = "editorial-preview-label";
    heading.textContent = label;
    var rendered = document.createElement("div");
    rendered.className = "editorial-preview-body";
    panel.appendChild(heading);
    panel.appendChild(rendered);
    textarea.parentNode.insertBefore(pair, textarea);
    pair.appendChild(textarea);
    pair.appendChild(panel);

    var timer = null;
    function refresh() {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", csrfToken());
      data.append("body", textarea.value);
      data.append("summary", sibling(textarea, "summary"));
      data.append("language_code", sibling(textarea, "language_code"));
      fetch(url, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (answer) {
          return answer.ok ? answer.text() : null;
        })
        .then(function (html) {
          if (html !== null) {
            rendered.innerHTML = html; // sanitised by the server's Markdown filter
          }
        })
        .catch(function () {});
    }
    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 500);
    }
    textarea.addEventListener("input", later);
    var summary = textarea.form.elements[textarea.name.replace(/-body$/, "-summary")];
    if (summary && summary.addEventListener) {
      summary.addEventListener("input", later);
    }
    refresh();
  }

  var SELECTOR = "textarea[name$='-body']:not([name*='__prefix__']):not([disabled])";

  function attachAll(root, url, label) {
    root.querySelectorAll(SELECTOR).forEach(function (textarea) {
      if (!textarea.closest(".editorial-preview-pair")) {
        attach(textarea, url, label);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var config = document.querySelector(".editorial-preview-config[data-preview-url]");
    if (!config) {
      return;
    }
    var url = config.dataset.previewUrl;
    var label = config.dataset.label;
    attachAll(document, url, label);
    // A text row added with the inline's "add another" link (Django's own event).
    document.addEventListener("formset:added", function (event) {
      attachAll(event.target, url, label);
    });
  });
})();
