// Drawing a flowchart from the kernel, shared by the flowchart and build-your-own widgets.
// The kernel sends an SVG made by Graphviz's dot, or, where dot is not installed, only the
// DOT text: this page then draws it with the vendored Graphviz build (viz.js), which the
// kernel sends once per page, as a binary message, only when a chart asks for it.
// Whatever the SVG's origin, it is parsed as image/svg+xml and rebuilt from an allow-list
// of elements and attributes, so no script, event handler or link can come through.

const ASL_SVG_NS = "http://www.w3.org/2000/svg";
const ASL_SVG_ELEMENTS = new Set([
  "svg", "g", "path", "polygon", "polyline", "ellipse", "circle", "rect", "line", "text", "tspan",
]);
const ASL_SVG_ATTRIBUTES = new Set([
  "viewBox", "transform", "points", "d", "cx", "cy", "rx", "ry", "r", "x", "y", "x1", "y1", "x2", "y2",
  "width", "height", "fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity",
  "font-family", "font-size", "font-weight", "font-style", "text-anchor", "text-decoration",
  "baseline-shift", "class", "preserveAspectRatio", "textLength", "lengthAdjust",
]);

const ASL_CHART_FONTS = "Helvetica, Arial, 'Liberation Sans', 'Nimbus Sans', 'Nimbus Sans L', sans-serif";
/** 16 pt labels at 0.8 scale are about 13 px: the smallest a chart may be drawn before it scrolls instead. */
const ASL_CHART_MIN_SCALE = 0.8;

/** Every text Graphviz placed, from viz's JSON output: text -> [{ width, align }] in drawing order. */
function aslLaidOutText(layout) {
  const found = new Map();
  const visit = (object) => {
    for (const key of ["_draw_", "_ldraw_", "_hldraw_", "_tldraw_", "_hdraw_", "_tdraw_"]) {
      for (const op of object[key] || []) {
        if (op.op !== "T") continue;
        if (!found.has(op.text)) found.set(op.text, []);
        found.get(op.text).push({ width: op.width, align: op.align });
      }
    }
  };
  visit(layout);
  for (const object of layout.objects || []) visit(object);
  for (const edge of layout.edges || []) visit(edge);
  return found;
}

/**
 * Make the browser's text fit the boxes the in-browser Graphviz drew. Its layout measures text with
 * built-in Helvetica widths; the browser may draw it in a wider or narrower font (DejaVu Sans on a
 * Linux PC without Helvetica-like fonts), so labels spilled out of boxes and titles were cut off.
 * Each line is measured as drawn: a line wider than the width Graphviz planned is fitted to it
 * (textLength), a narrower one is moved to stay centred where Graphviz centred it.
 */
function aslFitText(svg, planned) {
  const used = new Map();
  for (const text of svg.querySelectorAll("text")) {
    const content = text.textContent;
    const plans = planned.get(content);
    if (!plans) continue;
    const index = used.get(content) || 0;
    used.set(content, index + 1);
    const plan = plans[Math.min(index, plans.length - 1)];
    let real = 0;
    try { real = text.getComputedTextLength(); } catch (error) { real = 0; }
    if (!real || !plan.width) continue;
    const anchor = text.getAttribute("text-anchor") || "start";
    if (real > plan.width + 0.5) {
      text.setAttribute("textLength", plan.width.toFixed(2));
      text.setAttribute("lengthAdjust", "spacingAndGlyphs");
    } else if (anchor === "start" && plan.align === "l") {
      const x = parseFloat(text.getAttribute("x"));
      if (!Number.isNaN(x)) text.setAttribute("x", (x + (plan.width - real) / 2).toFixed(2));
    }
  }
}

