// The Submit button of a mock paper and the breakdown it reveals. The kernel marks the paper;
// this module draws the button, the result and the per-marking-point breakdown.

function render({ model, el }) {
  const titleId = aslId("asl-p-title");
  const title = aslEl("h3", { class: "asl-title", id: titleId });
  const help = aslEl("p", { class: "asl-instructions", text: "When you have answered every question, press Submit. Nothing is marked before then, and answers cannot be changed after." });
  const button = aslEl("button", { type: "button", class: "asl-button asl-button-check asl-p-submit", text: "Submit the paper" });
  const message = aslEl("p", { class: "asl-p-message", role: "status", "aria-live": "polite" });
  const totalLine = aslEl("p", { class: "asl-p-total" });
  const list = aslEl("ol", { class: "asl-p-sections" });
  const results = aslEl("div", { role: "region", class: "asl-p-results", "aria-label": "Breakdown by examiner marking point" }, [
    aslEl("h4", { class: "asl-p-subhead", text: "Breakdown by examiner marking point" }), totalLine, list,
  ]);
  const root = aslEl("section", { class: "asl-task asl-paper", "aria-labelledby": titleId }, [title, help, button, message, results]);
  root.addEventListener("keydown", (event) => event.stopPropagation());
  button.addEventListener("click", () => {
    if (button.getAttribute("aria-disabled") === "true") return;
    model.send({ action: "submit" });
  });
  el.append(root);

  function update() {
    title.textContent = model.get("title");
    const status = model.get("status");
    const submitted = status === "submitted";
    button.textContent = status === "confirm" ? "Submit anyway" : (submitted ? "Submitted" : "Submit the paper");
    button.setAttribute("aria-disabled", submitted ? "true" : "false");
    message.textContent = model.get("message");
    results.hidden = !submitted;
    totalLine.textContent = submitted ? `Total: ${model.get("total")} out of ${model.get("maximum")} marks.` : "";
  }

  function drawBreakdown() {
    list.replaceChildren(...(model.get("breakdown") || []).map((section) => {
      const questions = aslEl("ul", { class: "asl-p-questions" });
      for (const q of section.questions) {
        const item = aslEl("li", {}, [aslEl("span", { text: `${q.title}: ${q.score} of ${q.maximum}` })]);
        if (q.points.length) {
          item.append(aslEl("ul", { class: "asl-p-points" }, q.points.map((p) => aslEl("li", {
            class: p.marks === p.maximum ? "asl-p-earned" : "asl-p-missed",
            text: `${p.marks === p.maximum ? "✓" : "✗"} ${p.text} (${p.marks} of ${p.maximum})`,
          }))));
        }
        questions.append(item);
      }
      return aslEl("li", { class: "asl-p-section" }, [
        aslEl("p", { class: "asl-p-section-head" }, [
          aslEl("strong", { text: section.short }), ` — ${section.score} of ${section.maximum} marks`,
        ]),
        aslEl("p", { class: "asl-p-point", text: `Examiner marking point: “${section.marking_point}”` }),
        questions,
      ]);
    }));
  }

  const unlisten = aslListen(model, { title: update, status: update, message: update, total: update, maximum: update, breakdown: drawBreakdown });
  update();
  drawBreakdown();
  return () => unlisten();
}

export default { render };
