// Front end of coproduction's ItemWidget: one question of any kind, with native,
// labelled controls in a fieldset. Practice mode checks the answer here, with no
// kernel, by the rules of coproduction/exercises/kinds/ (keep the two in step:
// the browser tests compare them). Assessed mode only sends the answer to Python.
//
// Each kind's front end is its entry in KINDS, keyed as in kinds/'s KINDS:
//   controls(spec, form, uid, ctx)  draws the inputs into the fieldset and returns
//                                   read(), which gives {answer} or {missing: "what
//                                   to do first"}; ctx is {practice, ready(bool)}
//                                   (ready enables the practice button);
//   check(spec, answer)             scores a practice answer exactly as Item.check
//                                   does: {score, summary, feedback: [{text, label?,
//                                   good?}]} (a kind the checker scores), or
//   show(result, spec, answer)      draws what follows a practice answer (a kind a
//                                   person marks);
//   label                           the practice button's text (default "Check").
// To add a kind: write its controls and check (or show) below and add it here; a
// unit test (tests/unit/test_item_kinds.py) checks that every registered kind has
// an entry with its functions.
const KINDS = {
  single: { controls: choiceControls(false, true), check: checkChoice(false) },
  multiple: { controls: choiceControls(true, true), check: checkChoice(true) },
  classify: { controls: choiceControls(false, false), check: checkChoice(false) },
  matching: { controls: matchingControls, check: checkMatching },
  ordering: { controls: orderingControls, check: checkOrdering },
  numeric: { controls: numericControls, check: checkNumeric },
  short: { controls: shortControls, show: showShort, label: "Compare with the rubric" },
};

let counter = 0;

function make(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "className") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function countWords(text) {
  return text.split(/\s+/).filter((w) => w.length > 0).length;
}

// Checking: each returns {score, summary, feedback: [{text, label?, good?}]} exactly
// as Item.check scores and words it.

function checkChoice(multiple) {
  return (spec, answer) => scoreChoice(spec, answer, multiple);
}

function scoreChoice(spec, answer, multiple) {
  const chosen = multiple ? [...new Set(answer)] : [answer];
  const byId = Object.fromEntries(spec.options.map((o) => [o.id, o]));
  const right = spec.options.filter((o) => o.correct).map((o) => o.id);
  const feedback = chosen.map((c) => ({
    label: byId[c].text,
    text: byId[c].feedback,
    good: byId[c].correct,
  }));
  if (!multiple) return { score: byId[answer].correct ? 1 : 0, summary: "", feedback };
  const hits = chosen.filter((c) => right.includes(c)).length;
  const misses = chosen.length - hits;
  const missed = right.length - hits;
  if (misses > 0 && hits > 0) {
    feedback.unshift({
      text:
        `You ticked ${hits} right option${hits !== 1 ? "s" : ""} and ${misses} wrong ` +
        `one${misses !== 1 ? "s" : ""}; each wrong tick cancels a right one.`,
      good: false,
    });
  }
  if (missed > 0) {
    feedback.push({
      text: `You left out ${missed} right option${missed > 1 ? "s" : ""}.`,
      good: false,
    });
  }
  return {
    score: Math.max(0, (hits - misses) / right.length),
    summary: `${hits} of ${right.length} right choices, ${misses} wrong`,
    feedback,
  };
}

function checkMatching(spec, answer) {
  const rights = Object.fromEntries(spec.right.map((e) => [e.id, e]));
  const feedback = [];
  let hits = 0;
  for (const e of spec.left) {
    const chosen = answer[e.id];
    if (chosen === undefined || chosen === null) {
      feedback.push({ text: `${e.text}: not matched. ${e.feedback}`, good: false });
    } else if (chosen === spec.key[e.id]) {
      hits += 1;
      feedback.push({ text: `${e.text}: right. ${e.feedback}`, good: true });
    } else {
      const r = rights[chosen];
      feedback.push({ text: `${e.text}: not ${r.text}. ${r.feedback} ${e.feedback}`, good: false });
    }
  }
  return {
    score: hits / spec.left.length,
    summary: `${hits} of ${spec.left.length} matched correctly`,
    feedback,
  };
}

