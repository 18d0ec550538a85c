// Shared front-end helpers for After-Sales Lessons widgets.
// widgets/_base.py puts this file in front of each widget's own module, so the
// names below are visible there. Everything the learner reads is set with
// textContent or setAttribute: content text is never parsed as HTML.

let aslIdCounter = 0;

/**
 * Put one kind of widget's style sheet in the page, once per version (widgets/_base.py front_end
 * adds the call at the end of the module). Every instance of a widget imports its module again, so
 * this runs for each one; only the first of a version writes the sheet, because each write makes the
 * browser re-style the whole page.
 */
function aslAdoptStyle(id, version, css) {
  let style = document.getElementById(id);
  if (style && style.dataset.version === version) return;
  if (!style) {
    style = document.createElement("style");
    style.id = id;
    document.head.append(style);
  }
  style.dataset.version = version;
  style.textContent = css;
}

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
 * The kernel answers every action with {kind: "ack"}; aslConnection (below) waits for it.
 */
function aslSend(model, action, answerKeys = []) {
  const state = {};
  for (const key of answerKeys) state[key] = model.get(key);
  const watch = aslConnections.get(model);
  if (watch && watch.dead()) { watch.refuse(); return; }
  try {
    model.send({ action, state });
  } catch (error) {
    if (watch) watch.lost();
    return;
  }
  if (watch) watch.expect();
}

const ASL_BUTTON_TEXT = { check: "Check", try_again: "Try again", solution: "Show solution", start_again: "Start again" };

/**
 * The Check / Try again / Show solution bar. Clicking sends {action} to the kernel.
 * The buttons are made once and then only their text and aria-disabled change, so the
 * button the learner pressed keeps the focus whatever the kernel sends back.
 */
function aslButtonBar(model, labels = {}, answerKeys = []) {
  const node = aslEl("div", { class: "asl-buttons" });
  const made = {};
  function button(action) {
    if (!made[action]) {
      made[action] = aslEl("button", {
        type: "button",
        class: `asl-button asl-button-${action}`,
        "data-action": action,
        "data-focus-key": `button:${action}`,
        onclick: () => {
          if (made[action].getAttribute("aria-disabled") === "true") return;
          aslSend(model, action, answerKeys);
        },
      });
    }
    return made[action];
  }
  function update() {
    const phase = model.get("phase");
    const wanted = model.get("buttons").map(button);
    // Tutor mode only: a toggle that shows or hides the answer on the spot (a tutor presenting slides).
    if (model.get("tutor")) wanted.push(aslTutorToggle(button(ASL_TUTOR_VIEW), model.get("tutor_view")));
    // Where the learner's focus is in the bar, so it can be put back when the set changes.
    const focused = node.contains(document.activeElement) ? document.activeElement.dataset.action : null;
    // Only touch the children when the set of buttons changes (rare): moving a focused button drops its focus.
    if (wanted.length !== node.children.length || wanted.some((b, i) => node.children[i] !== b)) node.replaceChildren(...wanted);
    for (const b of wanted) {
      const action = b.dataset.action;
      const disabled = (action === "check" || action === "solution") && phase === "solution";
      b.setAttribute("aria-disabled", disabled ? "true" : "false");
      if (action === ASL_TUTOR_VIEW) continue; // its words and state are set by aslTutorToggle
      const text = labels[action] || ASL_BUTTON_TEXT[action] || action;
      if (b.textContent !== text) b.textContent = text;
    }
    // Start again removes itself once used: focus goes to Check rather than to the page.
    if (focused && !node.contains(document.activeElement)) {
      const again = node.querySelector(`[data-action="${focused}"]`) || node.querySelector(".asl-button-check") || node.querySelector("button");
      if (again) again.focus();
    }
  }
  update();
  return { node, update };
}

/** The action of the Tutor view toggle (widgets/_base.py TUTOR_VIEW). */
const ASL_TUTOR_VIEW = "tutor_view";

/**
 * The Tutor view toggle: one button whose name stays "Tutor view" and whose state is aria-pressed,
 * shown on screen in words too ("answers shown" or "answers hidden"), never by colour alone.
 */
