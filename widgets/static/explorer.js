// Feedback explorer. Draws the filter controls, the KPI cards and the chart the
// kernel describes, and reports the learner's choice with one model.set(...).
// Every number on screen is worked out in Python (the widgets/feedback package):
// this file only shows it. The chart arrives as plain data (explorer_chart in
// widgets/feedback/explorer.py: kind, labels, values in percent, the text to write
// by each value) and is drawn here as SVG, every text set with textContent.
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

const ASL_EX_SVG = "http://www.w3.org/2000/svg";
// Sizes in the SVG's own units. The drawing is made as wide as the space it has (so one unit is
// one CSS pixel and text is drawn at these sizes) but never narrower than its labels need: in a
// narrower space it is scaled down to fit rather than cut off or scrolled.
const ASL_EX_TEXT = 13;
const ASL_EX_MIN_WIDTH = 360;
const ASL_EX_POINT_SPACE = 46; // per month on the line chart: room for "100.0%"
const ASL_EX_CHAR = 7.4; // a generous average width of one character of ASL_EX_TEXT text

function aslSvg(tag, attrs = {}, text) {
  const node = document.createElementNS(ASL_EX_SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = String(text); // never markup: labels can come from a tutor's file
  return node;
}

/** The chart's drawing width for a space `available` CSS pixels wide. */
function aslChartWidth(chart, available) {
  const wanted = chart.kind === "line" ? 64 + ASL_EX_POINT_SPACE * (chart.labels || []).length : 0;
  return Math.max(ASL_EX_MIN_WIDTH, wanted, Math.round(available) || 640);
}

/** Horizontal bars, one row each: the group's name and response count above its bar, the value at its end. */
function aslDrawBars(svg, chart, width) {
  const left = 18, right = 64, top = 8, barHeight = 20, line = ASL_EX_TEXT + 3;
  const plot = width - left - right;
  const x = (value) => left + (plot * (value - chart.y_min)) / (chart.y_max - chart.y_min);
  const grid = aslSvg("g", { class: "asl-ex-gridlines" });
  const bars = aslSvg("g", { class: "asl-ex-bars" });
  svg.append(grid, bars);
  let y = top;
  chart.labels.forEach((label, index) => {
    const lines = chart.tick_lines[index] || [label];
    const row = aslSvg("g", { class: "asl-ex-row", "data-label": label });
    lines.forEach((text, number) => {
      const name = aslSvg("text", { class: "asl-ex-name", x: left, y: y + line * (number + 1) - 3 }, text);
      if (number === lines.length - 1) {
        name.append(aslSvg("tspan", { class: "asl-ex-count" }, ` (${chart.response_labels[index]})`));
      }
      row.append(name);
    });
    const barTop = y + line * lines.length + 2;
    const value = chart.values[index];
    if (value !== null && value !== undefined) {
      row.append(aslSvg("rect", {
        class: "asl-ex-bar", x: left, y: barTop, width: Math.max(0, x(value) - left), height: barHeight,
      }));
    }
    const end = value === null || value === undefined ? left : x(value);
    row.append(aslSvg("text", {
      class: "asl-ex-value", x: end + 6, y: barTop + barHeight / 2, "dominant-baseline": "central",
    }, chart.value_labels[index]));
    bars.append(row);
    y = barTop + barHeight + 10;
  });
  const axisY = y + 2;
  for (const tick of chart.y_ticks) {
    grid.append(aslSvg("line", { class: tick === chart.y_min ? "asl-ex-axis" : "asl-ex-grid", x1: x(tick), x2: x(tick), y1: top, y2: axisY }));
    svg.append(aslSvg("text", { class: "asl-ex-tick", x: x(tick), y: axisY + line, "text-anchor": "middle" }, `${tick}%`));
  }
  svg.append(aslSvg("line", { class: "asl-ex-axis", x1: left, x2: left + plot, y1: axisY, y2: axisY }));
  svg.append(aslSvg("text", { class: "asl-ex-axis-title", x: left, y: axisY + 2 * line + 4 }, chart.value_axis));
  return axisY + 2 * line + 10;
}

/** One point a month, joined by a line that breaks where a month has no scores ("no data" is written there). */
function aslDrawLine(svg, chart, width) {
  const left = 46, right = 12, top = 42, height = 190, line = ASL_EX_TEXT + 3;
  const plot = width - left - right;
  const count = chart.labels.length;
  const step = plot / count;
  const x = (index) => left + step * (index + 0.5);
  const y = (value) => top + (height * (chart.y_max - value)) / (chart.y_max - chart.y_min);
  svg.append(aslSvg("text", { class: "asl-ex-axis-title", x: 0, y: ASL_EX_TEXT + 2 }, chart.value_axis));
  const grid = aslSvg("g", { class: "asl-ex-gridlines" });
  for (const tick of chart.y_ticks) {
    grid.append(aslSvg("line", { class: tick === chart.y_min ? "asl-ex-axis" : "asl-ex-grid", x1: left, x2: left + plot, y1: y(tick), y2: y(tick) }));
    grid.append(aslSvg("text", { class: "asl-ex-tick", x: left - 6, y: y(tick), "text-anchor": "end", "dominant-baseline": "central" }, `${tick}%`));
  }
  grid.append(aslSvg("line", { class: "asl-ex-axis", x1: left, x2: left, y1: top, y2: y(chart.y_min) }));
  svg.append(grid);
  // Runs of months with a value, each drawn as one polyline.
  const runs = [];
  let run = [];
  chart.values.forEach((value, index) => {
    if (value === null || value === undefined) { if (run.length) runs.push(run); run = []; }
    else run.push(`${x(index).toFixed(1)},${y(value).toFixed(1)}`);
  });
  if (run.length) runs.push(run);
  for (const points of runs) {
    if (points.length > 1) svg.append(aslSvg("polyline", { class: "asl-ex-line", points: points.join(" ") }));
  }
  const points = aslSvg("g", { class: "asl-ex-points" });
  chart.labels.forEach((label, index) => {
    const value = chart.values[index];
    const point = aslSvg("g", { class: "asl-ex-row", "data-label": label });
    const missing = value === null || value === undefined;
    if (!missing) point.append(aslSvg("circle", { class: "asl-ex-point", cx: x(index), cy: y(value), r: 4.5 }));
    point.append(aslSvg("text", {
      class: missing ? "asl-ex-value asl-ex-missing" : "asl-ex-value", x: x(index),
      y: missing ? y(chart.y_min) - 8 : y(value) - 10, "text-anchor": "middle",
    }, chart.value_labels[index]));
    (chart.tick_lines[index] || [label]).forEach((text, number) => {
      point.append(aslSvg("text", { class: "asl-ex-tick", x: x(index), y: y(chart.y_min) + line * (number + 1), "text-anchor": "middle" }, text));
    });
    points.append(point);
  });
  svg.append(points);
  return y(chart.y_min) + line * 2 + 8;
}

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
  // The chart: its title and scope in words (HTML wraps them where the space is narrow), then the SVG,
  // whose accessible name is the kernel's text alternative with every value in it.
  const caption = aslEl("figcaption", { class: "asl-ex-caption" });
  const chart = document.createElementNS(ASL_EX_SVG, "svg");
  chart.setAttribute("class", "asl-ex-chart");
  chart.setAttribute("role", "img");
  chart.setAttribute("width", "100%");
  chart.setAttribute("focusable", "false");
  const tableBox = aslEl("details", { class: "asl-ex-data" });
  const tableSummary = aslEl("summary", { text: "Chart data as a table" });
  const table = aslEl("table", { class: "asl-ex-table" });
  tableBox.append(tableSummary, table);
  const figure = aslEl("figure", { class: "asl-ex-figure" }, [caption, chart, tableBox]);
  const root = aslEl("section", { class: "asl-task asl-explorer", "aria-labelledby": header.titleId },
    [...header.nodes, controls, aslEl("div", { class: "asl-buttons" }, [reset]), status, revealBox, cards, figure, live.node]);
  el.append(root);
  const unmount = aslMount(el, root, model, { live, fallback: status });

  let drawnWidth = 0;
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
    const data = model.get("chart") || {};
    const available = figure.clientWidth;
    const width = aslChartWidth(data, available);
    drawnWidth = available;
    caption.textContent = data.title || "";
    chart.setAttribute("aria-label", model.get("chart_alt") || "");
    chart.setAttribute("data-kind", data.kind || "");
    chart.replaceChildren();
    let height;
    if (!data.labels || !data.labels.length) {
      height = 96;
      chart.append(
        aslSvg("rect", { class: "asl-ex-empty", x: 1, y: 1, width: width - 2, height: height - 2, rx: 4 }),
        aslSvg("text", { class: "asl-ex-message", x: width / 2, y: height / 2, "text-anchor": "middle", "dominant-baseline": "central" },
          data.message || "No responses to show"),
      );
    } else if (data.kind === "line") {
      height = aslDrawLine(chart, data, width);
    } else {
      height = aslDrawBars(chart, data, width);
    }
    chart.setAttribute("viewBox", `0 0 ${width} ${Math.ceil(height)}`);
  }

  // Redrawn at the new width when the notebook's width changes, so text stays the same size.
  let resizeFrame = 0;
  const resized = new ResizeObserver(() => {
    cancelAnimationFrame(resizeFrame);
    resizeFrame = requestAnimationFrame(() => { if (Math.abs(figure.clientWidth - drawnWidth) >= 2) drawChart(); });
  });
  resized.observe(figure);

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
    chart_alt: () => { chart.setAttribute("aria-label", model.get("chart_alt") || ""); },
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
    resized.disconnect();
    cancelAnimationFrame(resizeFrame);
  };
}

export default { render };
