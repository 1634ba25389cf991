/* The editorial change form: the "minor change" box moves beside the original-language text
   it qualifies (it is a field of the object's form, so the server lists it in a section of
   its own; without this script it stays there and still works). A text added with "add
   another" shows its folded review section open: its status is chosen now. A file of its
   own: the site's Content-Security-Policy allows no inline script. */
(function () {
  "use strict";

  function originalRow(form) {
    var original = form.querySelector("#id_original_language");
    var language = original ? original.value : "";
    var rows = form.querySelectorAll("#translations-group .inline-related:not(.empty-form)");
    for (var i = 0; i < rows.length; i++) {
      var select = rows[i].querySelector("select[name$='-language_code']");
      var shown = rows[i].querySelector(".field-language_code .readonly");
      var code = select ? select.value : "";
      if (code === language || (!language && i === 0) || (shown && !select && i === 0)) {
        return rows[i];
      }
    }
    return null;
  }

  document.addEventListener("formset:added", function (event) {
    event.target.querySelectorAll("fieldset.collapse details").forEach(function (details) {
      details.open = true;
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector(".form-row.field-minor_change");
    var form = box && box.closest("form");
    var row = form && originalRow(form);
    if (!row) {
      return;
    }
    var fieldset = box.closest("fieldset");
    var target = row.querySelector("fieldset");
    target.appendChild(box);
    box.classList.add("editorial-minor-change");
    if (fieldset && !fieldset.querySelector(".form-row")) {
      fieldset.hidden = true;
    }
  });
})();
