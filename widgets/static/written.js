// Written answers marked against marking points. The kernel marks the answer with the rubric;
// this module draws the answer box, the earned and missed points with the learner's own words,
// the model answer and the graded exemplars, and reports what the learner typed or pressed.
// Everything is built once and updated in place, so focus stays where the learner left it.

const WRITTEN_KEYS = ["response"];
const WRITTEN_LABELS = { check: "Compare with the marking points", try_again: "Try again", solution: "Show the model answer", start_again: "Start again" };
const LEVEL_NAMES = { weak: "Weak answer", pass: "Pass answer", strong: "Strong answer" };

function render({ model, el }) {
  const header = aslHeader(model, "");
  const promptId = aslId("asl-w-prompt");
  const countId = aslId("asl-w-count");
  const boxId = aslId("asl-w-text");
  const prompt = aslEl("p", { class: "asl-w-prompt", id: promptId });
  const promptText = aslEl("span", { class: "asl-w-prompt-text" });
  const marksBadge = aslEl("span", { class: "asl-w-marks" });
  prompt.append(promptText, " ", marksBadge);
  const command = aslEl("p", { class: "asl-w-command" });
  const box = aslEl("textarea", {
    id: boxId, rows: "7", class: "asl-w-text", spellcheck: "true",
    "aria-describedby": `${promptId} ${countId}`,
  });
  const counter = aslEl("p", { id: countId, class: "asl-w-count" });
  const examNote = aslEl("p", { class: "asl-w-exam", text: "Exam mode: no marks or model answer until you submit the whole paper." });

  // Our own button bar, built once: buttons are shown, hidden and disabled in place.
  const bar = aslEl("div", { class: "asl-buttons asl-w-buttons" });
  const buttons = {};
  for (const action of ["check", "try_again", "solution", "start_again"]) {
    buttons[action] = aslEl("button", {
      type: "button", class: `asl-button asl-button-${action}`, "data-action": action, text: WRITTEN_LABELS[action],
      onclick: () => {
        if (buttons[action].getAttribute("aria-disabled") === "true") return;
        aslSend(model, action, WRITTEN_KEYS);
      },
    });
    bar.append(buttons[action]);
  }
  // Tutor mode only: the Tutor view toggle (aslTutorToggle), last in the bar as in every activity.
  const tutorToggle = aslEl("button", {
    type: "button", class: "asl-button asl-button-tutor_view", "data-action": ASL_TUTOR_VIEW, hidden: true,
    onclick: () => aslSend(model, ASL_TUTOR_VIEW, WRITTEN_KEYS),
  });
  bar.append(tutorToggle);
  const feedback = aslFeedback(model);
  const notes = aslEl("ul", { class: "asl-w-notes" });
  const markingHead = aslEl("h4", { class: "asl-w-subhead", text: "Marking points" });
  const markingList = aslEl("ol", { class: "asl-w-points" });
  // Regions inside the activity are divs, not <section>s: reveal.js (RISE slides) takes every <section> in a
  // slide for a sub-slide of its own and hides it (display: none) when it is not the one on show.
  const marking = aslEl("div", { class: "asl-w-marking", role: "region", "aria-label": "How your answer was marked" }, [markingHead, notes, markingList]);
  const modelHead = aslEl("h4", { class: "asl-w-subhead", text: "Model answer" });
  const modelText = aslEl("p", { class: "asl-w-model" });
  const exemplarHead = aslEl("h4", { class: "asl-w-subhead", text: "Compare with graded answers" });
  const exemplarList = aslEl("div", { class: "asl-w-exemplars" });
  const reveal = aslEl("div", { class: "asl-w-reveal", role: "region", "aria-label": "Model answer and graded answers" },
    [modelHead, modelText, exemplarHead, exemplarList]);
  const live = aslLiveRegion();

  // The tutor's mark beside the rubric's, in words, for the learner and the tutor alike.
  const moderationLine = aslEl("p", { class: "asl-w-moderation", hidden: true });

  // Tutor mode: "Moderate" opens a mark per point and a one-line reason. Built once; only the
  // point inputs are redrawn when the marking changes, so the Save button keeps the focus.
  const reasonId = aslId("asl-w-mod-reason");
  const moderatePoints = aslEl("div", { class: "asl-w-mod-points" });
  const moderateReason = aslEl("input", { id: reasonId, type: "text", class: "asl-w-mod-reason", maxlength: "200", autocomplete: "off" });
  const moderateSave = aslEl("button", {
    type: "button", class: "asl-button asl-w-mod-save", "data-action": "moderate", text: "Save the tutor's mark",
    onclick: () => saveModeration(),
  });
  const moderateStatus = aslEl("p", { class: "asl-w-mod-status" });
  const moderateTotal = aslEl("p", { class: "asl-w-mod-total" });
  const moderate = aslEl("details", { class: "asl-w-moderate", hidden: true }, [
    aslEl("summary", { text: "Moderate" }),
    aslEl("fieldset", { class: "asl-w-mod-fieldset" }, [
      aslEl("legend", { text: "The tutor's mark for each marking point" }), moderatePoints, moderateTotal,
    ]),
    aslEl("label", { for: reasonId, text: "Reason for the tutor's mark (one line)" }), moderateReason,
    moderateSave, moderateStatus,
  ]);
  const pointInputs = [];

  function tutorPoints() { return pointInputs.map((input) => input.value.trim()); }

  function updateTotal() {
    const maximum = model.get("maximum_marks");
    const values = tutorPoints().map((v) => Number(v));
    const total = values.every((v) => Number.isInteger(v)) ? values.reduce((a, b) => a + b, 0) : "?";
    moderateTotal.textContent = `Tutor's total: ${total} of ${maximum}`;
  }

  function saveModeration() {
    model.send({ action: "moderate", points: tutorPoints(), reason: moderateReason.value });
  }

  moderateReason.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); saveModeration(); }
  });

  function drawModerate() {
    const points = (model.get("marking") || {}).points || [];
    moderate.hidden = !model.get("tutor") || points.length === 0;
    const current = model.get("moderation") || {};
    const given = current.current && current.points ? current.points : points.map((p) => p.marks);
    pointInputs.length = 0;
    moderatePoints.replaceChildren(...points.map((point, index) => {
      const inputId = aslId("asl-w-mod-point");
      const input = aslEl("input", {
        id: inputId, type: "number", min: "0", max: String(point.maximum), step: "1", inputmode: "numeric",
        class: "asl-w-mod-point", "data-focus-key": `mod-point-${index}`,
      });
      input.value = String(given[index] ?? point.marks);
      input.addEventListener("input", updateTotal);
      pointInputs.push(input);
      return aslEl("p", { class: "asl-w-mod-row" }, [
        aslEl("label", { for: inputId, text: `Point ${index + 1}: ${point.text} (rubric ${point.marks} of ${point.maximum}; out of ${point.maximum})` }),
        " ", input,
      ]);
    }));
    updateTotal();
  }

  function drawModeration() {
    const current = model.get("moderation") || {};
    moderationLine.hidden = !current.line;
    moderationLine.textContent = current.line || "";
    moderationLine.classList.toggle("asl-w-moderation-earlier", Boolean(current.line) && !current.current);
  }

  const root = aslEl("section", { class: "asl-task asl-written", "aria-labelledby": header.titleId }, [
    header.nodes[0], prompt, command, aslEl("label", { for: boxId, class: "asl-w-label", text: "Your answer" }), box, counter,
    examNote, bar, feedback.node, moderationLine, moderate, marking, reveal, live.node,
  ]);
  // Keys typed in the answer (or pressed on the buttons) belong to this widget, never to JupyterLab.
  root.addEventListener("keydown", (event) => {
    event.stopPropagation();
    if (event.target === box && event.key === "Enter" && (event.ctrlKey || event.metaKey) && model.get("buttons").includes("check")) {
      event.preventDefault();
      aslSend(model, "check", WRITTEN_KEYS);
    }
  });
  // Keypress and keyup stay in too, and JupyterLab's (and RISE's) shortcuts skip the focused control.
  const keepKeys = aslKeepKeys(root);
  el.append(root);

  function wordCount(text) {
    return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  }

  function updateCount() {
    const need = model.get("min_words");
    const have = wordCount(box.value);
    counter.textContent = need ? `${have} words (at least ${need} before you compare)` : `${have} words`;
  }

  function updatePrompt() {
    promptText.textContent = model.get("prompt");
    const marks = model.get("maximum_marks");
    marksBadge.textContent = `(${marks} ${marks === 1 ? "mark" : "marks"})`;
    const word = model.get("command_word");
    command.hidden = !word;
    command.textContent = word ? `Command word: ${word}` : "";
  }

  function updateButtons() {
    const shown = new Set(model.get("buttons"));
    const phase = model.get("phase");
    for (const [action, button] of Object.entries(buttons)) {
      button.hidden = !shown.has(action);
      const disabled = (action === "check" || action === "solution") && phase === "solution";
      button.setAttribute("aria-disabled", disabled ? "true" : "false");
    }
    const tutor = Boolean(model.get("tutor"));
    tutorToggle.hidden = !tutor;
    if (tutor) aslTutorToggle(tutorToggle, model.get("tutor_view"));
    bar.hidden = shown.size === 0 && !tutor;
  }

  function updateLock() {
    const locked = model.get("locked");
    box.readOnly = locked;
    box.setAttribute("aria-readonly", locked ? "true" : "false");
    examNote.hidden = !model.get("exam") || model.get("phase") !== "working";
    if (locked && model.get("phase") === "working") examNote.textContent = "Submitted.";
  }

  function drawMarking() {
    const data = model.get("marking") || {};
    const points = data.points || [];
    marking.hidden = points.length === 0;
    notes.replaceChildren(...(data.notes || []).map((text) => aslEl("li", { class: "asl-w-note", text })));
    markingList.replaceChildren();
    points.forEach((point, index) => {
      const state = point.earned ? "ok" : (point.marks > 0 ? "part" : "wrong");
      const mark = point.earned ? "✓ Earned" : (point.marks > 0 ? "◐ Partly earned" : "✗ Missed");
      const item = aslEl("li", { class: `asl-w-point asl-state-${state}`, "data-earned": point.earned ? "true" : "false" }, [
        aslEl("p", { class: "asl-w-point-head" }, [
          aslEl("span", { class: "asl-mark", text: `${mark} ${point.marks}/${point.maximum}` }), " ",
          aslEl("span", { class: "asl-w-point-text", text: point.text }),
        ]),
      ]);
      if (point.quotes.length) {
        const quotes = aslEl("ul", { class: "asl-w-quotes", "aria-label": "Your words that earned it" });
        for (const q of point.quotes) {
          const parts = [
            aslEl("q", { class: "asl-w-quote", text: q.quote }),
            aslEl("span", { class: "asl-w-context", text: ` in “${q.sentence}”` }),
          ];
          // A misspelt word the marker read as the word meant: say so, so the mark stays explainable.
          const readings = (q.read_as || []).map((r) => `“${r.typed}” read as “${r.read_as}”`);
          if (readings.length) parts.push(aslEl("span", { class: "asl-w-read-as", text: ` (spelling: ${readings.join(", ")})` }));
          quotes.append(aslEl("li", {}, parts));
        }
        item.append(aslEl("p", { class: "asl-w-label-small", text: "Your words that earned it:" }), quotes);
      }
      for (const note of point.notes) item.append(aslEl("p", { class: "asl-w-point-note", text: note }));
      if (point.hint) item.append(aslEl("p", { class: "asl-w-hint" }, [aslEl("strong", { text: "Hint: " }), point.hint]));
      if (point.why) item.append(aslEl("p", { class: "asl-why" }, [aslEl("strong", { text: "Why it matters: " }), point.why]));
      if (!point.earned && (!model.get("exam") || model.get("locked"))) item.append(claimBox(index));
      markingList.append(item);
    });
  }

  // "I did cover this": a second opinion, recorded beside the rubric's mark, never changing it.
  const claimStatus = new Map();
  function claimBox(index) {
    const reasonId = aslId("asl-w-reason");
    const reason = aslEl("textarea", { id: reasonId, rows: "2", class: "asl-w-reason" });
    reason.value = (model.get("claims") || {})[String(index)] || "";
    const status = aslEl("p", { class: "asl-w-claim-status" });
    claimStatus.set(index, status);
    const save = aslEl("button", {
      type: "button", class: "asl-button asl-w-claim-save", text: "Record my view",
      onclick: () => model.send({ action: "claim", index, reason: reason.value }),
    });
    const details = aslEl("details", { class: "asl-w-claim" }, [
      aslEl("summary", { text: "I did cover this" }),
      aslEl("label", { for: reasonId, text: "Where in your answer, and why does it earn the point?" }),
      reason, save, status,
    ]);
    updateClaim(index);
    return details;
  }

  function updateClaim(index) {
    const status = claimStatus.get(index);
    if (!status) return;
    const reason = (model.get("claims") || {})[String(index)];
    status.textContent = reason ? "Your view is recorded beside the mark (the score stays the rubric's)." : "";
  }

  function drawReveal() {
    const data = model.get("reveal") || {};
    reveal.hidden = !data.model_answer;
    modelText.textContent = data.model_answer || "";
    const exemplars = data.exemplars || [];
    exemplarHead.hidden = exemplars.length === 0;
    exemplarList.replaceChildren(...exemplars.map((e) => aslEl("details", { class: `asl-w-exemplar asl-w-${e.level}` }, [
      aslEl("summary", { text: `${LEVEL_NAMES[e.level] || e.level}: ${e.score} of ${e.maximum} marks` }),
      aslEl("p", { class: "asl-w-exemplar-text", text: e.text }),
      aslEl("ul", { class: "asl-w-exemplar-points", "aria-label": "How it was marked" }, (e.points || []).map((p) => aslEl("li", {
        text: `${p.marks === p.maximum ? "✓" : "✗"} ${p.text} (${p.marks} of ${p.maximum})`,
      }))),
    ])));
  }

  function onResponse() {
    // Another view typed: follow it, unless this box is the one being typed in.
    if (document.activeElement !== box && box.value !== model.get("response")) {
      box.value = model.get("response");
      updateCount();
    }
  }

  box.addEventListener("input", () => {
    updateCount();
    model.set("response", box.value);
    model.save_changes();
  });

  const unlisten = aslListen(model, {
    ...aslTaskHandlers(model, { header, feedback, live }),
    prompt: updatePrompt,
    maximum_marks: updatePrompt,
    command_word: updatePrompt,
    min_words: updateCount,
    response: onResponse,
    buttons: updateButtons,
    phase: () => { updateButtons(); updateLock(); },
    locked: () => { updateLock(); drawMarking(); },
    exam: updateLock,
    marking: () => { drawMarking(); drawModerate(); },
    reveal: drawReveal,
    tutor: () => { drawModerate(); updateButtons(); },
    tutor_view: updateButtons,
    moderation: drawModeration,
    moderation_status: () => { moderateStatus.textContent = model.get("moderation_status"); },
    claims: () => { for (const index of claimStatus.keys()) updateClaim(index); },
  });

  box.value = model.get("response");
  updatePrompt();
  updateCount();
  updateButtons();
  updateLock();
  drawMarking();
  drawModerate();
  drawModeration();
  drawReveal();
  return () => { unlisten(); keepKeys(); live.dispose(); };
}

export default { render };
