// Practice question: native radio buttons or check boxes in a labelled fieldset,
// a Check button, and feedback on each choice in a live region. No kernel needed.
let counter = 0;

function render({ model, el }) {
  const uid = `cpq-${Date.now().toString(36)}-${counter++}`;
  const form = document.createElement("fieldset");
  form.className = "cpq";
  const legend = document.createElement("legend");
  legend.innerHTML = `<span class="cpq-number">Question ${model.get("number")}.</span> `;
  const prompt = document.createElement("span");
  prompt.textContent = model.get("prompt");
  legend.appendChild(prompt);
  form.appendChild(legend);
  const multiple = model.get("kind") === "multiple";
  if (multiple) {
    const hint = document.createElement("p");
    hint.className = "cpq-hint";
    hint.textContent = "Choose all that apply.";
    form.appendChild(hint);
  }
  const list = document.createElement("div");
  list.className = "cpq-options";
  form.appendChild(list);
  const inputs = [];
  for (const o of model.get("options")) {
    const row = document.createElement("div");
    row.className = "cpq-option";
    const input = document.createElement("input");
    input.type = multiple ? "checkbox" : "radio";
    input.name = uid;
    input.id = `${uid}-${o.id}`;
    input.value = o.id;
    const label = document.createElement("label");
    label.htmlFor = input.id;
    label.textContent = o.text;
    row.append(input, label);
    list.appendChild(row);
    inputs.push(input);
  }
  const button = document.createElement("button");
  button.type = "button";
  button.className = "cpq-check";
  button.textContent = "Check";
  form.appendChild(button);
  const result = document.createElement("div");
  result.className = "cpq-result";
  result.setAttribute("aria-live", "polite");
  form.appendChild(result);

  function check() {
    const chosen = inputs.filter((i) => i.checked).map((i) => i.value);
    result.replaceChildren();
    if (chosen.length === 0) {
      result.textContent = "Choose an answer first.";
      return;
    }
    const options = model.get("options");
    const right = options.filter((o) => o.correct).map((o) => o.id);
    const hits = chosen.filter((c) => right.includes(c)).length;
    const misses = chosen.length - hits;
    const verdict = document.createElement("p");
    verdict.className = "cpq-verdict";
    if (hits === right.length && misses === 0) verdict.textContent = "Right.";
    else if (multiple && hits > 0)
      verdict.textContent = `Partly right: ${hits} of ${right.length} right choices, ${misses} wrong.`;
    else verdict.textContent = "Not quite.";
    result.appendChild(verdict);
    const ul = document.createElement("ul");
    for (const o of options.filter((x) => chosen.includes(x.id))) {
      const li = document.createElement("li");
      const strong = document.createElement("strong");
      strong.textContent = `${o.text}: `;
      li.append(strong, document.createTextNode(o.feedback));
      li.className = o.correct ? "cpq-right" : "cpq-wrong";
      ul.appendChild(li);
    }
    result.appendChild(ul);
    model.set("answer", chosen);
    model.set("checked", true);
    model.save_changes();
  }
  button.addEventListener("click", check);
  el.appendChild(form);
}

export default { render };
