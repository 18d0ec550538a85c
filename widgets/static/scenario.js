// placeholder
function render({ model, el }) { el.textContent = model.get("title"); }
export default { render };
