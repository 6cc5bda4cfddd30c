/*
 * Display math set again for a narrow column (a phone), the way it is written by hand there.
 * MathJax 3 does not break lines, so a wide block would sit behind a sideways scroll. A block
 * that overflows its box is typeset again from a narrow form of its TeX, if it has one:
 *  - a derivation (a chain of equalities with each step's reason in a column on the right,
 *    "&& \text{reason}" in its aligned block) goes to one column: the left-hand side on its own
 *    line, and each reason on a line of its own just above the step it justifies;
 *  - a statement (one relation, or a gathered list of them) is broken before each relation: the
 *    left-hand side on its own line, "= right-hand side" indented under it.
 * When the window widens, a block gets its wide form back once it fits. Blocks with a narrow
 * form have the class "narrow-layout" ("step-reasons" for derivations); "narrow" marks those
 * shown narrow. Last, an equation that still overflows by a little is set in a slightly smaller
 * size (down to MIN_SCALE), rather than scroll for a few pixels.
 */
(function () {
  "use strict";

  // Where `body` has one of `marks` ("\\\\" between rows, "&" or "&&" between columns, a
  // relation) outside braces, inner environments (a matrix has rows and columns of its own) and
  // \left ... \right pairs, and, if `parens`, outside round brackets: [[position, mark], ...]. A
  // mark that is a command matches whole.
  function topLevel(body, marks, parens) {
    var found = [];
    var depth = 0;
    for (var at = 0; at < body.length; at += 1) {
      var mark =
        depth === 0 &&
        marks.find(function (m) {
          var command = /^\\[a-z]+$/i.test(m);
          return body.startsWith(m, at) && !(command && /[a-z]/i.test(body.charAt(at + m.length)));
        });
      if (mark) {
        found.push([at, mark]);
        at += mark.length - 1;
        continue;
      }
      var c = body.charAt(at);
      if (c === "{" || (parens && c === "(")) depth += 1;
      else if (c === "}" || (parens && c === ")")) depth = Math.max(depth - 1, 0);
      else if (c === "\\") {
        var command = /^\\([a-z]+)/i.exec(body.slice(at));
        var name = command ? command[1] : "";
        if (name === "begin" || name === "left") depth += 1;
        else if (name === "end" || name === "right") depth = Math.max(depth - 1, 0);
        at += Math.max(name.length, 1); // the command, or the escaped character
      }
    }
    return found;
  }

  function firstAt(body, marks) {
    var found = topLevel(body, marks)[0];
    return found === undefined ? undefined : found[0];
  }

  function split(body, mark) {
    var parts = [];
    var from = 0;
    topLevel(body, [mark]).forEach(function (found) {
      parts.push(body.slice(from, found[0]));
      from = found[0] + mark.length;
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
      var column = firstAt(row, ["&&"]);
      var rest = column === undefined ? "" : row.slice(column + 2).trim();
      if (rest.startsWith("\\text{") && rest.endsWith("}")) {
        words = rest;
        step = row.slice(0, column);
      }
      var amp = firstAt(step, ["&"]);
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

  var RELATIONS = ["=", "\\geq", "\\leq", "\\ge", "\\le", "\\neq", "\\approx"];

  // A row of a statement broken before each of its relations (outside any brackets), if it has a
  // left-hand side: "a = b \le c" -> "& a \\ &\quad = b \\ &\quad \le c".
  function brokenRow(row) {
    var at = topLevel(row, RELATIONS, true).map(function (found) {
      return found[0];
    });
    if (at.length === 0 || row.slice(0, at[0]).trim() === "") return null;
    var lines = ["&" + row.slice(0, at[0])];
    at.forEach(function (from, number) {
      lines.push("&\\quad " + row.slice(from, at[number + 1]));
    });
    return lines.join("\\\\");
  }

  // A statement laid out for a narrow column, as by hand, one change at a time (narrowWhereNeeded()
  // typesets it again while it overflows):
  //  - formulas set side by side ("\qquad" between them) go one under the other;
  //  - then each row's left-hand side goes on a line of its own, each relation and what follows
  //    it on a line indented under it, with a little space between rows:
  //   "\begin{gathered} a = b \\ c \geq 0 \end{gathered}"
  //   -> "\begin{aligned} & a \\ &\quad = b \\[0.5em] & c \\ &\quad \geq 0 \end{aligned}";
  //   "\[ a = b \]" -> "\[ \begin{aligned} & a \\ &\quad = b \end{aligned} \]".
  // Only the rows `tooWide` marks are broken, if it is given (an array of booleans, one per
  // row). A block with nothing to break, or with other environments (a chain, a matrix), is
  // unchanged.
  function brokenAtRelations(tex, tooWide) {
    var open = "\\begin{gathered}";
    var close = "\\end{gathered}";
    var from = tex.indexOf(open);
    var to = tex.lastIndexOf(close);
    if (from < 0 || to < from) {
      open = "\\[";
      close = "\\]";
      from = tex.indexOf(open);
      to = tex.lastIndexOf(close);
      if (from < 0 || to < from) return tex;
    }
    var body = tex.slice(from + open.length, to);
    if (body.indexOf("\\begin{") >= 0) return tex;
    var rows = split(body, "\\\\");
    var wrap = function (inner) {
      var block = open === "\\[" ? "\\[" + inner + "\\]" : inner;
      return tex.slice(0, from) + block + tex.slice(to + close.length);
    };
    var sideBySide = [].concat.apply(
      [],
      rows.map(function (row) {
        return split(row, "\\qquad");
      }),
    );
    if (sideBySide.length > rows.length) {
      return wrap("\\begin{gathered}" + sideBySide.join("\\\\") + "\\end{gathered}");
    }
    var broken = false;
    rows = rows.map(function (row, number) {
      var lines = tooWide && !tooWide[number] ? null : brokenRow(row);
      broken = broken || lines !== null;
      return lines === null ? "&" + row : lines;
    });
    if (!broken) return tex;
    return wrap("\\begin{aligned}" + rows.join("\\\\[0.5em]") + "\\end{aligned}");
  }

  // The narrow forms, in the order they are tried: [rewrite, class of the blocks it applies to].
  var REWRITES = [
    [reasonsBetween, "step-reasons"],
    [brokenAtRelations, "relation-breaks"],
  ];

  // {block, wide, rewrite, shown, needs}: the TeX of the wide form and of the form shown; needs
  // is the width the wide form took.
  var blocks = [];

  function findBlocks() {
    document.querySelectorAll("div.math").forEach(function (block) {
      block.childNodes.forEach(function (node) {
        if (node.nodeType !== Node.TEXT_NODE) return;
        REWRITES.some(function (rewrite) {
          var narrow = rewrite[0](node.data);
          if (narrow === node.data) return false;
          block.classList.add("narrow-layout", rewrite[1]);
          var tex = node.data;
          blocks.push({ block: block, wide: tex, rewrite: rewrite[0], shown: tex, needs: 0 });
          return true;
        });
      });
    });
  }

  function equation(item) {
    return item.block.querySelector("mjx-container");
  }

  function overflows(item) {
    var eq = equation(item);
    return eq !== null && eq.scrollWidth > eq.clientWidth + 1;
  }

  // How wide each innermost row of a typeset block is (its content, not its table's column): a
  // statement breaks only the rows that do not fit.
  function rowWidths(eq) {
    var rows = Array.prototype.filter.call(eq.querySelectorAll("mjx-mtr"), function (row) {
      return row.querySelector("mjx-mtr") === null;
    });
    if (rows.length === 0) return [eq.scrollWidth];
    return rows.map(function (row) {
      var left = Infinity;
      var right = -Infinity;
      row.querySelectorAll("mjx-mtd > *").forEach(function (part) {
        var box = part.getBoundingClientRect();
        if (box.width === 0) return;
        left = Math.min(left, box.left);
        right = Math.max(right, box.right);
      });
      return right - left;
    });
  }

  function isNarrow(item) {
    return item.block.classList.contains("narrow");
  }

  // Replace the typeset block with the given form of its TeX (typeset() typesets it again).
  function show(item, tex) {
    var mj = window.MathJax;
    mj.typesetClear([item.block]);
    item.block.querySelectorAll("mjx-container").forEach(function (eq) {
      eq.remove();
    });
    item.block.appendChild(document.createTextNode(tex));
    item.shown = tex;
    item.block.classList.toggle("narrow", tex !== item.wide);
  }

  function typeset(some) {
    if (some.length === 0) return Promise.resolve();
    return window.MathJax.typesetPromise(
      some.map(function (item) {
        return item.block;
      }),
    );
  }

  // Narrow the blocks that overflow, one change at a time, typesetting them again after each,
  // until they fit or their rewriting has nothing left to change. The width the wide form took is
  // remembered.
  function narrowWhereNeeded(some) {
    var changed = some.filter(overflows).filter(function (item) {
      var eq = equation(item);
      var tooWide = rowWidths(eq).map(function (width) {
        return width > eq.clientWidth;
      });
      var narrower = item.rewrite(item.shown, tooWide);
      if (narrower === item.shown) narrower = item.rewrite(item.shown);
      if (narrower === item.shown) return false;
      if (item.shown === item.wide) item.needs = eq.scrollWidth;
      show(item, narrower);
      return true;
    });
    if (changed.length === 0) return Promise.resolve();
    return typeset(changed).then(function () {
      return narrowWhereNeeded(changed);
    });
  }

  var MIN_SCALE = 0.85;

  function unshrink() {
    document.querySelectorAll("div.math mjx-math").forEach(function (math) {
      math.style.fontSize = "";
    });
  }

  // The last step of every layout. Set each equation that overflows by less than 1 / MIN_SCALE
  // small enough to fit (its mjx-math: MathJax keeps its own size on the container), every other
  // equation at its normal size; then let scroll-cue.js mark the boxes that still scroll (it does
  // when the window "resizes").
  function shrinkToFit() {
    unshrink();
    document.querySelectorAll("div.math mjx-container").forEach(function (eq) {
      var math = eq.querySelector("mjx-math");
      if (math === null || eq.scrollWidth <= eq.clientWidth + 1) return;
      var scale = (eq.clientWidth - 2) / eq.scrollWidth;
      if (scale >= MIN_SCALE) math.style.fontSize = Math.floor(scale * 1000) / 10 + "%";
    });
    window.dispatchEvent(new Event("resize"));
  }

  // Only the blocks whose layout has to change are typeset again: a narrow block gets its wide
  // form back once its box is as wide as that form was (and is narrowed again if it still
  // overflows), a block that overflows is narrowed further.
  function fit() {
    unshrink();
    var wider = blocks.filter(function (item) {
      return isNarrow(item) && item.block.clientWidth >= item.needs;
    });
    wider.forEach(function (item) {
      show(item, item.wide);
    });
    return typeset(wider)
      .then(function () {
        return narrowWhereNeeded(blocks);
      })
      .then(shrinkToFit);
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

  // For the tests: the rewritings themselves, and a promise that settles once the blocks are laid
  // out and sized again after a change of width (the first layout is part of
  // MathJax.startup.promise).
  window.whySoftmaxNarrowMath = {
    reasonsBetween: reasonsBetween,
    brokenAtRelations: brokenAtRelations,
    settled: function () {
      return settled;
    },
  };

  // This script runs before MathJax (which is deferred): hook into MathJax's first typesetting,
  // so that the blocks are found while their TeX is still in the page, and laid out before
  // MathJax.startup.promise resolves.
  var config = (window.MathJax = window.MathJax || {});
  config.startup = config.startup || {};
  var pageReady = config.startup.pageReady;
  config.startup.pageReady = function () {
    findBlocks();
    var firstTypeset = pageReady ? pageReady() : window.MathJax.startup.defaultPageReady();
    watchWidth();
    settled = firstTypeset
      .then(function () {
        return narrowWhereNeeded(blocks);
      })
      .then(shrinkToFit);
    return settled;
  };
})();
