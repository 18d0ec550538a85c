// A flowchart shown in a lesson. All drawing is in chartview.js; this module only places it.

function render({ model, el }) {
  const view = aslChartView(model);
  const root = aslEl("div", { class: "asl-task asl-flowchart" }, [view.node]);
  el.append(root);
  const unmount = aslMount(el, root, model);
  return () => { unmount(); view.dispose(); };
}

export default { render };
