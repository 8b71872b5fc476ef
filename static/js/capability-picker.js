/* Searchable capability picker (no dependencies).
 * Enhances <select multiple data-capability-picker>: a search box filters options by Chinese and English labels
 * and synonyms (data-terms), chosen capabilities show as removable chips. Without JavaScript the plain
 * multi-select still works. Also shows the running total of the evaluation-criteria weights. */
(function () {
  "use strict";
  function norm(s) { return (s || "").normalize("NFKC").toLowerCase().trim(); }

  function enhance(select) {
    var wrapper = document.createElement("div");
    var search = document.createElement("input");
    search.type = "search";
    search.className = "form-control form-control-sm mb-1";
    search.placeholder = select.getAttribute("data-placeholder") || "搜索 / search…";
    search.setAttribute("aria-label", (document.documentElement.lang || "").startsWith("en") ? "Search capabilities" : "搜索能力");
    search.setAttribute("aria-controls", select.id);
    var chips = document.createElement("div");
    chips.className = "d-flex flex-wrap gap-1 mb-1";
    chips.setAttribute("aria-live", "polite");
    select.parentNode.insertBefore(wrapper, select);
    wrapper.appendChild(search);
    wrapper.appendChild(chips);
    wrapper.appendChild(select);

    function renderChips() {
      chips.innerHTML = "";
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.selected) return;
        var chip = document.createElement("button");
        chip.type = "button";
        chip.className = "btn btn-sm btn-outline-primary";
        chip.textContent = option.textContent + " ×";
        chip.addEventListener("click", function () { option.selected = false; renderChips(); });
        chips.appendChild(chip);
      });
    }
    search.addEventListener("input", function () {
      var q = norm(search.value);
      Array.prototype.forEach.call(select.options, function (option) {
        var hay = norm(option.textContent + " " + (option.getAttribute("data-terms") || ""));
        option.hidden = q !== "" && hay.indexOf(q) === -1;
      });
    });
    // A click toggles one option without the Ctrl key multi-select users rarely know.
    select.addEventListener("mousedown", function (event) {
      if (event.target.tagName !== "OPTION") return;
      event.preventDefault();
      event.target.selected = !event.target.selected;
      select.dispatchEvent(new Event("change"));
    });
    select.addEventListener("change", renderChips);
    renderChips();
  }

  function weightTotal() {
    var out = document.getElementById("weight-total");
    if (!out) return;
    function update() {
      var total = 0;
      document.querySelectorAll('input[name^="criteria-"][name$="-weight"]').forEach(function (input) {
        var n = parseInt(norm(input.value), 10);
        if (!isNaN(n)) total += n;
      });
      out.textContent = "Σ = " + total + (total === 100 ? " ✓" : " ≠ 100");
      out.className = total === 100 ? "text-success" : "text-danger";
    }
    document.addEventListener("input", function (e) { if (e.target.name && /-weight$/.test(e.target.name)) update(); });
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-capability-picker]").forEach(enhance);
    weightTotal();
  });
})();
