// Curvature figure (derivations/interactive/curvature.py): n and the margin t as sliders.
// Only calls the generated functions fig.fn; no formula is written here.
function (fig) {
  const fn = fig.fn, p = fig.params;
  const grid = fig.linspace(p.lo, p.hi, p.points);
  let shownN = null;
  return function update(v) {
    if (v.n !== shownN) {
      fig.set("curve", {t: grid, second: grid.map((t) => fn.second(t, v.n))});
      fig.setv("concave", {left: fn.threshold(v.n)});
      shownN = v.n;
    }
    fig.set("point", {t: [v.t], second: [fn.second(v.t, v.n)]});
    fig.setv("marker", {location: v.t});
    fig.show("second", fn.second(v.t, v.n));
    fig.show("probability", fn.probability(v.t, v.n));
    fig.show("threshold", fn.threshold(v.n));
  };
}
