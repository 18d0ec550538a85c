// Shared front-end helpers for After-Sales Lessons widgets.
// widgets/_base.py puts this file in front of each widget's own module, so the
// names below are visible there. Everything the learner reads is set with
// textContent or setAttribute: content text is never parsed as HTML.

let aslIdCounter = 0;

/** A unique element id for aria references (two views of a widget must not share ids). */
function aslId(prefix) {
  aslIdCounter += 1;
  return `${prefix}-${aslIdCounter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Create an element: props are attributes ("text" sets textContent, "on*" adds listeners). */
function aslEl(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = String(value);
    else if (key === "class") {
      node.className = value;
      if (node.classList.contains("asl-task")) aslShowLiterally(node); // activity roots: no MathJax
    }
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

// ---------------------------------------------------------------- literal text and emphasis
// (MathJax-free roots and safe emphasis, kept together in one place)

/**
 * Classes that tell MathJax (version 2's tex2jax and version 3's default) to leave an element
 * and everything inside it alone, so "$5 and $10" and "\\" in content are shown as written.
 * aslEl adds them to every activity root (class "asl-task").
 */
const ASL_LITERAL_CLASSES = ["tex2jax_ignore", "mathjax_ignore"];

function aslShowLiterally(node) {
  node.classList.add(...ASL_LITERAL_CLASSES);
  return node;
}

/**
 * Content text with **emphasis** shown as <strong>: built from text nodes and elements, never
 * parsed as HTML. Unpaired ** markers are shown as typed.
 */
function aslEmphasis(text) {
  const value = String(text ?? "");
  const parts = value.split("**");
  const fragment = document.createDocumentFragment();
  if (parts.length % 2 === 0) {
    fragment.append(document.createTextNode(value));
    return fragment;
  }
  parts.forEach((part, index) => {
    if (!part) return;
    fragment.append(index % 2 ? aslEl("strong", { text: part }) : document.createTextNode(part));
  });
  return fragment;
}

/** Set an element's content to text with **emphasis** (see aslEmphasis). */
function aslSetEmphasis(node, text) {
  node.replaceChildren(aslEmphasis(text));
  return node;
}

/** A polite live region; say() re-announces even when the text repeats. */
function aslLiveRegion() {
  const node = aslEl("div", { class: "asl-live", role: "status", "aria-live": "polite", "aria-atomic": "true" });
  let timer = null;
  return {
    node,
    say(text) {
      if (!text) return;
      clearTimeout(timer);
      node.textContent = "";
      timer = setTimeout(() => { node.textContent = text; }, 50);
    },
    dispose() { clearTimeout(timer); },
  };
}

/**
 * Ask the kernel to act (check, try_again, solution), sending the learner's answer with it.
 * ipywidgets may hold back a state update while an earlier one is in flight, but sends a
 * custom message at once; carrying the answer in the message means Check never scores a
 * stale answer when the learner presses it straight after a move or a keystroke.
 */
function aslSend(model, action, answerKeys = []) {
  const state = {};
  for (const key of answerKeys) state[key] = model.get(key);
  model.send({ action, state });
}

const ASL_BUTTON_TEXT = { check: "Check", try_again: "Try again", solution: "Show solution", start_again: "Start again" };

/** The Check / Try again / Show solution bar. Clicking sends {action} to the kernel. */
function aslButtonBar(model, labels = {}, answerKeys = []) {
  const node = aslEl("div", { class: "asl-buttons" });
  function update() {
    node.replaceChildren();
    const phase = model.get("phase");
    for (const action of model.get("buttons")) {
      const disabled = (action === "check" && phase === "solution") || (action === "solution" && phase === "solution");
      node.append(aslEl("button", {
        type: "button",
        class: `asl-button asl-button-${action}`,
        "data-action": action,
        "aria-disabled": disabled ? "true" : "false",
        text: labels[action] || ASL_BUTTON_TEXT[action] || action,
        onclick: () => {
          if (disabled) return;
          aslSend(model, action, answerKeys);
        },
      }));
    }
  }
  update();
  return { node, update };
}

/** The result line under an activity: icon and words, not colour alone. */
function aslFeedback(model) {
  const node = aslEl("div", { class: "asl-feedback", hidden: true });
  function update() {
    const summary = model.get("summary");
    node.hidden = !summary;
    node.classList.toggle("asl-feedback-ok", Boolean(model.get("summary_ok")));
    node.classList.toggle("asl-feedback-wrong", !model.get("summary_ok"));
    node.replaceChildren(
      aslEl("span", { class: "asl-icon", "aria-hidden": "true", text: model.get("summary_ok") ? "✓" : "✗" }),
      aslEl("span", { class: "asl-feedback-text", text: summary }),
    );
  }
  update();
  return { node, update };
}

/** Title, instructions and a help line; returns the nodes and the ids used for labelling. */
function aslHeader(model, helpText) {
  const titleId = aslId("asl-title");
  const helpId = aslId("asl-help");
  const title = aslEl("h3", { class: "asl-title", id: titleId, text: model.get("title") });
  const instructions = aslEl("p", { class: "asl-instructions", text: model.get("instructions") });
  const help = aslEl("p", { class: "asl-help", id: helpId, text: helpText });
  return { nodes: [title, instructions, help], titleId, helpId, title, instructions };
}

/**
 * The model listeners every activity needs for the parts built by the helpers above:
 * the button bar, the result line, the live region and the header. Spread the result into
 * aslListen's handlers, next to the widget's own.
 */
function aslTaskHandlers(model, { header, bar, feedback, live }) {
  const handlers = {};
  if (bar) handlers.buttons = bar.update;
  if (feedback) { handlers.summary = feedback.update; handlers.summary_ok = feedback.update; }
  if (live) handlers.announcement = () => live.say(model.get("announcement"));
  if (header) {
    handlers.title = () => { header.title.textContent = model.get("title"); };
    handlers.instructions = () => { header.instructions.textContent = model.get("instructions"); };
  }
  return handlers;
}

/** Listen to model changes and return one function that removes every listener. */
function aslListen(model, handlers) {
  for (const [name, fn] of Object.entries(handlers)) model.on(`change:${name}`, fn);
  return () => { for (const [name, fn] of Object.entries(handlers)) model.off(`change:${name}`, fn); };
}
