// Front end of coproduction's StateExplorer: native, labelled controls that switch
// between states precomputed in Python. Works in the static book (no kernel):
// nothing here talks to a server.
let counter = 0;

function render({ model, el }) {
  const uid = `cpx-${Date.now().toString(36)}-${counter++}`;
  const root = document.createElement("section");
  root.className = "cpx";
  root.setAttribute("aria-label", model.get("title") || "Explorer");

  if (model.get("title")) {
    const h = document.createElement("p");
    h.className = "cpx-title";
    h.textContent = model.get("title");
    root.appendChild(h);
  }

  const form = document.createElement("div");
  form.className = "cpx-controls";
  root.appendChild(form);

  const view = document.createElement("div");
  view.className = "cpx-view";
  view.setAttribute("aria-live", "polite");
  root.appendChild(view);

  const caption = document.createElement("p");
  caption.className = "cpx-caption";
  root.appendChild(caption);

  function key(value) {
    return model.get("controls").map((c) => value[c.id]).join("|");
  }

  function show() {
    const index = model.get("index");
    const k = key(model.get("value"));
    if (k in index) {
      view.innerHTML = model.get("views")[index[k]];
      view.dataset.state = k;
      delete view.dataset.pending;
    } else {
      // Not drawn yet: a live kernel is drawing it, or a static page is still
      // loading the explorer's states. data-state names only a state on show.
      view.innerHTML = "<p class='cpx-missing'>Working…</p>";
      delete view.dataset.state;
      view.dataset.pending = k;
    }
    caption.textContent = model.get("caption") || "";
    markScrollable();
  }

  // On a narrow screen a figure keeps a readable size and scrolls sideways
  // (explorer.css); a figure that scrolls is focusable, so it scrolls by keyboard too.
  function markScrollable() {
    for (const fig of view.querySelectorAll("figure")) {
      if (fig.scrollWidth > fig.clientWidth + 1) {
        fig.tabIndex = 0;
        fig.setAttribute("role", "group");
        fig.setAttribute("aria-label", "Figure: scroll sideways to see all of it");
      } else if (fig.hasAttribute("tabindex")) {
        fig.removeAttribute("tabindex");
        fig.removeAttribute("role");
        fig.removeAttribute("aria-label");
      }
    }
  }

  function choose(controlId, optionValue) {
    const value = Object.assign({}, model.get("value"));
    value[controlId] = optionValue;
    model.set("value", value);
    model.save_changes();
  }

  function drawControls() {
    form.replaceChildren();
    const value = model.get("value");
    for (const c of model.get("controls")) {
      if (c.kind === "checkbox") {
        const wrap = document.createElement("div");
        wrap.className = "cpx-checkbox";
        const input = document.createElement("input");
        input.type = "checkbox";
        input.id = `${uid}-${c.id}`;
        input.checked = value[c.id] === c.options[1].value;
        input.dataset.control = c.id;
        input.addEventListener("change", () =>
          choose(c.id, input.checked ? c.options[1].value : c.options[0].value),
        );
        const label = document.createElement("label");
        label.htmlFor = input.id;
        label.textContent = c.label;
        wrap.append(input, label);
        if (c.help) {
          const help = document.createElement("small");
          help.textContent = ` ${c.help}`;
          wrap.appendChild(help);
        }
        form.appendChild(wrap);
        continue;
      }
      const fs = document.createElement("fieldset");
      fs.className = "cpx-radio";
      const legend = document.createElement("legend");
      legend.textContent = c.label;
      fs.appendChild(legend);
      if (c.help) {
        const help = document.createElement("small");
        help.className = "cpx-help";
        help.textContent = c.help;
        fs.appendChild(help);
      }
      for (const o of c.options) {
        const input = document.createElement("input");
        input.type = "radio";
        input.name = `${uid}-${c.id}`;
        input.id = `${uid}-${c.id}-${o.value}`;
        input.value = o.value;
        input.checked = value[c.id] === o.value;
        input.dataset.control = c.id;
        input.addEventListener("change", () => input.checked && choose(c.id, o.value));
        const label = document.createElement("label");
        label.htmlFor = input.id;
        label.textContent = o.label;
        const item = document.createElement("span");
        item.className = "cpx-option";
        item.append(input, label);
        fs.appendChild(item);
      }
      form.appendChild(fs);
    }
  }

  function syncControls() {
    const value = model.get("value");
    for (const input of form.querySelectorAll("input")) {
      const c = input.dataset.control;
      if (input.type === "checkbox") {
        const spec = model.get("controls").find((x) => x.id === c);
        input.checked = value[c] === spec.options[1].value;
      } else {
        input.checked = value[c] === input.value;
      }
    }
  }

  model.on("change:value", () => {
    syncControls();
    show();
  });
  model.on("change:views", show);
  model.on("change:index", show);
  model.on("change:controls", () => {
    drawControls();
    show();
  });

  drawControls();
  show();
  el.appendChild(root);
  if (typeof ResizeObserver === "function") new ResizeObserver(markScrollable).observe(view);
}

export default { render };
