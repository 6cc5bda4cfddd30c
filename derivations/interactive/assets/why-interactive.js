/* Why Softmax: the runtime of the interactive figures (derivations/interactive/figure.py).
 *
 * A page with an interactive figure queues it with
 *   (window.whyInteractive = window.whyInteractive || []).push(spec);
 * and loads Bokeh and this file (deferred, in that order). For each queued figure this file
 * embeds the Bokeh plot, wires the range inputs, and calls the figure's own update code with
 * the sliders' values. It holds no formula: every formula is generated from SymPy and travels
 * with the figure (spec.fn).
 */
(function () {
  "use strict";

  const SUPERSCRIPT = {"-": "\u207b", "0": "\u2070", "1": "\u00b9", "2": "\u00b2", "3": "\u00b3",
    "4": "\u2074", "5": "\u2075", "6": "\u2076", "7": "\u2077", "8": "\u2078", "9": "\u2079"};

  /* The same rule as format_number in figure.py: fixed notation from 1e-3 to below 1e5,
     else m × 10^e; U+2212 for minus. */
  function format(x, digits) {
    if (!Number.isFinite(x)) return Number.isNaN(x) ? "NaN" : (x > 0 ? "\u221e" : "\u2212\u221e");
    if (x === 0) return "0";
    const exponent = Math.floor(Math.log10(Math.abs(x)));
    let text;
    if (exponent >= -3 && exponent < 5) {
      text = x.toFixed(Math.max(0, digits - 1 - exponent));
    } else {
      const [mantissa, power] = x.toExponential(digits - 1).split("e");
      const sup = String(parseInt(power, 10)).split("").map((c) => SUPERSCRIPT[c]).join("");
      text = mantissa + " \u00d7 10" + sup;
    }
    return text.replace(/-/g, "\u2212");
  }

  function linspace(lo, hi, count) {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = lo + (hi - lo) * (i / (count - 1));
    return out;
  }

  /* The models of a Bokeh JSON document that have a name, by name. */
  function namedModels(json) {
    const found = {};
    (function walk(node) {
      if (Array.isArray(node)) {
        node.forEach(walk);
      } else if (node !== null && typeof node === "object") {
        if (node.type === "object" && node.attributes && typeof node.attributes.name === "string") {
          found[node.attributes.name] = node;
        }
        Object.values(node).forEach(walk);
      }
    })(json);
    return found;
  }

  /* What a figure's update code is given. Until the plot is embedded, fig.set and fig.setv
     write into the document's JSON, so the plot is first drawn with its data (no empty plot,
     no range warnings); once embedded (attach), they change the live models. */
  function makeFigure(spec, root) {
    const inputs = {};
    for (const name of Object.keys(spec.sliders)) {
      inputs[name] = root.querySelector('input[name="' + name + '"]');
    }
    const json = namedModels(spec.item.doc);
    let doc = null;
    const model = (name) => {
      const found = doc === null ? json[name] : doc.get_model_by_name(name);
      if (found === undefined || found === null) {
        throw new Error(spec.id + ": no Bokeh model named " + name);
      }
      return found;
    };
    return {
      id: spec.id,
      root: root,
      get doc() {
        return doc;
      },
      fn: spec.fn,
      params: spec.params,
      linspace: linspace,
      format: format,
      model: model,
      attach(live) {
        doc = live;
      },
      /* The sliders' current values, by name. */
      values() {
        const out = {};
        for (const [name, input] of Object.entries(inputs)) {
          out[name] = spec.sliders[name].values[Number(input.value)];
        }
        return out;
      },
      /* Replace a ColumnDataSource's data. */
      set(name, data) {
        if (doc === null) {
          const entries = Object.entries(data).map(([k, v]) => [k, Array.from(v)]);
          model(name).attributes.data = {type: "map", entries: entries};
        } else {
          model(name).data = data;
        }
      },
      /* Set properties of a model (an annotation's position, a range's ends). */
      setv(name, attrs) {
        if (doc === null) Object.assign(model(name).attributes, attrs);
        else model(name).setv(attrs);
      },
      /* Show a number: its text, and its exact value in data-value (for tests and copying). */
      show(name, value) {
        const out = root.querySelector('output[data-name="' + name + '"]');
        if (out === null) throw new Error(spec.id + ": no number named " + name);
        out.textContent = format(value, spec.readouts[name].digits);
        out.dataset.value = String(value);
      },
    };
  }

  function showSlider(spec, root, name) {
    const input = root.querySelector('input[name="' + name + '"]');
    const slider = spec.sliders[name];
    const label = slider.labels[Number(input.value)];
    root.querySelector('output[for="' + input.id + '"]').textContent = label;
    input.setAttribute("aria-valuetext", slider.symbol + " = " + label);
  }

  const mounted = {};

  async function mount(spec) {
    const root = document.getElementById(spec.id);
    if (root === null) return;
    try {
      if (typeof window.Bokeh === "undefined") throw new Error("Bokeh did not load");
      const fig = makeFigure(spec, root);
      const update = spec.setup(fig);
      const refresh = () => update(fig.values());
      for (const name of Object.keys(spec.sliders)) showSlider(spec, root, name);
      refresh();
      const views = await window.Bokeh.embed.embed_item(spec.item, spec.id + "-plot");
      fig.attach(views.roots[0].model.document);
      for (const name of Object.keys(spec.sliders)) {
        const input = root.querySelector('input[name="' + name + '"]');
        input.addEventListener("input", () => {
          showSlider(spec, root, name);
          refresh();
        });
      }
      for (const hidden of root.querySelectorAll("[hidden]")) hidden.hidden = false;
      mounted[spec.id] = fig;
      root.dataset.ready = "true";
    } catch (err) {
      root.dataset.ready = "error";
      const note = document.createElement("p");
      note.className = "why-noscript";
      note.textContent = "This interactive figure could not be shown (" + err.message + ").";
      root.appendChild(note);
      console.error("why-interactive:", spec.id, err);
    }
  }

  const queued = Array.isArray(window.whyInteractive) ? window.whyInteractive : [];
  window.whyInteractive = {push: mount, figures: mounted, format: format};
  for (const spec of queued) mount(spec);
})();
