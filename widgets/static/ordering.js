// Drag-to-order activity. Draws the learner's order and reports moves with
// model.set("order", ...). Scoring and feedback come from the kernel.
// Three ways to move an item: drag it (mouse, pen or touch on the grip);
// keyboard (Space picks up, Up/Down moves, Space drops, Escape cancels);
// or the Move up / Move down buttons (single clicks or taps).

const ASL_ORDER_HELP =
  "To move an item: drag it; or focus it, press Space to pick it up, use the Up and Down arrow keys, " +
  "then Space to drop it (Escape cancels); or use its Move up and Move down buttons.";

function render({ model, el }) {
  const header = aslHeader(model, ASL_ORDER_HELP);
  const list = aslEl("ol", { class: "asl-order-list", "aria-labelledby": header.titleId, "aria-describedby": header.helpId });
  const method = aslEl("p", { class: "asl-method" });
  const bar = aslButtonBar(model, {}, ["order"]);
  const feedback = aslFeedback(model);
  const live = aslLiveRegion();
  const root = aslEl("section", { class: "asl-task asl-order", "aria-labelledby": header.titleId },
    [...header.nodes, list, method, bar.node, feedback.node, live.node]);
  el.append(root);
  const unmount = aslMount(el, root, model, { live, fallback: feedback.node });
  const scroll = aslAutoScroll(root, () => { if (drag && drag.moved) placeDragged(drag.lastY); });

  let order = model.get("order").slice(); // local copy: differs from the model while an item is held
  let held = null; // keyboard pick-up: { label, before }
  let drag = null; // pointer drag: { label, item, startY, moved }
  let redrawing = false; // replacing the items moves focus; that is not the learner leaving

  const locked = () => model.get("phase") === "solution";
  const where = (label) => `position ${order.indexOf(label) + 1} of ${order.length}`;

  function save(newOrder) {
    order = newOrder.slice();
    model.set("order", order.slice());
    model.save_changes();
  }

  function moveTo(label, index) {
    const next = order.filter((x) => x !== label);
    next.splice(Math.max(0, Math.min(index, next.length)), 0, label);
    return next;
  }

  function itemFor(label) {
    return [...list.children].find((li) => li.dataset.label === label);
  }

  function drawList(focusLabel) {
    const marks = model.get("marks") || {};
    const isLocked = locked();
    redrawing = true;
    list.replaceChildren();
    order.forEach((label, index) => {
      const mark = marks[label];
      const state = mark ? (mark.ok ? "ok" : "wrong") : "none";
      const li = aslEl("li", {
        class: `asl-order-item asl-state-${state}${held && held.label === label ? " asl-held" : ""}`,
        tabindex: isLocked ? "-1" : "0",
        "data-label": label,
        "aria-describedby": header.helpId,
      });
      li.append(
        aslEl("span", { class: "asl-order-grip", "aria-hidden": "true", text: "⠿" }),
        aslEl("span", { class: "asl-order-pos", "aria-hidden": "true", text: `${index + 1}.` }),
        aslEl("span", { class: "asl-order-label", text: label }),
      );
      if (held && held.label === label) li.append(aslEl("span", { class: "asl-badge", text: "Moving" }));
      if (mark) {
        li.append(aslEl("span", { class: "asl-mark", text: mark.ok ? "✓ In order" : "✗ Out of order" }));
      }
      if (!isLocked) {
        const moves = aslEl("span", { class: "asl-order-moves" });
        moves.append(
          aslEl("button", {
            type: "button", class: "asl-move asl-move-up", "aria-label": `Move up: ${label}`, title: "Move up",
            "aria-disabled": index === 0 ? "true" : "false", text: "↑",
            onclick: () => { if (index > 0) { save(moveTo(label, index - 1)); drawList(); live.say(`${label} moved to ${where(label)}.`); } },
          }),
          aslEl("button", {
            type: "button", class: "asl-move asl-move-down", "aria-label": `Move down: ${label}`, title: "Move down",
            "aria-disabled": index === order.length - 1 ? "true" : "false", text: "↓",
            onclick: () => { if (index < order.length - 1) { save(moveTo(label, index + 1)); drawList(); live.say(`${label} moved to ${where(label)}.`); } },
          }),
        );
        li.append(moves);
      }
      if (mark && mark.why) li.append(aslEl("p", { class: "asl-why", text: mark.why }));
      list.append(li);
    });
    if (focusLabel) {
      const target = itemFor(focusLabel);
      if (target) target.focus();
    }
    redrawing = false;
  }

  // ---------------------------------------------------------------- keyboard
  function onKeyDown(event) {
    const li = event.target.closest && event.target.closest(".asl-order-item");
    if (!li || event.target !== li || locked()) return;
    const label = li.dataset.label;
    const index = order.indexOf(label);
    // Keys handled here must not reach JupyterLab, whose command mode uses the
    // arrow keys to move between cells and Escape to leave the output.
    if ([" ", "Enter", "ArrowUp", "ArrowDown"].includes(event.key) || (event.key === "Escape" && held)) {
      event.stopPropagation();
    }
    if (event.key === " " || event.key === "Enter") {
      event.preventDefault();
      if (!held) {
        held = { label, before: order.slice() };
        drawList(label);
        live.say(`Picked up ${label}, ${where(label)}. Use the Up and Down arrow keys to move it, Space to drop it, Escape to cancel.`);
      } else {
        held = null;
        save(order);
        drawList(label);
        live.say(`Dropped ${label} at ${where(label)}.`);
      }
    } else if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      event.preventDefault();
      const step = event.key === "ArrowUp" ? -1 : 1;
      if (held) {
        const target = index + step;
        if (target < 0 || target >= order.length) {
          live.say(`${label} is already at ${where(label)}.`);
          return;
        }
        order = moveTo(label, target);
        drawList(label);
        live.say(`${label}, ${where(label)}.`);
      } else {
        const next = order[index + step];
        if (next !== undefined) itemFor(next).focus();
      }
    } else if (event.key === "Escape" && held) {
      event.preventDefault();
      order = held.before;
      held = null;
      drawList(label);
      live.say(`Move cancelled. ${label} is back at ${where(label)}.`);
    }
  }

  function onFocusOut(event) {
    // Leaving the list while holding an item drops nothing: put it back.
    if (held && !redrawing && !list.contains(event.relatedTarget)) {
      order = held.before;
      held = null;
      drawList();
    }
  }

  // ---------------------------------------------------------------- pointer drag
  function indexAt(clientY, label) {
    const others = [...list.children].filter((li) => li.dataset.label !== label);
    let index = 0;
    for (const li of others) {
      const box = li.getBoundingClientRect();
      if (clientY > box.top + box.height / 2) index += 1;
    }
    return index;
  }

  function onPointerDown(event) {
    const li = event.target.closest && event.target.closest(".asl-order-item");
    if (!li || locked() || held || event.button !== 0 || event.target.closest("button")) return;
    // Touch drags start on the grip only, so the page still scrolls under a finger.
    if (event.pointerType === "touch" && !event.target.closest(".asl-order-grip")) return;
    drag = { label: li.dataset.label, item: li, startY: event.clientY, moved: false };
    window.addEventListener("pointermove", onPointerMove);
    window.addEventListener("pointerup", onPointerUp);
    window.addEventListener("pointercancel", onPointerCancel);
  }

  /** Numbers and Move up/down states follow the items as they move, during a drag too. */
  function renumber() {
    const items = [...list.children];
    items.forEach((li, index) => {
      const pos = li.querySelector(".asl-order-pos");
      if (pos) pos.textContent = `${index + 1}.`;
      const up = li.querySelector(".asl-move-up");
      const down = li.querySelector(".asl-move-down");
      if (up) up.setAttribute("aria-disabled", index === 0 ? "true" : "false");
      if (down) down.setAttribute("aria-disabled", index === items.length - 1 ? "true" : "false");
    });
  }

  function placeDragged(clientY) {
    const index = indexAt(clientY, drag.label);
    const current = [...list.children].filter((li) => li !== drag.item);
    const reference = current[index] || null;
    if (drag.item.nextSibling !== reference) {
      list.insertBefore(drag.item, reference);
      renumber();
    }
  }

  function onPointerMove(event) {
    if (!drag) return;
    if (!drag.moved && Math.abs(event.clientY - drag.startY) < 5) return;
    if (!drag.moved) {
      drag.moved = true;
      drag.before = order.slice();
      drag.item.classList.add("asl-dragging");
      scroll.start();
    }
    event.preventDefault();
    drag.lastY = event.clientY;
    placeDragged(event.clientY);
    scroll.move(event.clientY);
  }

  function endDrag() {
    scroll.stop();
    window.removeEventListener("pointermove", onPointerMove);
    window.removeEventListener("pointerup", onPointerUp);
    window.removeEventListener("pointercancel", onPointerCancel);
  }

  function onPointerUp(event) {
    endDrag();
    if (!drag) return;
    const { label, moved } = drag;
    if (moved) {
      onPointerMove(event);
      const next = [...list.children].map((li) => li.dataset.label);
      drag = null;
      save(next);
      drawList(label);
      live.say(`Moved ${label} to ${where(label)}.`);
    } else {
      drag = null;
    }
  }

  function onPointerCancel() {
    endDrag();
    if (drag && drag.moved) order = drag.before;
    drag = null;
    drawList();
  }

  list.addEventListener("keydown", onKeyDown);
  list.addEventListener("focusout", onFocusOut);
  list.addEventListener("pointerdown", onPointerDown);

  // ---------------------------------------------------------------- model → view
  function syncFromModel() {
    if (held || drag) return; // the learner is mid-move; their drop will save
    // An item keeps its focus here; a button inside one is found again by aslKeepFocus.
    const focused = document.activeElement && list.contains(document.activeElement)
      && document.activeElement.classList.contains("asl-order-item") ? document.activeElement : null;
    order = model.get("order").slice();
    drawList(focused ? focused.dataset.label : undefined);
  }

  function onPhase() {
    root.classList.toggle("asl-locked", locked());
    bar.update();
    syncFromModel();
  }

  function drawMethod() {
    method.textContent = model.get("method_text");
  }

  const unlisten = aslListen(model, {
    ...aslTaskHandlers(model, { header, bar, feedback, live }),
    order: syncFromModel,
    marks: syncFromModel,
    phase: onPhase,
    method_text: drawMethod,
  });

  drawMethod();
  onPhase();

  return () => {
    unlisten();
    unmount();
    endDrag();
    live.dispose();
  };
}

export default { render };