function aslTutorToggle(b, pressed) {
  if (!b.querySelector(".asl-tutor-name")) {
    b.classList.add("asl-tutor-toggle");
    b.replaceChildren(
      aslEl("span", { class: "asl-tutor-box", "aria-hidden": "true" }),
      aslEl("span", { class: "asl-tutor-name", text: "Tutor view" }),
      aslEl("span", { class: "asl-tutor-state", "aria-hidden": "true" }),
    );
  }
  b.setAttribute("aria-pressed", pressed ? "true" : "false");
  b.querySelector(".asl-tutor-box").textContent = pressed ? "☑" : "☐";
  b.querySelector(".asl-tutor-state").textContent = pressed ? ": answers shown" : ": answers hidden";
  return b;
}

/**
 * The result line under an activity: icon and words, not colour alone. Built once; tabindex -1
 * so that focus can be put here on purpose when the control the learner used is gone.
 */
function aslFeedback(model) {
  const icon = aslEl("span", { class: "asl-icon", "aria-hidden": "true" });
  const text = aslEl("span", { class: "asl-feedback-text" });
  const node = aslEl("div", { class: "asl-feedback", hidden: true, tabindex: "-1" }, [icon, text]);
  function update() {
    const summary = model.get("summary");
    const ok = Boolean(model.get("summary_ok"));
    node.hidden = !summary;
    node.classList.toggle("asl-feedback-ok", ok);
    node.classList.toggle("asl-feedback-wrong", !ok);
    icon.textContent = ok ? "✓" : "✗";
    text.textContent = summary;
  }
  update();
  return { node, update };
}

