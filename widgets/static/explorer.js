// Feedback explorer. Draws the filter controls, the KPI cards and the chart the
// kernel sends, and reports the learner's choice with one model.set(...).
// Every number on screen is worked out in Python (the widgets/feedback package):
// this file only shows it.
//
// Channel, product range and stage of service are radio groups (all choices on
// show, one click or tap, arrow keys within a group); month and "compare by"
// are drop-down lists because they have more choices.

const ASL_EXPLORER_HELP =
  "Choose a filter with the mouse, or Tab to a group and use the arrow keys. " +
  "The numbers and the chart change to show only the responses you chose.";

// Keys a radio group or list uses; JupyterLab's command mode would otherwise
// take them to move between cells.
const ASL_EXPLORER_KEYS = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", " ", "Home", "End", "PageUp", "PageDown"];

function render({ model, el }) {
  const header = aslHeader(model, ASL_EXPLORER_HELP);
  const live = aslLiveRegion();
  const controls = aslEl("div", { class: "asl-ex-controls" });
  const reset = aslEl("button", {
    type: "button", class: "asl-button asl-ex-reset", text: "Reset filters",
    onclick: () => aslSend(model, "reset"),
  });
  const status = aslEl("p", { class: "asl-ex-status", tabindex: "-1" });
  const cards = aslEl("dl", { class: "asl-ex-cards", tabindex: "-1", "aria-label": "Headline numbers" });
  // A lesson that asks learners to work out CSAT and NPS first keeps the answers behind this button.
  const reveal = aslEl("button", {
    type: "button", class: "asl-button asl-ex-show-kpis", text: "Show the headline numbers (CSAT, NPS and more)",
    onclick: () => { model.set("show_kpis", true); model.save_changes(); },
  });
  const revealBox = aslEl("div", { class: "asl-ex-kpi-hidden" }, [
    aslEl("p", { text: "The headline numbers are hidden until you have worked them out yourself." }), reveal,
  ]);
  const chartId = aslId("asl-ex-chart");
  const chart = aslEl("img", { class: "asl-ex-chart", id: chartId, alt: "" });
  const tableBox = aslEl("details", { class: "asl-ex-data" });
  const tableSummary = aslEl("summary", { text: "Chart data as a table" });
  const table = aslEl("table", { class: "asl-ex-table" });
  tableBox.append(tableSummary, table);
  const figure = aslEl("figure", { class: "asl-ex-figure" }, [chart, tableBox]);
  const root = aslEl("section", { class: "asl-task asl-explorer", "aria-labelledby": header.titleId },
    [...header.nodes, controls, aslEl("div", { class: "asl-buttons" }, [reset]), status, revealBox, cards, figure, live.node]);
  el.append(root);
  const unmount = aslMount(el, root, model, { live, fallback: status });

  let chartUrl = null;
  const inputs = {}; // filter name -> { kind: "radio" | "select", nodes }

  // ---------------------------------------------------------------- controls
  function report(name, value) {
    if (model.get(name) === value) return;
    model.set(name, value);
    model.save_changes();
  }

  function keepKeys(event) {
    if (ASL_EXPLORER_KEYS.includes(event.key)) event.stopPropagation();
  }

  function radioGroup(name, spec) {
    const group = aslEl("fieldset", { class: "asl-ex-group", "data-filter": name, "aria-describedby": header.helpId });
    group.append(aslEl("legend", { text: spec.label }));
    const options = aslEl("div", { class: "asl-ex-options" });
    const groupName = aslId(`asl-ex-${name}`);
    const nodes = [];
    for (const [value, text] of spec.options) {
      const input = aslEl("input", { type: "radio", name: groupName, value });
      input.addEventListener("change", () => { if (input.checked) report(name, value); });
      input.addEventListener("keydown", keepKeys);
      nodes.push(input);
      options.append(aslEl("label", { class: "asl-ex-chip" }, [input, aslEl("span", { text })]));
    }
    group.append(options);
    inputs[name] = { kind: "radio", nodes };
    return group;
  }

  function selectList(name, spec) {
    const id = aslId(`asl-ex-${name}`);
    const select = aslEl("select", { id, class: "asl-ex-select", "data-filter": name, "aria-describedby": header.helpId });
    for (const [value, text] of spec.options) select.append(aslEl("option", { value, text }));
    select.addEventListener("change", () => report(name, select.value));
    select.addEventListener("keydown", keepKeys);
    inputs[name] = { kind: "select", nodes: [select] };
    return aslEl("div", { class: "asl-ex-field" }, [aslEl("label", { for: id, text: spec.label }), select]);
  }

  function drawControls() {
    const choices = model.get("choices") || {};
    controls.replaceChildren();
    const lists = aslEl("div", { class: "asl-ex-lists" });
    for (const [name, spec] of Object.entries(choices)) {
      if (spec.style === "radio") controls.append(radioGroup(name, spec));
      else lists.append(selectList(name, spec));
    }
    controls.append(lists);
    showChoices();
  }

  function showChoices() {
    for (const [name, control] of Object.entries(inputs)) {
      const value = model.get(name);
      if (control.kind === "radio") {
        for (const input of control.nodes) input.checked = input.value === value;
      } else if (control.nodes[0].value !== value) {
        control.nodes[0].value = value;
      }
    }
  }

  // ---------------------------------------------------------------- results
  function showKpis() {
    const shown = Boolean(model.get("show_kpis"));
    const pressed = document.activeElement === reveal;
    cards.hidden = !shown;
    revealBox.hidden = shown;
    if (shown && pressed) cards.focus(); // the button is gone: the learner lands on the numbers it showed
  }

  function drawCards() {
    cards.replaceChildren();
    for (const card of model.get("cards") || []) {
      const value = aslEl("span", { class: "asl-ex-value", text: card.value });
      const note = aslEl("span", { class: "asl-ex-note", text: card.note });
      cards.append(aslEl("div", { class: "asl-ex-card", "data-kpi": card.key }, [
        aslEl("dt", { text: card.label }),
        aslEl("dd", {}, [value, note]),
      ]));
    }
  }

  function drawChart() {
    const bytes = model.get("chart");
    if (chartUrl) URL.revokeObjectURL(chartUrl);
    chartUrl = null;
    if (bytes && bytes.byteLength) {
      chartUrl = URL.createObjectURL(new Blob([bytes], { type: "image/png" }));
      chart.src = chartUrl;
      chart.hidden = false;
    } else {
      chart.removeAttribute("src");
      chart.hidden = true;
    }
    chart.alt = model.get("chart_alt");
  }

  function drawTable() {
    const data = model.get("chart_table") || {};
    table.replaceChildren();
    table.append(aslEl("caption", { text: data.caption || "" }));
    const head = aslEl("tr");
    for (const column of data.columns || []) head.append(aslEl("th", { scope: "col", text: column }));
    const body = aslEl("tbody");
    for (const row of data.rows || []) {
      const tr = aslEl("tr");
      row.forEach((cell, index) => tr.append(aslEl(index === 0 ? "th" : "td", index === 0 ? { scope: "row", text: cell } : { text: cell })));
      body.append(tr);
    }
    table.append(aslEl("thead", {}, [head]), body);
    tableBox.hidden = !(data.rows && data.rows.length);
  }

  const unlisten = aslListen(model, {
    ...aslTaskHandlers(model, { header, live }),
    choices: drawControls,
    channel: showChoices,
    product_category: showChoices,
    touchpoint: showChoices,
    month: showChoices,
    chart_by: showChoices,
    cards: drawCards,
    show_kpis: showKpis,
    status: () => { status.textContent = model.get("status"); },
    chart: drawChart,
    chart_alt: () => { chart.alt = model.get("chart_alt"); },
    chart_table: drawTable,
  });

  drawControls();
  drawCards();
  showKpis();
  drawChart();
  drawTable();
  status.textContent = model.get("status");

  return () => {
    unlisten();
    unmount();
    live.dispose();
    if (chartUrl) URL.revokeObjectURL(chartUrl);
  };
}

export default { render };
