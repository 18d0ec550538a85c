// The class overview's moderation board: claims to accept or refuse and answers to re-mark.
// The kernel decides and saves; this module draws one card per item, built once and kept by its
// key, so the button the tutor pressed keeps the focus when the list is refreshed.

function render({ model, el }) {
  const heading = aslEl("h3", { class: "asl-title asl-m-title", text: "Moderation: claims and written answers" });
  const fileNote = aslEl("p", { class: "asl-m-file" });
  const messages = aslEl("ul", { class: "asl-m-messages" });
  const empty = aslEl("p", { class: "asl-m-empty", text: "No claims or written answers in these files." });
  const list = aslEl("ol", { class: "asl-m-items" });
  const live = aslLiveRegion();
  const root = aslEl("section", { class: "asl-task asl-moderation", "aria-label": "Moderation" },
    [heading, fileNote, messages, empty, list, live.node]);
  el.append(root);
  const cards = new Map();

  function send(message) { model.send(message); }

  function claimCard(item) {
    const reasonId = aslId("asl-m-reason");
    const reason = aslEl("input", { id: reasonId, type: "text", class: "asl-m-reason", maxlength: "200", autocomplete: "off" });
    const decide = (decision) => send({ action: "decide", key: item.key, decision, reason: reason.value });
    const accept = aslEl("button", { type: "button", class: "asl-button asl-m-accept", text: "Accept the claim", onclick: () => decide("accept") });
    const refuse = aslEl("button", { type: "button", class: "asl-button asl-m-refuse", text: "Refuse the claim", onclick: () => decide("refuse") });
    return { reason, nodes: [
      aslEl("p", { class: "asl-m-point" }, [aslEl("strong", { text: "Marking point: " }), item.point_text]),
      aslEl("p", { class: "asl-m-says" }, [aslEl("strong", { text: "The learner says: " }), item.claim_reason]),
      aslEl("label", { for: reasonId, text: "Reason for your decision (one line)" }), reason,
      aslEl("div", { class: "asl-buttons" }, [accept, refuse]),
    ] };
  }

  function answerCard(item) {
    const inputs = item.points.map((point, index) => {
      const inputId = aslId("asl-m-point");
      const input = aslEl("input", { id: inputId, type: "number", min: "0", max: String(point.maximum), step: "1", class: "asl-m-mark" });
      input.value = String(point.rubric);
      return { input, row: aslEl("p", { class: "asl-m-row" }, [
        aslEl("label", { for: inputId, text: `Point ${index + 1}: ${point.text} (rubric ${point.rubric} of ${point.maximum}; out of ${point.maximum})` }), " ", input,
      ]) };
    });
    const reasonId = aslId("asl-m-reason");
    const reason = aslEl("input", { id: reasonId, type: "text", class: "asl-m-reason", maxlength: "200", autocomplete: "off" });
    const save = () => send({ action: "moderate", key: item.key, points: inputs.map((i) => i.input.value.trim()), reason: reason.value });
    reason.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); save(); } });
    const button = aslEl("button", { type: "button", class: "asl-button asl-m-save", text: "Save the tutor's mark", onclick: save });
    return { reason, nodes: [
      aslEl("details", { class: "asl-m-moderate" }, [
        aslEl("summary", { text: "Moderate" }),
        aslEl("fieldset", {}, [aslEl("legend", { text: "The tutor's mark for each marking point" }), ...inputs.map((i) => i.row)]),
        aslEl("label", { for: reasonId, text: "Reason for the tutor's mark (one line)" }), reason, button,
      ]),
    ] };
  }

  function card(item) {
    const decided = aslEl("p", { class: "asl-m-decided" });
    const status = aslEl("p", { class: "asl-m-status" });
    const body = item.type === "claim" ? claimCard(item) : answerCard(item);
    const node = aslEl("li", { class: `asl-m-item asl-m-${item.type}`, "data-key": item.key }, [
      aslEl("h4", { class: "asl-m-heading", text: item.heading }),
      aslEl("blockquote", { class: "asl-m-answer", text: item.answer_text }),
      aslEl("p", { class: "asl-m-rubric", text: item.rubric_line }),
      decided, ...body.nodes, status,
    ]);
    return { node, decided, status };
  }

  function draw() {
    const items = model.get("items") || [];
    const keys = new Set(items.map((i) => i.key));
    for (const [key, entry] of cards) if (!keys.has(key)) { entry.node.remove(); cards.delete(key); }
    // Cards stay where they are once drawn (moving a node would take the focus off the button the
    // tutor pressed); new ones are added at the end.
    items.forEach((item) => {
      let entry = cards.get(item.key);
      if (!entry) { entry = card(item); cards.set(item.key, entry); list.append(entry.node); }
      entry.decided.hidden = !item.decided;
      entry.decided.textContent = item.decided ? `Decided: ${item.decided.replace("your tutor's mark", "tutor's mark")}` : "";
      entry.node.classList.toggle("asl-m-done", Boolean(item.decided));
    });
    empty.hidden = items.length > 0;
    drawStatus();
  }

  function drawStatus() {
    const status = model.get("status") || {};
    for (const [key, entry] of cards) entry.status.textContent = status[key] || "";
  }

  function drawMessages() {
    messages.replaceChildren(...(model.get("messages") || []).map((text) => aslEl("li", { text })));
  }

  const unlisten = aslListen(model, {
    items: draw,
    status: drawStatus,
    messages: drawMessages,
    file_note: () => { fileNote.textContent = model.get("file_note"); },
    announcement: () => live.say(model.get("announcement")),
  });
  fileNote.textContent = model.get("file_note");
  drawMessages();
  draw();
  const unmount = aslMount(el, root, model, { live });
  return () => { unlisten(); unmount(); live.dispose(); };
}

export default { render };