/** Title, instructions and a help line; returns the nodes and the ids used for labelling. */
function aslHeader(model, helpText) {
  const titleId = aslId("asl-title");
  const helpId = aslId("asl-help");
  const title = aslEl("h3", { class: "asl-title", id: titleId, tabindex: "-1", text: model.get("title") });
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
  if (bar) { handlers.buttons = bar.update; handlers.tutor = bar.update; handlers.tutor_view = bar.update; }
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

// ---------------------------------------------------------------------------------------------
// Keys, focus and the kernel connection: every activity calls aslMount(el, root, model) once.
// ---------------------------------------------------------------------------------------------

/**
 * Keys pressed inside an activity stay inside it. JupyterLab (and Notebook 7) listen for keydown
 * on the document, as it bubbles; whenever focus is not in a text editor they are in command mode,
 * where single keys edit the notebook: d d deletes the cell, a and b insert cells, m, y and 1-6
 * change its type, the arrow keys and j/k move to another cell, Enter starts editing. A learner
 * on a button or a radio button is "not in a text editor", so every keydown that starts inside
 * the activity stops at its root. Three kinds of key still reach the page:
 *  - Tab and Shift+Tab, so focus moves on as usual (the browser moves it either way);
 *  - Escape when the activity did not use it (an activity that uses Escape to cancel a move calls
 *    preventDefault): it takes the learner back to the notebook, to the cell around the activity,
 *    where the arrow keys move between cells again;
 *  - shortcuts held with Ctrl, Cmd or Alt (Ctrl+S saves), except Ctrl/Alt+Enter, which would run
 *    the cell and replace the activity.
 */
function aslKeepKeys(root) {
  root.setAttribute("data-asl-keys", "");
  aslSuppressShortcutsOnce();
  function onKeyDown(event) {
    if (event.key === "Tab") return;
    if (event.key === "Escape") {
      // Decided after every listener has run: the activity's own Escape (cancel a move) wins.
      setTimeout(() => { if (!event.defaultPrevented) aslLeave(root); }, 0);
      return;
    }
    if ((event.ctrlKey || event.metaKey || event.altKey) && event.key !== "Enter") return;
    event.stopPropagation();
  }
  root.addEventListener("keydown", onKeyDown);
  // Some shells also act on keypress/keyup; nothing typed in an activity is theirs either.
  const quiet = (event) => { if (event.key !== "Tab" && event.key !== "Escape" && !event.ctrlKey && !event.metaKey) event.stopPropagation(); };
  root.addEventListener("keypress", quiet);
  root.addEventListener("keyup", quiet);
  return () => {
    root.removeEventListener("keydown", onKeyDown);
    root.removeEventListener("keypress", quiet);
    root.removeEventListener("keyup", quiet);
  };
}

/**
 * Install once per page. Lumino's shortcut handler (JupyterLab and Notebook 7) may listen on the
 * document in the capture phase (Notebook 7 does), before any listener on an activity can stop
 * the event, and its command-mode shortcuts match any focused element in the notebook. Lumino
 * skips an element marked data-lm-suppress-shortcuts (and all above it), so for one event at a
 * time the focused element inside an activity carries that mark, set here in the window's
 * capture phase, which runs first. Ctrl/Cmd/Alt shortcuts (not with Enter) are left unmarked.
 */
function aslSuppressShortcutsOnce() {
  if (globalThis.__aslSuppressShortcuts) return;
  globalThis.__aslSuppressShortcuts = true;
  window.addEventListener("keydown", (event) => {
    const target = event.target;
    if (!target || !target.closest || !target.closest("[data-asl-keys]")) return;
    if ((event.ctrlKey || event.metaKey || event.altKey) && event.key !== "Enter") return;
    if (target.hasAttribute("data-lm-suppress-shortcuts")) return;
    target.setAttribute("data-lm-suppress-shortcuts", "true");
    setTimeout(() => target.removeAttribute("data-lm-suppress-shortcuts"), 0);
  }, true);
}

/** Focus the nearest focusable container outside the activity (in JupyterLab and Notebook 7, its cell). */
function aslLeave(root) {
  for (let node = root.parentElement; node && node !== document.body; node = node.parentElement) {
    if (node.hasAttribute("tabindex")) { node.focus(); return; }
  }
}

/**
 * A name for a control that survives a redraw: its data-focus-key if it has one, otherwise made
 * from what it is (tag, first class, type), what it is about (value, aria-label, the data-label of
 * the item it sits in) and, to tell twins apart, how many identical ones come before it.
 */
function aslFocusKey(node, root) {
  if (!node || !node.dataset) return null;
  if (node.dataset.focusKey) return node.dataset.focusKey;
  const base = aslFocusKeyBase(node, root);
  let nth = 0;
  for (const other of root.querySelectorAll(node.tagName)) {
    if (other === node) break;
    if (!other.dataset.focusKey && aslFocusKeyBase(other, root) === base) nth += 1;
  }
  return `${base}#${nth}`;
}

function aslFocusKeyBase(node, root) {
  const item = node.closest("[data-label]");
  return [
    node.tagName, (node.getAttribute("class") || "").split(/\s+/)[0], node.getAttribute("type") || "",
    node.getAttribute("value") || "", node.getAttribute("aria-label") || "", node.dataset.label || "",
    item && root.contains(item) ? item.dataset.label : "",
  ].join("|");
}

function aslFindByFocusKey(root, key) {
  if (!key) return null;
  for (const node of root.querySelectorAll("button, input, select, textarea, summary, [tabindex]")) {
    if (aslFocusKey(node, root) === key) return node;
  }
  return null;
}

function aslFocusable(node) {
  return Boolean(node && node.isConnected && !node.disabled && !node.closest("[hidden], [inert]") && node.getClientRects().length);
}

/**
 * The one focus rule of the pack: focus stays on the control the learner used. Activities build
 * their controls once where they can; where a part is redrawn (a list reordered, marks added), the
 * control the learner was on is found again by its focus key and focused. If it no longer exists
 * or cannot take focus (a tick box locked by Show solution), focus goes on purpose to the result
 * line, or to the activity's title when there is no result yet: never to the page body.
 */
function aslKeepFocus(root, fallbacks) {
  let last = null;
  let lastKey = null;
  function onFocusIn(event) {
    last = event.target;
    lastKey = aslFocusKey(last, root);
  }
  function onFocusOut(event) {
    const left = event.target;
    // Focus moved somewhere else on purpose (a click outside, Tab away): stop following it.
    queueMicrotask(() => {
      if (left === last && left.isConnected && !left.disabled && !root.contains(document.activeElement)) { last = null; lastKey = null; }
    });
  }
  function restore() {
    if (!last) return;
    const active = document.activeElement;
    if (active && active !== document.body && active !== last) return; // focus is somewhere real
    if (active === last && aslFocusable(last)) return;
    const twin = aslFindByFocusKey(root, lastKey);
    const target = aslFocusable(twin) ? twin : fallbacks().find(aslFocusable);
    if (target) {
      target.focus({ preventScroll: !root.contains(target) || target === twin });
      last = target;
      lastKey = aslFocusKey(target, root);
    }
  }
  const observer = new MutationObserver((records) => {
    if (!last) return;
    if (!last.isConnected || last.disabled) { restore(); return; }
    // Only a change to the control or to something around it can hide it. Asking the page whether it
    // is still shown (getClientRects) makes the browser lay the page out there and then, before the
    // next frame, so it is asked only then: a result line or a redrawn list elsewhere leaves it alone.
    if (records.some((record) => record.target === last || record.target.contains(last)) && !aslFocusable(last)) restore();
  });
  observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ["disabled", "hidden", "inert"] });
  root.addEventListener("focusin", onFocusIn);
  root.addEventListener("focusout", onFocusOut);
  return () => {
    observer.disconnect();
    root.removeEventListener("focusin", onFocusIn);
    root.removeEventListener("focusout", onFocusOut);
  };
}

