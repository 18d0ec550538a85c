// Questions: a number box or a set of choices.
// The kernel checks every answer; this module draws and reports what the learner typed or chose.

const ANSWER_KEYS = ["response", "selected"];

/**
 * How each choice mark looks: a class for the row (border style and colour) and an icon.
 * The words themselves come from the kernel (widgets/scoring/choice.py OPTION_MARKS).
 */
const ASL_CHOICE_MARKS = {
  chosen_correct: { state: "ok", icon: "✓" },
  chosen_wrong: { state: "wrong", icon: "✗" },
  missed: { state: "missed", icon: "!" },
  left_wrong: { state: "left", icon: "–" },
  answer_correct: { state: "ok", icon: "✓" },
  answer_wrong: { state: "left", icon: "–" },
};

/**
 * The mark beside one option after Check or Show solution: an icon, the words from the kernel
 * ("Your choice: correct", "Correct answer you missed", ...) and the note on why. Returns the
 * row's state class and the nodes, with ids the option's input points to (aria-describedby).
 */
function aslQuestionMark(mark) {
  if (!mark) return { state: "none", nodes: [], ids: [] };
  const look = ASL_CHOICE_MARKS[mark.state] || { state: "none", icon: "" };
  const markId = aslId("asl-q-mark");
  const nodes = [aslEl("span", { class: "asl-mark", id: markId }, [
    aslEl("span", { class: "asl-mark-icon", "aria-hidden": "true", text: look.icon }), " ", mark.text,
  ])];
  const ids = [markId];
  if (mark.why) {
    const whyId = aslId("asl-q-why");
    nodes.push(aslSetEmphasis(aslEl("p", { class: "asl-why", id: whyId }), mark.why));
    ids.push(whyId);
  }
  return { state: look.state, nodes, ids };
}

function render({ model, el }) {
  const header = aslHeader(model, "");
  header.nodes[2].remove(); // no movement help needed here
  const prompt = aslEl("p", { class: "asl-q-prompt", id: aslId("asl-q-prompt") });
  const body = aslEl("div", { class: "asl-q-body" });
  const reveal = aslEl("div", { class: "asl-q-reveal" });
  const qtype = model.get("qtype");
  const bar = aslButtonBar(model, {}, ANSWER_KEYS);
  const feedback = aslFeedback(model);
  const live = aslLiveRegion();
  const root = aslEl("section", { class: "asl-task asl-question", "aria-labelledby": header.titleId },
    [header.nodes[0], prompt, body, bar.node, feedback.node, reveal, live.node]);
  el.append(root);
  const unmount = aslMount(el, root, model, { live, fallback: feedback.node });

  const locked = () => model.get("phase") === "solution";
  let input = null;

  function sendResponse(value) {
    model.set("response", value);
    model.save_changes();
  }

  function drawNumber() {
    const id = aslId("asl-q-input");
    input = aslEl("input", {
      id, type: "text", inputmode: "decimal", autocomplete: "off", class: "asl-q-number",
      "aria-describedby": prompt.id,
      oninput: () => sendResponse(input.value),
      onkeydown: (event) => {
        if (event.key === "Enter") { event.preventDefault(); event.stopPropagation(); aslSend(model, "check", ANSWER_KEYS); }
      },
    });
    input.value = model.get("response");
    const row = aslEl("div", { class: "asl-q-row" }, [
      aslEl("label", { for: id, text: "Your answer" }), input,
    ]);
    if (model.get("unit")) row.append(aslEl("span", { class: "asl-q-unit", text: model.get("unit") }));
    body.replaceChildren(row);
  }

  function drawChoices() {
    const marks = model.get("marks") || {};
    const selected = new Set(model.get("selected"));
    const multiple = model.get("multiple");
    const name = aslId("asl-q-choice");
    const fieldset = aslEl("fieldset", { class: "asl-q-options" }, [
      aslEl("legend", { class: "asl-q-legend", text: multiple ? "Choose every answer that applies" : "Choose one answer" }),
    ]);
    model.get("options").forEach((label) => {
      const id = aslId("asl-q-option");
      const mark = marks[label];
      const box = aslEl("input", {
        id, type: multiple ? "checkbox" : "radio", name, value: label,
        checked: selected.has(label), disabled: locked(),
        onchange: () => {
          const chosen = [...fieldset.querySelectorAll("input:checked")].map((x) => x.value);
          model.set("selected", chosen);
          model.save_changes();
        },
      });
      const shown = aslQuestionMark(mark);
      if (shown.ids.length) box.setAttribute("aria-describedby", shown.ids.join(" "));
      const row = aslEl("div", { class: `asl-q-option asl-state-${shown.state}` },
        [box, aslSetEmphasis(aslEl("label", { for: id }), label), ...shown.nodes]);
      fieldset.append(row);
    });
    body.replaceChildren(fieldset);
  }

  function drawReveal() {
    const data = model.get("reveal") || {};
    reveal.replaceChildren();
    if (data.answer !== undefined) {
      reveal.append(aslEl("p", { class: "asl-q-answer" }, [aslEl("strong", { text: "Answer: " }), data.answer]));
    }
  }

  function drawBody() {
    if (qtype === "number") drawNumber();
    else drawChoices();
  }

  function onResponse() {
    // Another view typed: follow it, unless this box is the one being typed in.
    if (input && document.activeElement !== input && input.value !== model.get("response")) {
      input.value = model.get("response");
    }
  }

  const unlisten = aslListen(model, {
    ...aslTaskHandlers(model, { bar, feedback, live }),
    prompt: () => { aslSetEmphasis(prompt, model.get("prompt")); },
    response: onResponse,
    selected: () => { if (qtype === "choice") drawChoices(); },
    marks: () => { if (qtype === "choice") drawChoices(); },
    phase: () => { bar.update(); if (qtype === "choice") drawChoices(); },
    reveal: drawReveal,
  });

  aslSetEmphasis(prompt, model.get("prompt"));
  drawBody();
  drawReveal();
  return () => { unlisten(); unmount(); live.dispose(); };
}

export default { render };
