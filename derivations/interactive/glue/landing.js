// Landing figure (derivations/interactive/landing.py): the margin t as a slider.
// Only calls the generated functions fig.fn; no formula is written here.
function (fig) {
  const fn = fig.fn, p = fig.params;
  const grid = fig.linspace(p.lo, p.hi, p.points);
  fig.set("curves", {
    t: grid,
    ce: grid.map(fn.ce),
    mse: grid.map(fn.mse),
    ce_slope: grid.map(fn.ce_slope),
    mse_slope: grid.map(fn.mse_slope),
  });
  return function update(v) {
    const t = v.t;
    const ends = [t - p.half, t + p.half];
    fig.set("tangents", {
      u: ends,
      ce: ends.map((u) => fn.ce_tangent(t, u)),
      mse: ends.map((u) => fn.mse_tangent(t, u)),
    });
    fig.set("points", {
      t: [t],
      ce: [fn.ce(t)],
      mse: [fn.mse(t)],
      ce_slope: [fn.ce_slope(t)],
      mse_slope: [fn.mse_slope(t)],
    });
    fig.setv("marker-losses", {location: t});
    fig.setv("marker-slopes", {location: t});
    fig.show("probability", fn.probability(t));
    fig.show("ce_slope", fn.ce_slope(t));
    fig.show("mse_slope", fn.mse_slope(t));
    fig.show("ratio", fn.ratio(t));
  };
}
