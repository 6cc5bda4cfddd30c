// Temperature figure (derivations/interactive/temperature.py): T as a slider.
// Only calls the generated functions fig.fn; no formula is written here.
function (fig) {
  const fn = fig.fn, names = fig.params.components;
  return function update(v) {
    const probabilities = names.map((name) => fn[name](v.T));
    fig.set("bars", {x: fig.params.classes, top: probabilities});
    fig.show("entropy", fn.entropy(v.T));
    fig.show("largest", probabilities[0]);
  };
}
