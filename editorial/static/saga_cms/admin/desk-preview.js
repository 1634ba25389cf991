/* The editorial change form: beside each text's Markdown field (an event's body, a saga's
   standfirst), its rendered preview in the public page's own template (the server renders
   it: events/admin_preview.py). The form says which field and which others the preview
   shows with it (data-preview-field, data-preview-with). A file of its own: the site's
   Content-Security-Policy allows no inline script. */
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name='csrfmiddlewaretoken']");
    return input ? input.value : "";
  }

  function siblingField(textarea, field, name) {
    var suffix = new RegExp("-" + field + "$");
    return textarea.form.elements[textarea.name.replace(suffix, "-" + name)];
  }

  function siblingValue(textarea, field, name) {
    var element = siblingField(textarea, field, name);
    return element && element.value !== undefined ? element.value : "";
  }

  function attach(textarea, config) {
    var pair = document.createElement("div");
    pair.className = "editorial-preview-pair";
    var panel = document.createElement("div");
    panel.className = "editorial-preview";
    panel.setAttribute("aria-live", "polite");
    var heading = document.createElement("p");
    heading.className = "editorial-preview-label";
    heading.textContent = config.label;
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
      data.append(config.field, textarea.value);
      config.others.forEach(function (name) {
        data.append(name, siblingValue(textarea, config.field, name));
      });
      data.append("language_code", siblingValue(textarea, config.field, "language_code"));
      fetch(config.url, { method: "POST", body: data, credentials: "same-origin" })
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
    config.others.forEach(function (name) {
      var other = siblingField(textarea, config.field, name);
      if (other && other.addEventListener) {
        other.addEventListener("input", later);
      }
    });
    refresh();
  }

  function attachAll(root, config) {
    var selector =
      "textarea[name$='-" + config.field + "']:not([name*='__prefix__']):not([disabled])";
    root.querySelectorAll(selector).forEach(function (textarea) {
      if (!textarea.closest(".editorial-preview-pair")) {
        attach(textarea, config);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var element = document.querySelector(".editorial-preview-config[data-preview-url]");
    if (!element) {
      return;
    }
    var config = {
      url: element.dataset.previewUrl,
      label: element.dataset.label,
      field: element.dataset.previewField || "body",
      others: (element.dataset.previewWith || "").split(",").filter(Boolean),
    };
    attachAll(document, config);
    // A text row added with the inline's "add another" link (Django's own event).
    document.addEventListener("formset:added", function (event) {
      attachAll(event.target, config);
    });
  });
})();
