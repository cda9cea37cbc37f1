/* Loaded on pages with stored widget views, between require.js and the widgets' HTML manager
 * (embed-amd.js):
 * - the manager's modules resolve to this folder, so the fonts they load come from the site;
 * - each slider's handle gets the slider's label as its accessible name (ipywidgets 8 draws
 *   the handle without one, so a screen reader would announce an unnamed slider).
 */
(function () {
  "use strict";
  const folder = document.currentScript.src.replace(/[^/]*$/, "").replace(/\/$/, "");
  window.require.config({
    paths: { "@jupyter-widgets": folder, "@jupyter-widgets/html-manager/dist": folder },
  });

  function nameSliders() {
    document.querySelectorAll('.widget-slider [role="slider"]:not([aria-label])').forEach((handle) => {
      const label = handle.closest(".widget-slider").querySelector(".widget-label");
      if (label && label.textContent.trim()) handle.setAttribute("aria-label", label.textContent.trim());
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    new MutationObserver(nameSliders).observe(document.body, { childList: true, subtree: true });
  });
})();
