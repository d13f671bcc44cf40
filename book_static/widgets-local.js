// Serve every widget module from this book, never from a CDN.
// Loaded after require.js and before html-manager's embed-amd.js.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script.src.substring(0, script.src.lastIndexOf("/") + 1);
  var embed = base + "widgets/html-manager/embed-amd";
  var paths = { anywidget: base + "widgets/anywidget/index" };
  ["base", "base7", "controls", "controls7", "html-manager"].forEach(function (name) {
    // Mapping the ids to the bundle lets its fonts resolve beside it.
    paths["@jupyter-widgets/" + name] = embed;
  });
  window.requirejs.config({ paths: paths });
  // html-manager falls back to a CDN for modules it cannot find; point that
  // fallback at this book too, so a missing module fails locally and visibly.
  script.setAttribute("data-jupyter-widgets-cdn", base + "widgets/missing/");

  // ipywidgets' slider handles (role="slider") carry no accessible name; name
  // each one after its slider's visible label as the widgets are drawn.
  function nameSliders(root) {
    root.querySelectorAll(".widget-slider").forEach(function (slider) {
      var label = slider.querySelector(".widget-label");
      var text = label ? label.textContent.trim() : "";
      slider.querySelectorAll(".noUi-handle").forEach(function (handle) {
        if (text && !handle.hasAttribute("aria-label")) handle.setAttribute("aria-label", text);
      });
    });
  }
  new MutationObserver(function () {
    nameSliders(document);
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
