/*
 * A display equation wider than its column scrolls sideways inside its own box. Mark such boxes
 * ("overflows") once MathJax has typeset them, and again when the window is resized, so that
 * custom.css can show a visible cue. Nothing else on the page depends on this script.
 */
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll("div.math").forEach(function (block) {
      var eq = block.querySelector("mjx-container");
      var wide = eq !== null && eq.scrollWidth > eq.clientWidth + 1;
      block.classList.toggle("overflows", wide);
    });
  }
  function start() {
    var mj = window.MathJax;
    var ready = mj && mj.startup && mj.startup.promise ? mj.startup.promise : Promise.resolve();
    ready.then(mark);
    var timer = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(mark, 150);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