/** Parse SVG text and return a clean copy made only of drawing elements, or null if it is not SVG. */
function aslCleanSvg(text) {
  let parsed;
  try {
    parsed = new DOMParser().parseFromString(String(text || ""), "image/svg+xml");
  } catch (error) {
    return null;
  }
  const source = parsed.documentElement;
  if (!source || source.namespaceURI !== ASL_SVG_NS || source.localName !== "svg"
      || parsed.getElementsByTagName("parsererror").length) return null;

  function copy(node) {
    if (node.nodeType === Node.TEXT_NODE) return document.createTextNode(node.nodeValue);
    if (node.nodeType !== Node.ELEMENT_NODE || node.namespaceURI !== ASL_SVG_NS || !ASL_SVG_ELEMENTS.has(node.localName)) {
      return null; // <script>, <foreignObject>, <a>, <image>, <style>, <title> and anything else unknown
    }
    const clean = document.createElementNS(ASL_SVG_NS, node.localName);
    for (const attribute of node.attributes) {
      const value = attribute.value;
      if (!attribute.namespaceURI && ASL_SVG_ATTRIBUTES.has(attribute.name) && !/url\s*\(|javascript:/i.test(value)) {
        clean.setAttribute(attribute.name, value);
      }
      if (attribute.name === "xml:space") clean.setAttributeNS("http://www.w3.org/XML/1998/namespace", "xml:space", value);
    }
    for (const child of node.childNodes) {
      const kept = copy(child);
      if (kept) clean.append(kept);
    }
    return clean;
  }

  const svg = copy(source);
  // Graphviz writes "Helvetica,sans-Serif". Name the fonts with Helvetica's widths on each system
  // (Arial on Windows, Liberation Sans or Nimbus Sans on Linux) before any other sans-serif.
  for (const text of svg.querySelectorAll("[font-family]")) {
    if (/^Helvetica/i.test(text.getAttribute("font-family"))) text.setAttribute("font-family", ASL_CHART_FONTS);
  }
  // Graphviz gives the size in points; the chart may shrink to fit a narrow cell but never grows past it,
  // and never shrinks below ASL_CHART_MIN_SCALE: a wider chart scrolls sideways instead of turning to 7 px text.
  const width = parseFloat(source.getAttribute("width"));
  if (width > 0) {
    svg.style.maxWidth = `${Math.ceil(width)}px`; // 1 pt shown as 1 px: 16 pt labels read as body text
    svg.style.minWidth = `${Math.ceil(width * ASL_CHART_MIN_SCALE)}px`;
  }
  svg.setAttribute("width", "100%");
  svg.removeAttribute("height");
  svg.setAttribute("focusable", "false");
  return svg;
}

/** The page-wide state of the in-browser Graphviz: loaded at most once, whatever widget asks. */
function aslVizShared() {
  if (!globalThis.__afterSalesViz) {
    globalThis.__afterSalesViz = { viz: null, promise: null, settle: null, loading: false };
  }
  return globalThis.__afterSalesViz;
}

/** A promise of the viz.js instance; the first call on a page asks this widget's kernel for it. */
function aslGetViz(model) {
  const shared = aslVizShared();
  if (shared.viz) return Promise.resolve(shared.viz);
  if (!shared.promise) {
    shared.promise = new Promise((resolve, reject) => {
      const timer = setTimeout(() => shared.settle && shared.settle.reject(new Error("the kernel did not send the renderer")), 60000);
      shared.settle = {
        resolve(viz) { clearTimeout(timer); shared.viz = viz; shared.settle = null; resolve(viz); },
        reject(error) { clearTimeout(timer); shared.promise = null; shared.settle = null; reject(error); },
      };
    });
    model.send({ action: "renderer" });
  }
  return shared.promise;
}

/** Import viz.js from the bytes the kernel sent (a blob URL, as anywidget loads every widget module). */
async function aslReceiveViz(buffer) {
  const shared = aslVizShared();
  if (shared.viz || shared.loading || !shared.settle) return;
  shared.loading = true;
  const url = URL.createObjectURL(new Blob([buffer], { type: "text/javascript" }));
  try {
    const module = await import(/* webpackIgnore: true */ url);
    const viz = await module.instance();
    if (shared.settle) shared.settle.resolve(viz);
  } catch (error) {
    if (shared.settle) shared.settle.reject(error);
  } finally {
    URL.revokeObjectURL(url);
    shared.loading = false;
  }
}

/**
 * A chart view bound to a model with the traits of widgets/flowchart_widget.py's ChartState:
 * chart_title, dot, svg, renderer, description, render_note. Returns { node, dispose }.
 */
function aslChartView(model) {
  const canvas = aslEl("div", { class: "asl-chart-canvas" });
  const note = aslEl("p", { class: "asl-chart-note", hidden: true });
  const text = aslEl("pre", { class: "asl-chart-text" });
  const details = aslEl("details", { class: "asl-chart-details" }, [
    aslEl("summary", { text: "Text version of this chart" }),
    text,
  ]);
  const node = aslEl("figure", { class: "asl-chart", "data-state": "drawing" }, [canvas, note, details]);
  // Enter and Space open the text version; JupyterLab's command mode must not act on them too.
  node.addEventListener("keydown", (event) => {
    if ((event.key === "Enter" || event.key === " ") && event.target.closest && event.target.closest("summary")) event.stopPropagation();
  });
  let generation = 0; // a newer drawing makes an older, still-running one stale
  let scheduled = false;

  function setState(state, renderer) {
    node.dataset.state = state;
    node.dataset.renderer = renderer;
  }

  // A chart wider than the cell scrolls sideways: then the keyboard must be able to scroll it too.
  const resize = typeof ResizeObserver === "function" ? new ResizeObserver(() => markScrolling()) : null;
  if (resize) resize.observe(canvas);
  function markScrolling() {
    const scrolls = canvas.scrollWidth > canvas.clientWidth + 1;
    if (scrolls) {
      canvas.setAttribute("tabindex", "0");
      canvas.setAttribute("role", "group");
      canvas.setAttribute("aria-label", "Flowchart, wider than the screen: scroll sideways with the arrow keys");
    } else {
      for (const name of ["tabindex", "role", "aria-label"]) canvas.removeAttribute(name);
    }
  }

  function show(svg, renderer, planned) {
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", `Flowchart: ${model.get("chart_title")}`);
    canvas.replaceChildren(svg);
    if (planned) aslFitText(svg, planned);
    markScrolling();
    setState("drawn", renderer);
  }

  function fail(renderer) {
    canvas.replaceChildren(aslEl("p", {
      class: "asl-chart-failed",
      text: "This chart could not be drawn here. The text version below gives the same steps and arrows.",
    }));
    details.open = true;
    setState("failed", renderer);
  }

  async function draw() {
    const mine = ++generation;
    const renderer = model.get("renderer");
    text.textContent = model.get("description");
    note.textContent = model.get("render_note");
    note.hidden = renderer !== "browser" || !model.get("render_note");
    if (renderer !== "browser") {
      const svg = aslCleanSvg(model.get("svg"));
      if (svg) show(svg, "dot"); else fail("dot");
      return;
    }
    if (!canvas.querySelector("svg")) {
      canvas.replaceChildren(aslEl("p", { class: "asl-chart-wait", text: "Drawing the chart in your browser…" }));
    }
    setState("drawing", "browser");
    let svg = null;
    let planned = null;
    try {
      const viz = await aslGetViz(model);
      if (mine !== generation) return;
      svg = aslCleanSvg(viz.renderString(model.get("dot"), { format: "svg" }));
      try { planned = aslLaidOutText(viz.renderJSON(model.get("dot"))); } catch (error) { planned = null; }
    } catch (error) {
      svg = null;
    }
    if (mine !== generation) return;
    if (svg) show(svg, "browser", planned); else fail("browser");
  }

  // Several traits change together (hold_sync): draw once for the lot.
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => { scheduled = false; draw(); });
  }

  const onMessage = (message, buffers) => {
    if (message && message.kind === "viz-renderer" && buffers && buffers.length) aslReceiveViz(buffers[0]);
  };
  model.on("msg:custom", onMessage);
  const unlisten = aslListen(model, {
    svg: schedule, dot: schedule, renderer: schedule, description: schedule, chart_title: schedule, render_note: schedule,
  });
  draw();

  return {
    node,
    dispose() {
      generation += 1;
      if (resize) resize.disconnect();
      unlisten();
      model.off("msg:custom", onMessage);
    },
  };
}
