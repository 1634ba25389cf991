/* The editorial change form: tell the server this editor has the page open (a heartbeat),
   show who else has it open or saved it lately, and say goodbye on leaving. A file of its
   own: the site's Content-Security-Policy allows no inline script. */
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name='csrfmiddlewaretoken']");
    return input ? input.value : "";
  }

  function body(extra) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", csrfToken());
    if (extra) {
      data.append(extra[0], extra[1]);
    }
    return data;
  }

  function show(box, notices) {
    var list = box.querySelector(".editorial-presence-list");
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    notices.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      list.appendChild(item);
    });
    box.hidden = notices.length === 0;
  }

  function beat(box, url) {
    fetch(url, { method: "POST", body: body(), credentials: "same-origin" })
      .then(function (answer) {
        return answer.ok ? answer.json() : null;
      })
      .then(function (answer) {
        if (answer) {
          show(box, answer.notices);
        }
      })
      .catch(function () {
        /* Offline for a moment: the next beat tries again. */
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector(".editorial-presence[data-presence-url]");
    if (!box) {
      return;
    }
    var url = box.dataset.presenceUrl;
    var seconds = parseInt(box.dataset.heartbeat, 10) || 30;
    window.setInterval(function () {
      beat(box, url);
    }, seconds * 1000);
    window.addEventListener("pagehide", function () {
      if (navigator.sendBeacon) {
        navigator.sendBeacon(url, body(["leave", "1"]));
      }
    });
  });
})();
