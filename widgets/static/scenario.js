// Branching role-play. The kernel decides the story: which step is on show, the feedback on the
// last choice, the customer's mood and the score. This module draws what it is sent and reports
// the learner's choice, Back one step, Restart and Show the best route as action messages.
// Every element is built once and updated in place, so focus stays where the learner is; after a
// move, focus goes to the new step's heading (tabindex=-1) and the live region announces it.

const ASL_SC_MOODS = ["angry", "upset", "uneasy", "calm", "pleased"];
const ASL_SC_MAX_CHOICES = 6;
const ASL_SC_HELP =
  "Choose what you say or do with a button, or press its number key. " +
  "Back one step undoes your last choice; Restart starts the conversation again.";
const ASL_SC_VERDICT_ICON = { "Best move": "✓", "Could be better": "~", "Poor move": "✗" };

function render({ model, el }) {
  const header = aslHeader(model, ASL_SC_HELP);
  const live = aslLiveRegion();
  const feedback = aslFeedback(model);

  // ---------------------------------------------------------------- the brief
  const brief = aslEl("details", { class: "asl-sc-brief", open: true });
  const setting = aslEl("p", { class: "asl-sc-setting" });
  const customer = aslEl("p", { class: "asl-sc-customer" });
  const briefText = aslEl("p", { class: "asl-sc-brief-text" });
  const policyList = aslEl("ul", { class: "asl-sc-policy" });
  brief.append(
    aslEl("summary", { text: "Your brief and the policy you have been given" }),
    setting, customer, briefText,
    aslEl("p", { class: "asl-sc-subhead", text: "Policy" }), policyList,
  );

  // ---------------------------------------------------------------- feedback on the last choice
  const last = aslEl("div", { class: "asl-sc-last", hidden: true });
  const lastSaid = aslEl("p", { class: "asl-sc-said" });
  const lastVerdict = aslEl("p", { class: "asl-mark asl-sc-verdict" });
  const lastWhy = aslEl("p", { class: "asl-sc-why" });
  const lastMood = aslEl("p", { class: "asl-sc-moodchange" });
  last.append(lastSaid, lastVerdict, lastWhy, lastMood);

  // ---------------------------------------------------------------- the step on show
  const headingId = aslId("asl-sc-heading");
  const promptId = aslId("asl-sc-prompt");
  const heading = aslEl("h4", { class: "asl-sc-heading", id: headingId, tabindex: "-1" });
  const meter = aslEl("span", { class: "asl-sc-meter", "aria-hidden": "true" });
  const meterBars = ASL_SC_MOODS.map((_, i) => aslEl("span", { class: `asl-sc-bar asl-sc-bar-${i + 1}` }));
  meter.append(...meterBars);
  const moodText = aslEl("span", { class: "asl-sc-mood-text" });
  const mood = aslEl("p", { class: "asl-sc-mood" }, [meter, moodText]);
  const situation = aslEl("p", { class: "asl-sc-situation" });
  const saysText = aslEl("span", { class: "asl-sc-says-text" });
  const says = aslEl("blockquote", { class: "asl-sc-says" }, [aslEl("strong", { text: "Customer: " }), saysText]);
  const score = aslEl("p", { class: "asl-sc-score" });
  const prompt = aslEl("p", { class: "asl-sc-prompt", id: promptId, text: "What do you say or do?" });
  const choiceButtons = [];
  for (let i = 0; i < ASL_SC_MAX_CHOICES; i += 1) {
    const number = aslEl("span", { class: "asl-sc-num", "aria-hidden": "true", text: `${i + 1}` });
    const label = aslEl("span", { class: "asl-sc-choice-label" });
    const button = aslEl("button", { type: "button", class: "asl-sc-choice", hidden: true }, [number, label]);
    button.addEventListener("click", () => choose(i));
    choiceButtons.push({ button, label });
  }
  const choices = aslEl("div", { class: "asl-sc-choices", role: "group", "aria-labelledby": promptId },
    [prompt, ...choiceButtons.map((c) => c.button)]);
  const stage = aslEl("div", { class: "asl-sc-stage" }, [heading, mood, situation, says, score, choices]);

  // ---------------------------------------------------------------- controls
  const backButton = aslEl("button", { type: "button", class: "asl-button asl-sc-back", text: "Back one step" });
  const restartButton = aslEl("button", { type: "button", class: "asl-button asl-sc-restart", text: "Restart" });
  const routeButton = aslEl("button", { type: "button", class: "asl-button asl-sc-route-button", text: "Show the best route" });
  // Shown when the kernel put back the path from last time: forget it and start a clean attempt.
  const startAgainButton = aslEl("button", { type: "button", class: "asl-button asl-sc-start-again", text: "Start again", hidden: true });
  // Tutor mode only: the Tutor view toggle (aslTutorToggle) shows or hides the best route on the spot.
  const tutorToggle = aslEl("button", { type: "button", class: "asl-button asl-button-tutor_view", "data-action": ASL_TUTOR_VIEW, hidden: true });
  const controls = aslEl("div", { class: "asl-buttons asl-sc-controls" }, [backButton, restartButton, routeButton, startAgainButton, tutorToggle]);
  const lawText = aslEl("p", { class: "asl-sc-law-text" });
  const law = aslEl("details", { class: "asl-sc-law" }, [aslEl("summary", { text: "The law behind this scenario" }), lawText]);
  const routeHeading = aslEl("p", { class: "asl-sc-subhead", text: "The best route" });
  const routeList = aslEl("ol", { class: "asl-sc-route" });
  const route = aslEl("div", { class: "asl-sc-route-box", hidden: true }, [routeHeading, routeList]);

  const root = aslEl("section", { class: "asl-task asl-scenario", "aria-labelledby": header.titleId },
    [...header.nodes, brief, last, stage, controls, feedback.node, route, law, live.node]);
  el.append(root);

  let focusPending = false; // this view asked for a move: focus the new heading when it arrives
  let shown = []; // the content index of each visible choice button, in display order

  function act(action, extra = {}) {
    focusPending = true;
    model.send({ action, ...extra });
  }

  function choose(position) {
    const view = model.get("view");
    if (view.kind !== "step" || position >= shown.length) return;
    act("choose", { index: shown[position], at: model.get("path").length });
  }

  backButton.addEventListener("click", () => { if (model.get("can_go_back")) act("back"); });
  restartButton.addEventListener("click", () => { if (model.get("path").length) act("restart"); });
  routeButton.addEventListener("click", () => aslSend(model, "solution"));
  startAgainButton.addEventListener("click", () => act("start_again"));
  tutorToggle.addEventListener("click", () => aslSend(model, ASL_TUTOR_VIEW));

  root.addEventListener("keydown", (event) => {
    // Number keys choose; Enter and Space press our buttons and open the brief. None of them may
    // reach JupyterLab, whose command mode turns a cell into a heading on 1-6 and runs cells on Enter.
    if (/^[1-9]$/.test(event.key) && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.stopPropagation();
      event.preventDefault();
      choose(Number(event.key) - 1);
    } else if ((event.key === "Enter" || event.key === " ") && event.target.closest && event.target.closest("button, summary")) {
      event.stopPropagation();
    }
  });

  // ---------------------------------------------------------------- model → view
  function drawBrief() {
    lawText.textContent = model.get("law_note");
    law.hidden = !model.get("law_note");
    setting.textContent = model.get("setting");
    customer.replaceChildren(aslEl("strong", { text: "Customer: " }), model.get("customer"));
    briefText.replaceChildren(aslEl("strong", { text: "You: " }), model.get("brief"));
    policyList.replaceChildren(...model.get("policy").map((clause) => {
      const item = aslEl("li", {}, [aslEl("strong", { text: clause.ref })]);
      if (clause.heading) item.append(`: ${clause.heading}. `);
      if (clause.text) item.append(clause.text);
      return item;
    }));
  }

  function drawLast() {
    const data = model.get("last") || {};
    last.hidden = !data.verdict;
    if (!data.verdict) return;
    lastSaid.replaceChildren(aslEl("strong", { text: "You chose: " }), data.said);
    lastVerdict.textContent = `${ASL_SC_VERDICT_ICON[data.verdict] || ""} ${data.verdict}`.trim();
    last.classList.toggle("asl-state-ok", Boolean(data.best));
    last.classList.toggle("asl-state-wrong", !data.best);
    lastWhy.textContent = data.feedback;
    lastMood.hidden = !data.mood_change;
    lastMood.textContent = data.mood_change ? `The customer's mood: ${data.mood_change}.` : "";
  }

  function drawView() {
    const view = model.get("view") || {};
    heading.textContent = view.heading || "";
    const level = typeof view.mood_level === "number" ? view.mood_level : -1;
    mood.hidden = level < 0;
    meterBars.forEach((bar, i) => bar.classList.toggle("asl-sc-bar-on", i <= level));
    moodText.textContent = level < 0 ? "" : `Customer's mood: ${view.mood} (${level + 1} of 5, where 5 is pleased)`;
    mood.dataset.mood = view.mood || "";
    situation.textContent = view.situation || "";
    says.hidden = !view.customer_says;
    saysText.textContent = view.customer_says || "";
    const isEnding = view.kind === "ending";
    stage.classList.toggle("asl-sc-ended", isEnding);
    score.hidden = !isEnding;
    score.textContent = isEnding ? `Score for this ending: ${view.score} of ${view.maximum}` : "";
    choices.hidden = isEnding;
    shown = (view.choices || []).map((c) => c.index);
    choiceButtons.forEach(({ button, label }, i) => {
      const choice = (view.choices || [])[i];
      button.hidden = !choice;
      label.textContent = choice ? choice.label : "";
    });
    drawControls();
    if (focusPending) {
      focusPending = false;
      heading.focus();
    }
  }

  function drawControls() {
    backButton.setAttribute("aria-disabled", model.get("can_go_back") ? "false" : "true");
    restartButton.setAttribute("aria-disabled", model.get("path").length ? "false" : "true");
    routeButton.hidden = !model.get("buttons").includes("solution");
    restartButton.hidden = !model.get("buttons").includes("try_again");
    startAgainButton.hidden = !model.get("buttons").includes("start_again");
    tutorToggle.hidden = !model.get("tutor");
    if (model.get("tutor")) aslTutorToggle(tutorToggle, model.get("tutor_view"));
  }

  function drawRoute() {
    const lines = model.get("best_route") || [];
    route.hidden = lines.length === 0;
    routeList.replaceChildren(...lines.map((line) => aslEl("li", { text: line })));
  }

  const unlisten = aslListen(model, {
    ...aslTaskHandlers(model, { header, feedback, live }),
    setting: drawBrief,
    customer: drawBrief,
    brief: drawBrief,
    policy: drawBrief,
    law_note: drawBrief,
    view: drawView,
    last: drawLast,
    can_go_back: drawControls,
    path: drawControls,
    buttons: drawControls,
    tutor: drawControls,
    tutor_view: drawControls,
    best_route: drawRoute,
  });

  drawBrief();
  drawLast();
  drawView();
  drawRoute();
  return () => { unlisten(); live.dispose(); };
}

export default { render };