function checkOrdering(spec, answer) {
  const ids = spec.key;
  const pos = Object.fromEntries(answer.map((s, i) => [s, i]));
  const n = ids.length;
  const pairs = (n * (n - 1)) / 2;
  let right = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) if (pos[ids[i]] < pos[ids[j]]) right += 1;
  }
  const byId = Object.fromEntries(spec.steps.map((s) => [s.id, s]));
  const feedback = answer.map((s, k) => ({
    text:
      `${k + 1}. ${byId[s].text.replace(/\.+$/, "")}: ` +
      (ids[k] === s ? "in the right place. " : `belongs at position ${ids.indexOf(s) + 1}. `) +
      byId[s].feedback,
    good: ids[k] === s,
  }));
  return {
    score: right / pairs,
    summary: `${right} of ${pairs} pairs of steps in the right order`,
    feedback,
  };
}

function checkNumeric(spec, x) {
  const near = (v) => Math.abs(x - v) <= spec.tolerance + 1e-9;
  if (near(spec.answer)) {
    return { score: 1, summary: "", feedback: [{ text: spec.feedback.right, good: true }] };
  }
  const wrong = { text: spec.feedback.wrong, good: false };
  for (const h of spec.hints) {
    if (near(h.value)) return { score: 0, summary: "", feedback: [{ text: h.feedback }, wrong] };
  }
  return { score: 0, summary: "", feedback: [wrong] };
}

function verdictOf(score) {
  return score >= 1 ? "right" : score <= 0 ? "not right" : "partly right";
}

// Controls: each kind draws into the fieldset and returns read(), which gives
// {answer} or {missing: "what to do first"}.

// shuffle: the options may be shown in any order (Item.SHUFFLE in Python). In practice
// they are shuffled on every page load; an assessed release comes already in the
// student's own order (kinds.shuffled), which is kept.
function choiceControls(multiple, shuffle) {
  return (spec, form, uid, { practice }) =>
    drawChoices(spec, form, uid, multiple, shuffle && practice);
}

