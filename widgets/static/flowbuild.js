// Build-your-own flowchart. The learner ticks the stages that belong (checkboxes), then adds
// arrows by choosing a step and the step it connects to from two lists, and removes arrows
// with a button each. Every control is a native checkbox, list or button, so single clicks,
// taps and the keyboard alone all work. The chart and the checking come from the kernel.

const ASL_BUILD_HELP =
  "Tick a stage to put it in your chart (Space ticks it from the keyboard). To add an arrow, choose a stage " +
  "under From, the stage it leads to under Connect to, then press Add arrow. Your chart is drawn underneath.";

function render({ model, el }) {
  const header = aslHeader(model, ASL_BUILD_HELP);
  const live = aslLiveRegion();
  const bar = aslButtonBar(model);
  const feedback = aslFeedback(model);

  // ---------------------------------------------------------------- 1. stages
  const stagesLegendId = aslId("asl-build-stages");
  const cardList = aslEl("ul", { class: "asl-build-cards", "aria-labelledby": stagesLegendId });
  const stagesBox = aslEl("fieldset", { class: "asl-build-step" }, [
    aslEl("legend", { id: stagesLegendId, text: "1. Choose the stages" }),
    cardList,
  ]);

  // ---------------------------------------------------------------- 2. arrows
  const fromId = aslId("asl-build-from");
  const toId = aslId("asl-build-to");
  const fromSelect = aslEl("select", { id: fromId, class: "asl-build-from" });
  const toSelect = aslEl("select", { id: toId, class: "asl-build-to" });
  const addButton = aslEl("button", { type: "button", class: "asl-button asl-build-add", text: "Add arrow" });
  const arrowsHeadingId = aslId("asl-build-arrows");
  const arrowList = aslEl("ul", { class: "asl-build-arrows", "aria-labelledby": arrowsHeadingId });
  const noArrows = aslEl("p", { class: "asl-build-none", text: "No arrows yet." });
  // Why Add arrow did nothing, in words on screen (also spoken by the live region).
  const refusal = aslEl("p", { class: "asl-build-refusal", hidden: true });
  const arrowsBox = aslEl("fieldset", { class: "asl-build-step" }, [
    aslEl("legend", { text: "2. Connect them" }),
    aslEl("div", { class: "asl-build-connect" }, [
      aslEl("label", { for: fromId, text: "From" }), fromSelect,
      aslEl("label", { for: toId, text: "Connect to" }), toSelect,
      addButton,
    ]),
    refusal,
    aslEl("p", { class: "asl-build-arrows-title", id: arrowsHeadingId, text: "Your arrows:" }),
    noArrows,
    arrowList,
  ]);

  // ---------------------------------------------------------------- 3. the chart
  const chart = aslChartView(model);
  const chartBox = aslEl("div", { class: "asl-build-chart" }, [
    aslEl("p", { class: "asl-build-chart-title", text: "3. Your flowchart (it changes as you work)" }),
    chart.node,
  ]);
  const notes = aslEl("ul", { class: "asl-build-feedback", hidden: true });

  const root = aslEl("section", { class: "asl-task asl-flowbuild", "aria-labelledby": header.titleId },
    [...header.nodes, stagesBox, arrowsBox, chartBox, bar.node, feedback.node, notes, live.node]);
  el.append(root);
  const unmount = aslMount(el, root, model, { live, fallback: feedback.node });

  const locked = () => model.get("phase") === "solution";
  const arrowText = (pair) => `${pair[0]} → ${pair[1]}`;

  function setChosen(next) {
    model.set("chosen", next);
    model.save_changes();
  }

  function setConnections(next) {
    model.set("connections", next);
    model.save_changes();
  }

  function drawCards() {
    const chosen = new Set(model.get("chosen"));
    const focused = document.activeElement && cardList.contains(document.activeElement) ? document.activeElement.value : null;
    cardList.replaceChildren();
    model.get("cards").forEach((card) => {
      const id = aslId("asl-build-card");
      const box = aslEl("input", {
        type: "checkbox", id, class: "asl-build-card-box", value: card,
        checked: chosen.has(card), disabled: locked(),
        onchange: (event) => {
          const now = new Set(model.get("chosen"));
          if (event.target.checked) now.add(card); else now.delete(card);
          setChosen(model.get("cards").filter((c) => now.has(c)));
          live.say(event.target.checked ? `${card} added to your chart.` : `${card} taken out of your chart, with its arrows.`);
        },
      });
      const item = aslEl("li", { class: `asl-build-card${chosen.has(card) ? " asl-build-card-on" : ""}` }, [
        box, aslEl("label", { for: id, text: card }),
      ]);
      cardList.append(item);
      if (focused === card) box.focus();
    });
  }

  function fillSelect(select, options, keep) {
    select.replaceChildren(...options.map((label) => aslEl("option", { value: label, text: label })));
    if (options.includes(keep)) select.value = keep;
  }

  function drawConnect() {
    const chosen = model.get("chosen");
    const from = fromSelect.value;
    const to = toSelect.value;
    fillSelect(fromSelect, chosen, from);
    fillSelect(toSelect, chosen, to);
    if (chosen.length > 1 && (!chosen.includes(to) || toSelect.value === fromSelect.value)) {
      // Start "Connect to" one step on from "From", the usual next choice, never the same stage.
      toSelect.value = chosen[(chosen.indexOf(fromSelect.value) + 1) % chosen.length];
    }
    const off = locked() || chosen.length < 2;
    for (const control of [fromSelect, toSelect]) control.disabled = off;
    addButton.setAttribute("aria-disabled", off ? "true" : "false");
  }

  function drawArrows() {
    const pairs = model.get("connections");
    const focusedRemove = document.activeElement && arrowList.contains(document.activeElement);
    arrowList.replaceChildren();
    noArrows.hidden = pairs.length > 0;
    pairs.forEach((pair) => {
      const item = aslEl("li", { class: "asl-build-arrow" }, [aslEl("span", { class: "asl-build-arrow-text", text: arrowText(pair) })]);
      if (!locked()) {
        item.append(aslEl("button", {
          type: "button", class: "asl-build-remove", text: "Remove", "aria-label": `Remove arrow: ${arrowText(pair)}`,
          onclick: () => {
            setConnections(model.get("connections").filter((p) => !(p[0] === pair[0] && p[1] === pair[1])));
            live.say(`Arrow removed: ${arrowText(pair)}.`);
            // Focus would otherwise fall back to the page: keep the learner in the activity.
            addButton.focus();
          },
        }));
      }
      arrowList.append(item);
    });
    if (focusedRemove && !arrowList.contains(document.activeElement)) addButton.focus();
  }

  function refuse(text) {
    refusal.textContent = text;
    refusal.hidden = !text;
    if (text) live.say(text);
  }

  addButton.addEventListener("click", () => {
    if (addButton.getAttribute("aria-disabled") === "true") {
      refuse(locked() ? "The solution is on show. Press Try again to build your own chart." : "Tick at least two stages first.");
      return;
    }
    const pair = [fromSelect.value, toSelect.value];
    if (pair[0] === pair[1]) {
      refuse(`Not added: From and Connect to are both “${pair[0]}”. Choose two different stages: an arrow joins one stage to another.`);
      return;
    }
    const pairs = model.get("connections");
    if (pairs.some((p) => p[0] === pair[0] && p[1] === pair[1])) {
      refuse(`Not added: the arrow ${arrowText(pair)} is already in your chart.`);
      return;
    }
    refuse("");
    setConnections([...pairs, pair]);
    live.say(`Arrow added: ${arrowText(pair)}.`);
    // Ready for the next arrow in a chain: from the stage just reached.
    const chosen = model.get("chosen");
    fromSelect.value = pair[1];
    toSelect.value = chosen[(chosen.indexOf(pair[1]) + 1) % chosen.length];
  });

  function drawNotes() {
    const items = model.get("feedback");
    notes.hidden = items.length === 0;
    notes.replaceChildren(...items.map((item) => aslEl("li", { class: `asl-build-note asl-state-${item.ok ? "ok" : "wrong"}` }, [
      aslEl("span", { class: "asl-mark", text: item.ok ? "✓" : "✗" }),
      aslEl("span", { class: "asl-build-note-text", text: ` ${item.text}` }),
    ])));
  }

  function drawAll() {
    root.classList.toggle("asl-locked", locked());
    drawCards();
    drawConnect();
    drawArrows();
    bar.update();
  }

  const unlisten = aslListen(model, {
    ...aslTaskHandlers(model, { header, bar, feedback, live }),
    cards: drawAll,
    chosen: () => { drawCards(); drawConnect(); },
    connections: drawArrows,
    phase: drawAll,
    feedback: drawNotes,
  });

  drawAll();
  drawNotes();

  for (const select of [fromSelect, toSelect]) select.addEventListener("change", () => refuse(""));

  return () => {
    unlisten();
    unmount();
    chart.dispose();
    live.dispose();
  };
}

export default { render };
