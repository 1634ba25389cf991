/* The interactive and embedded timelines: reads the saga's TimelineJS export (same origin)
   and renders it with the TimelineJS served from this site's own static files. Every
   setting comes from the container's data- attributes; nothing is inline (strict CSP). */
(function () {
  "use strict";
  var container = document.getElementById("saga-timelinejs");
  if (!container) {
    return;
  }
  var settings = container.dataset;

  function fail(message) {
    var notice = document.createElement("p");
    notice.className = "timelinejs-error";
    notice.setAttribute("role", "alert");
    notice.textContent = message;
    container.replaceChildren(notice);
  }

  if (!window.TL || !window.TL.Timeline) {
    fail(settings.failure);
    return;
  }
  // TimelineJS takes its language file's address (data-language) and the font's as they
  // are; script_path (else its CDN) is only where it would look for anything else.
  var scriptPath = new URL(settings.scriptPath, window.location.href).toString();
  fetch(settings.source, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error(response.status + " " + response.statusText);
      }
      return response.json();
    })
    .then(function (data) {
      if (!data.events || !data.events.length) {
        // TimelineJS refuses a timeline without events; say it in the reader's words.
        fail(settings.empty);
        return;
      }
      window.sagaTimeline = new window.TL.Timeline(container, data, {
        language: settings.language,
        script_path: scriptPath,
        font: new URL(settings.font, window.location.href).toString(),
        is_embed: settings.embed === "true",
        hash_bookmark: false,
        ga_measurement_id: null,
        soundcite: false,
      });
    })
    .catch(function () {
      fail(settings.failure);
    });
})();