/** Per model: the watcher that notices a kernel that has gone (see aslConnection). */
const aslConnections = new WeakMap();

/** How long an action may wait for the kernel's reply before the activity says it has gone. */
const ASL_REPLY_MS = 8000;
/** A learner coming back to an activity asks the kernel "are you there?" at most this often. */
const ASL_PROBE_EVERY_MS = 4000;

/**
 * Notice when the Python side of an activity has gone: after Kernel > Restart or Shut Down, or in a
 * notebook reopened from disk. The kernel answers every action (and a "ping") with {kind: "ack"};
 * the ping is sent when the learner comes back to the activity (focus or pointer), at most every
 * ASL_PROBE_EVERY_MS. No answer within ASL_REPLY_MS, a send that throws, or ipywidgets' own mark
 * ("jupyter-widgets-disconnected" on a view whose kernel restarted) all lead to the same state:
 * the activity is greyed out and inert, and a message says in words what to do. An answer that
 * arrives late (a kernel that was only busy) brings the activity back.
 */
function aslConnection(el, root, model, live) {
  const banner = aslEl("div", { class: "asl-disconnected-note", role: "alert", tabindex: "-1", hidden: true });
  const bannerTitle = aslEl("strong", { text: "This activity is disconnected." });
  const bannerText = aslEl("span", {
    text: "Python did not answer: the kernel has restarted or stopped (or is still busy with another cell). " +
      "Run this activity's cell again (click in the cell and press Shift+Enter) to start it afresh.",
  });
  banner.append(bannerTitle, " ", bannerText);
  root.prepend(banner);
  let dead = false;
  let timer = null;
  let lastAnswer = Date.now(); // the kernel has just drawn this activity

  function show(isDead) {
    if (dead === isDead) return;
    const hadFocus = root.contains(document.activeElement);
    dead = isDead;
    root.classList.toggle("asl-disconnected", dead);
    banner.hidden = !dead;
    for (const child of root.children) {
      if (child !== banner && !child.classList.contains("asl-live")) child.inert = dead;
    }
    if (dead) {
      if (hadFocus) banner.focus();
      live.say(`${bannerTitle.textContent} ${bannerText.textContent}`);
    }
  }

  function expect() {
    if (timer) return;
    timer = setTimeout(() => { timer = null; show(true); }, ASL_REPLY_MS);
  }

  function probe() {
    if (dead || timer || Date.now() - lastAnswer < ASL_PROBE_EVERY_MS) return;
    try {
      model.send({ action: "ping" });
    } catch (error) {
      show(true);
      return;
    }
    expect();
  }

  const watch = {
    dead: () => dead,
    refuse() { show(true); banner.focus(); },
    lost() { show(true); },
    expect,
  };
  aslConnections.set(model, watch);

  const onMessage = (message) => {
    if (message && message.kind === "ack") {
      lastAnswer = Date.now();
      clearTimeout(timer);
      timer = null;
      show(false);
    }
  };
  model.on("msg:custom", onMessage);
  root.addEventListener("focusin", probe);
  root.addEventListener("pointerdown", probe, true);
  // ipywidgets marks every view of a kernel that is restarting; the class sits on el or a parent.
  const marked = () => Boolean(el.closest && el.closest(".jupyter-widgets-disconnected"));
  const classWatch = new MutationObserver(() => { if (marked()) show(true); });
  for (let node = el; node && node !== document.body; node = node.parentElement) {
    classWatch.observe(node, { attributes: true, attributeFilter: ["class"] });
  }
  if (marked()) show(true);
  return () => {
    clearTimeout(timer);
    classWatch.disconnect();
    model.off("msg:custom", onMessage);
    root.removeEventListener("focusin", probe);
    root.removeEventListener("pointerdown", probe, true);
    aslConnections.delete(model);
  };
}

