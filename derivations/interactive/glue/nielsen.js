// Nielsen's neuron (derivations/interactive/nielsen.py): learning rate and start as sliders.
// Gradient descent with the generated update rule fn.<cost>_step_w, fn.<cost>_step_b (the
// derived gradients, printed by SymPy); the loop only repeats it.
function (fig) {
  const fn = fig.fn, p = fig.params;
  const epochs = Array.from({length: p.epochs + 1}, (_, e) => e);
  function train(cost, v) {
    const costs = new Float64Array(p.epochs + 1), outputs = new Float64Array(p.epochs + 1);
    let w = v.w, b = v.b;
    for (let e = 0; e <= p.epochs; e++) {
      costs[e] = fn[cost + "_cost"](w, b, p.x, p.y);
      outputs[e] = fn.output(w, b, p.x);
      const next_w = fn[cost + "_step_w"](w, b, v.eta, p.x, p.y);
      const next_b = fn[cost + "_step_b"](w, b, v.eta, p.x, p.y);
      w = next_w;
      b = next_b;
    }
    return {costs, outputs};
  }
  return function update(v) {
    const quadratic = train("quadratic", v), ce = train("cross_entropy", v);
    fig.set("runs", {epoch: epochs, quadratic: quadratic.costs, cross_entropy: ce.costs});
    fig.show("quadratic_cost", quadratic.costs[p.epochs]);
    fig.show("cross_entropy_cost", ce.costs[p.epochs]);
    fig.show("quadratic_output", quadratic.outputs[p.epochs]);
    fig.show("cross_entropy_output", ce.outputs[p.epochs]);
  };
}
