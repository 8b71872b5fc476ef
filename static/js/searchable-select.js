/* Long multi-selects (capabilities, counties and cities, skills) become searchable with Tom Select (vendored in
 * static/vendor/tom-select, loaded only on pages that have one). Without JavaScript they stay plain
 * <select multiple> lists: the form posts the same values either way. Counties stay grouped under their city. */
(function () {
  "use strict";
  var me = document.currentScript;
  var selects = document.querySelectorAll("select[multiple][data-searchable]");
  if (!selects.length || !me) return;
  var english = (document.documentElement.lang || "").indexOf("en") === 0;

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = me.getAttribute("data-css");
  document.head.appendChild(css);
  var script = document.createElement("script");
  script.src = me.getAttribute("data-js");
  script.onload = function () { selects.forEach(enhance); };
  document.head.appendChild(script);

  function enhance(select) {
    select.removeAttribute("size");
    // Tom Select points the <label> at its own input; the original list keeps its name for assistive technology.
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (label) select.setAttribute("aria-label", label.textContent.trim());
    new window.TomSelect(select, {
      plugins: ["remove_button", "checkbox_options"],
      maxOptions: null,
      hideSelected: false,
      closeAfterSelect: false,
      searchField: ["text"],
      placeholder: english ? "Type to search…" : "输入以搜索…",
      render: {
        no_results: function () {
          return '<div class="no-results">' + (english ? "Nothing matches" : "没有匹配的选项") + "</div>";
        }
      }
    });
  }
})();