/**
 * Everything an activity's root needs once it is built: keys kept in, focus kept, a dead kernel
 * noticed. ``fallback`` is the element focus goes to when the control the learner used is gone
 * (usually the result line). Returns one cleanup function.
 */
function aslMount(el, root, model, { live, fallback } = {}) {
  const title = root.querySelector(".asl-title");
  const stops = [
    aslKeepKeys(root),
    aslKeepFocus(root, () => [fallback, title, root].filter(Boolean)),
  ];
  if (live) stops.push(aslConnection(el, root, model, live));
  return () => { for (const stop of stops) stop(); };
}

/**
 * Scroll the notebook while a drag is held near the top or bottom edge of what is on screen, so a
 * card can reach a category below the fold. start() finds the scrolling container (JupyterLab's
 * notebook panel, or the page), move(y) is called with the pointer's clientY, stop() ends it.
 * onScroll runs after each step, so the drop target under a still pointer is worked out again.
 */
function aslAutoScroll(node, onScroll) {
  let scroller = null;
  let frame = 0;
  let pointerY = 0;
  function findScroller() {
    for (let p = node.parentElement; p; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (/(auto|scroll)/.test(style.overflowY) && p.scrollHeight > p.clientHeight + 1) return p;
    }
    return document.scrollingElement || document.documentElement;
  }
  function edges() {
    if (scroller === document.scrollingElement || scroller === document.documentElement) return { top: 0, bottom: window.innerHeight };
    const box = scroller.getBoundingClientRect();
    return { top: Math.max(0, box.top), bottom: Math.min(window.innerHeight, box.bottom) };
  }
  function step() {
    frame = 0;
    if (!scroller) return;
    const { top, bottom } = edges();
    const zone = Math.max(24, Math.min(80, (bottom - top) / 5));
    let dy = 0;
    if (pointerY < top + zone) dy = -Math.ceil(((top + zone - pointerY) / zone) * 20);
    else if (pointerY > bottom - zone) dy = Math.ceil(((pointerY - (bottom - zone)) / zone) * 20);
    if (!dy) return;
    const before = scroller.scrollTop;
    scroller.scrollTop = before + dy;
    if (scroller.scrollTop !== before) {
      if (onScroll) onScroll();
      frame = requestAnimationFrame(step);
    }
  }
  return {
    start() { scroller = findScroller(); },
    move(y) { pointerY = y; if (scroller && !frame) frame = requestAnimationFrame(step); },
    offset() { return scroller ? scroller.scrollTop : 0; },
    stop() { cancelAnimationFrame(frame); frame = 0; scroller = null; },
  };
}
