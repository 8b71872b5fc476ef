/* Site-wide behaviour, no dependencies; every page works without it.
 * - Submit buttons show progress and cannot be pressed twice: the first submit disables the form's buttons (after
 *   the browser has taken the pressed button's name and value) and marks the pressed one busy.
 * - The navbar's unread-notification badge, read from the notifications API after the page has loaded. */
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
})();
