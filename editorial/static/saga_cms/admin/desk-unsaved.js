/* The editorial change form: warn before leaving the page with edits not yet saved.
   A file of its own (no inline script): the site's Content-Security-Policy allows only
   scripts served from its own origin. */
(function () {
  "use strict";

  function changeForm() {
    return document.querySelector("#content-main form[method='post'][id$='_form']");
  }

  function watch(form) {
    // A form shown again after a refused save holds input that was not saved.
    var dirty = document.querySelector(".errornote") !== null;
    var submitting = false;
    function mark(event) {
      // Hidden inputs the admin's widgets update themselves are not the editor's edits.
      if (event.target && event.target.type !== "hidden") {
        dirty = true;
        form.dataset.unsaved = "true";
      }
    }
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    form.addEventListener("submit", function () {
      submitting = true;
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty && !submitting) {
        event.preventDefault();
        event.returnValue = ""; // older browsers need a value to ask
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = changeForm();
    if (form) {
      watch(form);
    }
  });
})();