function shuffledCopy(items) {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function drawChoices(spec, form, uid, multiple, shuffle) {
  if (multiple) form.append(make("p", { className: "cpi-hint", text: "Choose all that apply." }));
  const list = make("div", { className: "cpi-options" });
  const inputs = (shuffle ? shuffledCopy(spec.options) : spec.options).map((o) => {
    const input = make("input", {
      type: multiple ? "checkbox" : "radio",
      name: uid,
      id: `${uid}-${o.id}`,
      value: o.id,
    });
    list.append(
      make("div", { className: "cpi-option" }, input, make("label", { for: input.id, text: o.text })),
    );
    return input;
  });
  form.append(list);
  // The answer lists options in the order they were written, whatever order they were
  // shown in, so the feedback reads in the same order as Item.check gives it.
  const written = spec.options.map((o) => o.id);
  return () => {
    const chosen = inputs
      .filter((i) => i.checked)
      .map((i) => i.value)
      .sort((x, y) => written.indexOf(x) - written.indexOf(y));
    if (chosen.length === 0)
      return { missing: multiple ? "Choose at least one answer first." : "Choose an answer first." };
    return { answer: multiple ? chosen : chosen[0] };
  };
}

function matchingControls(spec, form, uid, { practice }) {
  const hint =
    spec.right.length > spec.left.length
      ? "Choose a match for each entry. Not every choice is used."
      : "Choose a match for each entry.";
  form.append(make("p", { className: "cpi-hint", text: hint }));
  const list = make("div", { className: "cpi-matching" });
  const selects = spec.left.map((e, i) => {
    const select = make("select", { id: `${uid}-m${i}` });
    select.dataset.left = e.id;
    select.append(make("option", { value: "", text: "Choose a match…" }));
    for (const r of spec.right) select.append(make("option", { value: r.id, text: r.text }));
    list.append(
      make("div", { className: "cpi-match" }, make("label", { for: select.id, text: e.text }), select),
    );
    return select;
  });
  form.append(list);
  return () => {
    const answer = {};
    for (const s of selects) if (s.value) answer[s.dataset.left] = s.value;
    const left = selects.length - Object.keys(answer).length;
    if (left === selects.length) return { missing: "Choose at least one match first." };
    if (practice && left > 0)
      return { missing: `Choose a match for every entry first (${left} still to choose).` };
    return { answer };
  };
}

function orderingControls(spec, form, uid) {
  form.append(
    make("p", {
      className: "cpi-hint",
      text: "Put the steps in order with the Move up and Move down buttons.",
    }),
  );
  const byId = Object.fromEntries(spec.steps.map((s) => [s.id, s]));
  const order = spec.steps.map((s) => s.id);
  const list = make("ol", { className: "cpi-steps", id: `${uid}-steps` });
  const announce = make("p", { className: "cpi-sr", "aria-live": "polite" });
  const rows = {};
  function refresh() {
    order.forEach((id, i) => {
      const row = rows[id];
      row.up.setAttribute("aria-disabled", String(i === 0));
      row.down.setAttribute("aria-disabled", String(i === order.length - 1));
      list.append(row.li); // re-append in the new order
    });
  }
  function move(id, by, button) {
    const i = order.indexOf(id);
    const j = i + by;
    const text = byId[id].text;
    if (j < 0 || j >= order.length) {
      announce.textContent = `${text} is already ${j < 0 ? "first" : "last"}.`;
      return;
    }
    [order[i], order[j]] = [order[j], order[i]];
    refresh();
    button.focus();
    announce.textContent = `${text}: moved to position ${j + 1} of ${order.length}.`;
  }
  for (const id of order) {
    const text = byId[id].text;
    const up = make("button", { type: "button", className: "cpi-move", "aria-label": `Move up: ${text}` });
    up.textContent = "Move up";
    const down = make("button", {
      type: "button",
      className: "cpi-move",
      "aria-label": `Move down: ${text}`,
    });
    down.textContent = "Move down";
    up.addEventListener("click", () => move(id, -1, up));
    down.addEventListener("click", () => move(id, 1, down));
    const li = make(
      "li",
      { className: "cpi-step" },
      make("span", { className: "cpi-step-text", text }),
      make("span", { className: "cpi-step-buttons" }, up, down),
    );
    li.dataset.step = id;
    rows[id] = { li, up, down };
  }
  refresh();
  form.append(list, announce);
  return () => ({ answer: [...order] });
}

function numericControls(spec, form, uid) {
  const input = make("input", { type: "number", step: "any", id: `${uid}-n`, inputmode: "decimal" });
  const label = make("label", {
    for: input.id,
    text: spec.unit ? `Your answer (${spec.unit})` : "Your answer",
  });
  const row = make("div", { className: "cpi-numeric" }, label, input);
  if (spec.unit) row.append(make("span", { className: "cpi-unit", text: spec.unit, "aria-hidden": "true" }));
  form.append(row);
  return () => {
    const x = input.valueAsNumber;
    if (input.value.trim() === "" || !Number.isFinite(x)) return { missing: "Enter a number first." };
    return { answer: x };
  };
}

function shortControls(spec, form, uid, { ready }) {
  const area = make("textarea", { id: `${uid}-t`, rows: "6", "aria-describedby": `${uid}-wc` });
  const label = make("label", { for: area.id, text: "Your answer" });
  const limit = spec.max_words ? ` (at most ${spec.max_words})` : "";
  const count = make("p", { className: "cpi-hint", id: `${uid}-wc`, text: `0 words${limit}` });
  area.addEventListener("input", () => {
    count.textContent = `${plural(countWords(area.value), "word")}${limit}`;
    ready(area.value.trim().length > 0);
  });
  ready(false);
  const crit = make("ul", { className: "cpi-criteria" });
  for (const c of spec.rubric) {
    crit.append(make("li", { text: `${c.criterion} (${plural(c.max_points, "point")})` }));
  }
  form.append(
    make("div", { className: "cpi-short" }, label, area, count),
    make("p", { className: "cpi-hint", text: "It is marked on:" }),
    crit,
  );
  return () => {
    if (!area.value.trim()) return { missing: "Write an answer first." };
    return { answer: area.value };
  };
}

// Showing a practice result.

function feedbackList(items) {
  const ul = make("ul", { className: "cpi-feedback" });
  for (const f of items) {
    if (!f.text) continue;
    const li = make("li");
    if (f.good === true) li.className = "cpi-right";
    else if (f.good === false) li.className = "cpi-wrong";
    if (f.label) li.append(make("strong", { text: `${f.label}: ` }));
    li.append(make("span", { className: "cpi-fb", text: f.text }));
    ul.append(li);
  }
  return ul;
}

function showShort(result, spec, answer) {
  const verdict = make("p", { className: "cpi-verdict" });
  verdict.dataset.verdict = "to be marked";
  verdict.textContent = "Compare your answer with the rubric and the model answer.";
  result.append(verdict);
  const words = countWords(answer);
  if (spec.max_words && words > spec.max_words) {
    result.append(
      feedbackList([{ text: `Your answer has ${words} words; the limit is ${spec.max_words}.` }]),
    );
  }
  const rubric = make("div", { className: "cpi-rubric" });
  for (const c of spec.rubric) {
    const levels = make("ul");
    for (const lv of c.levels) {
      levels.append(make("li", { text: `${plural(lv.points, "point")}: ${lv.descriptor}` }));
    }
    rubric.append(make("p", { className: "cpi-criterion", text: c.criterion }), levels);
  }
  result.append(
    make("p", { className: "cpi-heading", text: "The rubric" }),
    rubric,
    make("p", { className: "cpi-heading", text: "A model answer" }),
    make("div", { className: "cpi-model", text: spec.model_answer }),
  );
}

function showResult(result, kind, spec, answer) {
  result.replaceChildren();
  showVerdict(result, kind, spec, answer);
  // The item's note (most say where it rests on the book's own reading), after the answer.
  if (spec.note)
    result.append(
      make("p", { className: "cpi-note" }, make("strong", { text: "About this question: " }), spec.note),
    );
}

function showVerdict(result, kind, spec, answer) {
  if (kind.show) {
    kind.show(result, spec, answer);
    return;
  }
  const verdict = make("p", { className: "cpi-verdict" });
  const r = kind.check(spec, answer);
  const score = Math.min(1, Math.max(0, r.score));
  const v = verdictOf(score);
  verdict.dataset.verdict = v;
  verdict.dataset.score = String(score);
  verdict.textContent =
    v === "right" ? "Right." : v === "not right" ? "Not quite." : `Partly right: ${r.summary}.`;
  result.append(verdict, feedbackList(r.feedback));
}

function render({ model, el }) {
  const uid = `cpi-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}-${counter++}`;
  const spec = model.get("spec");
  const kind = KINDS[spec.kind];
  if (!kind) throw new Error(`no front end for item kind ${spec.kind}`);
  const practice = model.get("mode") === "practice";
  const form = make("fieldset", { className: "cpi" });
  form.dataset.item = spec.id;
  form.dataset.kind = spec.kind;
  form.dataset.mode = model.get("mode");
  const legend = make(
    "legend",
    {},
    make("span", { className: "cpi-number", text: `Question ${model.get("number")}. ` }),
    make("span", { className: "cpi-prompt", text: spec.prompt }),
  );
  form.append(legend);

  const button = make("button", { type: "button", className: "cpi-check" });
  const ready = (ok) => {
    if (practice) button.disabled = !ok;
  };
  const read = kind.controls(spec, form, uid, { practice, ready });

  const result = make("div", { className: "cpi-result", "aria-live": "polite" });
  if (practice) {
    button.textContent = kind.label || "Check";
    button.addEventListener("click", () => {
      const got = read();
      if (got.missing) {
        result.replaceChildren(make("p", { className: "cpi-missing", text: got.missing }));
        return;
      }
      showResult(result, kind, spec, got.answer);
      model.set("answer", got.answer);
      model.set("checked", true);
      model.save_changes();
    });
  } else {
    button.textContent = "Submit answer";
    const saving = "Saving your answer…";
    let timer = null;
    const showStatus = () => {
      const status = model.get("status") || "";
      result.replaceChildren(make("p", { className: "cpi-status", text: status }));
      if (status !== saving && timer) {
        clearTimeout(timer);
        timer = null;
      }
    };
    button.addEventListener("click", () => {
      const got = read();
      if (got.missing) {
        result.replaceChildren(make("p", { className: "cpi-missing", text: got.missing }));
        return;
      }
      model.set("answer", got.answer);
      model.set("submitted", model.get("submitted") + 1);
      model.set("status", saving);
      model.save_changes();
      showStatus();
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        if (model.get("status") === saving) {
          result.replaceChildren(
            make("p", {
              className: "cpi-status",
              text:
                "Not recorded: the notebook did not answer. Run all its cells " +
                "(a running kernel saves your answers) and submit again.",
            }),
          );
        }
      }, 8000);
    });
    model.on("change:status", showStatus);
    if (model.get("status")) showStatus();
  }
  form.append(button, result);
  el.append(form);
}

export default { render };
