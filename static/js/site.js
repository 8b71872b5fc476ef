/* Site-wide behaviour, no dependencies; every page works without it.
 * - Submit buttons show progress and cannot be pressed twice: the first submit disables the form's buttons (after
 *   the browser has taken the pressed button's name and value) and marks the pressed one busy.
 * - The navbar's unread-notification badge, read from the notifications API after the page has loaded.
 * - Filter panels (<details class="filter-panel" open>): open on screens 768 px and wider, closed on phones until
 *   their "Filters" toggle is tapped (kept open when the form shows an error); the toggle counts the filters in
 *   use. Without JavaScript the panel is simply open, and the toggle still folds it. */
(function () {
  "use strict";
  var english = (document.documentElement.lang || "").indexOf("en") === 0;

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.hasAttribute("data-no-progress")) return;
    if (form.getAttribute("data-submitting") === "yes") { event.preventDefault(); return; }
    if (event.defaultPrevented) return;
    form.setAttribute("data-submitting", "yes");
    var pressed = event.submitter;
    window.setTimeout(function () {
      form.querySelectorAll('button[type="submit"], button:not([type]), input[type="submit"]').forEach(function (b) {
        b.disabled = true;
      });
      if (pressed) {
        pressed.setAttribute("aria-busy", "true");
        var spinner = document.createElement("span");
        spinner.className = "spinner-border spinner-border-sm ms-2";
        spinner.setAttribute("role", "status");
        spinner.innerHTML = '<span class="visually-hidden">' + (english ? "Working…" : "正在处理…") + "</span>";
        if (pressed.tagName === "BUTTON") pressed.appendChild(spinner);
      }
    }, 0);
    // A form that downloads a file leaves the page in place: give the buttons back after a while.
    window.setTimeout(function () { release(form); }, 15000);
  }, false);

  function release(form) {
    form.removeAttribute("data-submitting");
    form.querySelectorAll("[aria-busy]").forEach(function (b) { b.removeAttribute("aria-busy"); });
    form.querySelectorAll(".spinner-border").forEach(function (s) { s.remove(); });
    form.querySelectorAll("button, input[type=submit]").forEach(function (b) { b.disabled = false; });
  }
  // Coming back with the browser's Back button shows the page as it was left: make it usable again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) document.querySelectorAll("form[data-submitting]").forEach(release);
  });

  var link = document.getElementById("notifications-link");
  var badge = document.getElementById("unread-badge");
  if (link && badge && window.fetch) {
    fetch(link.getAttribute("data-unread-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (!body || !body.count) return;
        badge.textContent = body.count > 99 ? "99+" : String(body.count);
        badge.classList.remove("d-none");
        var label = english ? body.count + " unread" : body.count + " 条未读";
        badge.setAttribute("aria-label", label);
        badge.setAttribute("title", label);
      })
      .catch(function () { /* no badge: the link still works */ });
  }

  var panels = document.querySelectorAll("details.filter-panel");
  if (panels.length && window.matchMedia) {
    var narrow = window.matchMedia("(max-width: 767.98px)");
    panels.forEach(function (panel) {
      var used = 0;
      panel.querySelectorAll("input, select").forEach(function (field) {
        if (!field.name || field.type === "hidden" || field.type === "submit") return;
        if (field.tagName === "SELECT") {
          // A single choice counts when it is not the first option (the "any" or default one).
          used += field.multiple
            ? Array.prototype.filter.call(field.selectedOptions, function (o) { return o.value !== ""; }).length
            : (field.selectedIndex > 0 && field.value !== "" ? 1 : 0);
        } else if ((field.type === "checkbox" || field.type === "radio") ? field.checked : field.value.trim() !== "") {
          used += 1;
        }
      });
      var count = panel.querySelector("[data-filter-count]");
      if (count && used) {
        count.textContent = String(used);
        count.setAttribute("aria-label", english ? used + " in use" : "已用 " + used + " 项");
        count.hidden = false;
      }
    });
    var fit = function () {
      panels.forEach(function (panel) {
        panel.open = !narrow.matches || !!panel.querySelector(".alert-danger, .invalid-feedback");
      });
    };
    fit();
    if (narrow.addEventListener) narrow.addEventListener("change", fit);
  }
})();
