// My progress: Download turns the bytes the kernel sends into a browser download;
// Restore sends the bytes of the file the learner picks. The kernel validates and merges.

function render({ model, el }) {
  const title = aslEl("h3", { class: "asl-title", id: aslId("asl-progress-title"), text: "Keep your progress" });
  const help = aslEl("p", { class: "asl-help", text: "Download saves your progress file to your computer. On Binder, do this before you close the tab. Restore brings a downloaded file back: nothing you already have is removed." });
  const download = aslEl("button", { type: "button", class: "asl-button asl-button-check asl-progress-download", text: "Download my progress" });
  const inputId = aslId("asl-progress-input");
  const label = aslEl("label", { for: inputId, text: "Restore from a file: " });
  const input = aslEl("input", { id: inputId, type: "file", accept: ".json,application/json", class: "asl-progress-file" });
  const nameId = aslId("asl-progress-name");
  const nameLabel = aslEl("label", { for: nameId, text: "Your name (optional, so your tutor knows whose file it is): " });
  const name = aslEl("input", { id: nameId, type: "text", maxlength: "80", autocomplete: "name", class: "asl-progress-file" });
  name.value = model.get("learner");
  name.addEventListener("change", () => { model.set("learner", name.value); model.save_changes(); });
  name.addEventListener("keydown", (event) => event.stopPropagation());
  const status = aslEl("p", { class: "asl-progress-status", role: "status", "aria-live": "polite" });
  const root = aslEl("section", { class: "asl-task asl-progress", "aria-labelledby": title.id },
    [title, help, aslEl("p", {}, [nameLabel, name]),
     aslEl("div", { class: "asl-progress-controls" }, [download, aslEl("span", {}, [label, input])]), status]);
  el.append(root);

  download.addEventListener("click", () => model.send({ action: "download" }));
  input.addEventListener("change", async () => {
    const file = input.files && input.files[0];
    if (!file) return;
    if (file.size > model.get("max_bytes")) {
      model.send({ action: "too_big" });
    } else {
      const bytes = await file.arrayBuffer();
      model.send({ action: "restore", name: file.name }, undefined, [bytes]);
    }
    input.value = "";
  });

  function onMessage(message, buffers) {
    if (!message || message.kind !== "download" || !buffers || !buffers.length) return;
    const blob = new Blob([buffers[0]], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const link = aslEl("a", { href: url, download: message.filename || "after-sales-progress.json", hidden: true });
    root.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }
  model.on("msg:custom", onMessage);

  function showStatus() {
    status.textContent = model.get("status");
    status.classList.toggle("asl-feedback-wrong", !model.get("status_ok"));
  }
  showStatus();
  const showName = () => { if (document.activeElement !== name) name.value = model.get("learner"); };
  const stop = aslListen(model, { status: showStatus, status_ok: showStatus, learner: showName });
  return () => { stop(); model.off("msg:custom", onMessage); };
}

export default { render };
