/*
 * A derivation is a chain of equalities with the reason for each step in a column on the right
 * ("&& \text{reason}" in its aligned block). Where that column does not fit beside the steps (a
 * phone), the reasons would sit out of sight, behind a sideways scroll. So a chain that overflows
 * its box is typeset again in one column, as a calculation is written by hand: the left-hand
 * side on its own line, and each reason on a line of its own just above the step it justifies.
 * When the window widens, the chain gets its reasons column back if it fits. Chains are the
 * blocks of class "step-reasons"; "reasons-between" marks those shown in one column.
 */
(function () {
  "use strict";

  // Where `body` has `mark` ("\\\\" between rows, "&" or "&&" between columns) outside braces
  // and inner environments (a matrix has rows and columns of its own).
  function topLevel(body, mark) {
    var found = [];
    var braces = 0;
    var envs = 0;
    for (var at = 0; at < body.length; at += 1) {
      if (braces === 0 && envs === 0 && body.startsWith(mark, at)) {
        found.push(at);
        at += mark.length - 1;
        continue;
      }
      var c = body.charAt(at);
      if (c === "{") braces += 1;
      else if (c === "}") braces -= 1;
      else if (c === "\\") {
        if (body.startsWith("\\begin{", at)) envs += 1;
        else if (body.startsWith("\\end{", at)) envs -= 1;
        at += 1; // the escaped character
      }
    }
    return found;
  }

  function split(body, mark) {
    var parts = [];
    var from = 0;
    topLevel(body, mark).forEach(function (at) {
      parts.push(body.slice(from, at));
      from = at + mark.length;
    });
    parts.push(body.slice(from));
    return parts;
  }

  // A chain laid out for a narrow column, the way a calculation is written by hand: the left-hand
  // side on a line of its own, then each step's reason on a row of its own just above the step it
  // justifies (between the two lines it relates), all in one column:
  //   "lhs &= a && \text{R} \\ &= b && \text{S}"
  //   -> "& lhs \\ &\quad {\small \text{R}} \\ &= a \\ &\quad {\small \text{S}} \\ &= b".
  // A block with no reason in an aligned environment is returned unchanged.
  function reasonsBetween(tex) {
    var open = "\\begin{aligned}";
    var close = "\\end{aligned}";
    var first = tex.indexOf(open);
    var last = tex.lastIndexOf(close);
    if (first < 0 || last < first) return tex;
    var out = [];
    var changed = false;
    split(tex.slice(first + open.length, last), "\\\\").forEach(function (row, number) {
      var step = row;
      var words = null;
      var column = topLevel(row, "&&")[0];
      var rest = column === undefined ? "" : row.slice(column + 2).trim();
      if (rest.startsWith("\\text{") && rest.endsWith("}")) {
        words = rest;
        step = row.slice(0, column);
      }
      var amp = topLevel(step, "&")[0];
      if (number === 0 && amp !== undefined && step.slice(0, amp).trim() !== "") {
        out.push("&" + step.slice(0, amp));
        step = step.slice(amp);
      }
      if (words !== null) {
        out.push("&\\quad {\\small " + words + "}");
        changed = true;
      }
      out.push(step);
    });
    if (!changed) return tex;
    return tex.slice(0, first + open.length) + out.join("\\\\") + tex.slice(last);
  }

  var chains = []; // {block, wide, narrow, needs}: needs is the width the wide layout took

  function findChains() {
    document.querySelectorAll("div.math").forEach(function (block) {
      block.childNodes.forEach(function (node) {
        if (node.nodeType !== Node.TEXT_NODE || !/&&\s*\\text\{/.test(node.data)) return;
        var oneColumn = reasonsBetween(node.data);
        if (oneColumn === node.data) return;
        block.classList.add("step-reasons");
        chains.push({ block: block, wide: node.data, narrow: oneColumn, needs: 0 });
      });
    });
  }

  function equation(chain) {
    return chain.block.querySelector("mjx-container");
  }

  function overflows(chain) {
    var eq = equation(chain);
    return eq !== null && eq.scrollWidth > eq.clientWidth + 1;
  }

  function between(chain) {
    return chain.block.classList.contains("reasons-between");
  }

  // Replace the typeset chain with the given TeX and typeset it again.
  function show(chain, inOneColumn) {
    var mj = window.MathJax;
    mj.typesetClear([chain.block]);
    chain.block.querySelectorAll("mjx-container").forEach(function (eq) {
      eq.remove();
    });
    chain.block.appendChild(document.createTextNode(inOneColumn ? chain.narrow : chain.wide));
    chain.block.classList.toggle("reasons-between", inOneColumn);
  }

  function typeset(some) {
    if (some.length === 0) return Promise.resolve();
    var blocks = some.map(function (c) {
      return c.block;
    });
    return window.MathJax.typesetPromise(blocks).then(function () {
      // scroll-cue.js marks the boxes that still scroll when the window "resizes".
      window.dispatchEvent(new Event("resize"));
    });
  }

  // Put the reasons between the steps of the chains whose column overflows, remembering the
  // width the column took.
  function narrow(some) {
    var over = some.filter(overflows);
    over.forEach(function (c) {
      c.needs = equation(c).scrollWidth;
      show(c, true);
    });
    return typeset(over);
  }

  // Only the chains whose layout has to change are typeset again: a chain in one column gets its
  // reasons column back once its block is as wide as that column was (and goes back to one
  // column if it still overflows), a chain with its column goes to one column once it overflows.
  function fit() {
    var wider = chains.filter(function (c) {
      return between(c) && c.block.clientWidth >= c.needs;
    });
    wider.forEach(function (c) {
      show(c, false);
    });
    return typeset(wider).then(function () {
      return narrow(
        chains.filter(function (c) {
          return !between(c);
        }),
      );
    });
  }

  var settled = Promise.resolve();
  function refit() {
    settled = settled.then(fit, fit);
    return settled;
  }

  function watchWidth() {
    var lastWidth = window.innerWidth;
    var timer = null;
    window.addEventListener("resize", function () {
      // Only a change of width matters (our own "resize" events keep the width).
      if (window.innerWidth === lastWidth) return;
      lastWidth = window.innerWidth;
      window.clearTimeout(timer);
      timer = window.setTimeout(refit, 200);
    });
  }

  // For the tests: the rewriting itself, and a promise that settles once the chains are laid out
  // again after a change of width (the first layout is part of MathJax.startup.promise).
  window.whySoftmaxStepReasons = {
    reasonsBetween: reasonsBetween,
    settled: function () {
      return settled;
    },
  };

  // This script runs before MathJax (which is deferred): hook into MathJax's first typesetting,
  // so that the chains are found while their TeX is still in the page, and laid out before
  // MathJax.startup.promise resolves.
  var config = (window.MathJax = window.MathJax || {});
  config.startup = config.startup || {};
  var pageReady = config.startup.pageReady;
  config.startup.pageReady = function () {
    findChains();
    var first = pageReady ? pageReady() : window.MathJax.startup.defaultPageReady();
    if (chains.length === 0) return first;
    watchWidth();
    settled = first.then(function () {
      return narrow(chains);
    });
    return settled;
  };
})();
