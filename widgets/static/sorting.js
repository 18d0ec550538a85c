// Sort-into-categories activity. Draws the cards in the unsorted pile and in each
// category, and reports moves with model.set("placements", ...). Scoring and
// feedback come from the kernel. Three ways to move a card:
// drag it (mouse, pen, or touch on the grip) onto a category;
// keyboard (Space picks up, arrow keys or number keys choose a category, Space
// drops, Escape cancels); or single clicks or taps (click the card, then the
// category), or the card's "Move to" menu.

const ASL_SORT_PILE = "Cards to sort";

function render({ model, el }) {
  const count = () => model.get("buckets").length;
  const help =
    "To sort a card: drag it onto a category; or click the card, then click the category; or use its Move to button. " +
    `With the keyboard: focus a card, press Space to pick it up, choose a category with the arrow keys or the number keys 1 to ${count()} ` +
    `(0 for ${ASL_SORT_PILE}), then press Space to drop it. Escape cancels.`;
  const header = aslHeader(model, help);
  const board = aslEl("div", { class: "asl-sort-board" });
  const bar = aslButtonBar(model);
  const feedback = aslFeedback(model);
  const live = aslLiveRegion();
  // What a drag is doing, in words on screen: where it will land, or that it missed.
  const dropNote = aslEl("p", { class: "asl-sort-drop-note", hidden: true });
  const root = aslEl("section", { class: "asl-task asl-sort", "aria-labelledby": header.titleId },
    [...header.nodes, board, dropNote, bar.node, feedback.node, live.node]);
  el.append(root);
  const unmount = aslMount(el, root, model, { live, fallback: feedback.node });
  const scroll = aslAutoScroll(root, () => { if (drag && drag.moved) followPointer(); });

  let placements = { ...model.get("placements") }; // local copy: differs from the model while a card is held
  let held = null; // picked-up card: { label, before, mode: "keyboard" | "click" }
  let drag = null; // pointer drag: { label, item, startX, startY, moved, over }
  let menuFor = null; // the card whose Move to menu is open
  let redrawing = false; // replacing the cards moves focus; that is not the learner leaving
  let suppressClick = false; // the click that ends a drag is not a selection

  const locked = () => model.get("phase") === "solution";
  const bucketIds = () => model.get("buckets").map((b) => b.id);
  const zoneName = (id) => {
    if (id === null || id === undefined) return ASL_SORT_PILE;
    const bucket = model.get("buckets").find((b) => b.id === id);
    return bucket ? bucket.label : id;
  };
  const quoted = (label) => `“${label}”`;
  const zoneKey = (id) => (id === null || id === undefined ? "" : id);
  const zoneFromKey = (key) => (key === "" ? null : key);

  function save() {
    model.set("placements", { ...placements });
    model.save_changes();
  }

  function cardFor(label) {
    return [...board.querySelectorAll(".asl-sort-card")].find((li) => li.dataset.label === label);
  }

  function moved(label, from) {
    const to = placements[label] ?? null;
    if (to === from) return `${quoted(label)} stays in ${zoneName(to)}.`;
    const left = Object.values(placements).filter((b) => b === null).length;
    const rest = left === 0 ? "Every card is sorted." : `${left} card${left === 1 ? "" : "s"} left to sort.`;
    return `Moved ${quoted(label)} to ${zoneName(to)}. ${rest}`;
  }

  // ---------------------------------------------------------------- drawing
  function drawCard(label, marks, isLocked) {
    const mark = marks[label];
    const state = mark ? mark.state : "none";
    const isHeld = held && held.label === label;
    const labelId = aslId("asl-sort-card");
    const li = aslEl("li", {
      class: `asl-sort-card asl-state-${state}${isHeld ? " asl-held" : ""}`,
      tabindex: isLocked ? "-1" : "0",
      "data-label": label,
      "aria-describedby": header.helpId,
    });
    li.append(
      aslEl("span", { class: "asl-sort-grip", "aria-hidden": "true", text: "⠿" }),
      aslEl("span", { class: "asl-sort-label", id: labelId, text: label }),
    );
    if (isHeld) li.append(aslEl("span", { class: "asl-badge", text: held.mode === "click" ? "Selected" : "Moving" }));
    if (mark) {
      const words = { ok: "✓ Right", wrong: "✗ Wrong category", unsorted: "✗ Not sorted yet" };
      li.append(aslEl("span", { class: "asl-mark", text: words[state] || "" }));
    }
    if (!isLocked) {
      const menuId = aslId("asl-sort-menu");
      const open = menuFor === label;
      li.append(aslEl("button", {
        type: "button", class: "asl-sort-menu-toggle", "aria-expanded": open ? "true" : "false",
        "aria-controls": open ? menuId : null, "aria-describedby": labelId,
        onclick: () => { cancelHeld(false); menuFor = open ? null : label; draw(open ? { toggle: label } : { menu: label }); },
      }, ["Move to", aslEl("span", { class: "asl-sort-arrow", "aria-hidden": "true", text: open ? " ▴" : " ▾" })]));
      if (open) {
        const here = placements[label] ?? null;
        const menu = aslEl("div", { class: "asl-sort-menu", id: menuId, role: "group", "aria-label": `Move ${quoted(label)} to` });
        for (const target of [...bucketIds(), null]) {
          if (target === here) continue;
          const name = target === null ? `Back to ${ASL_SORT_PILE.toLowerCase()}` : zoneName(target);
          menu.append(aslEl("button", {
            type: "button", class: "asl-sort-destination", "data-zone": zoneKey(target),
            "aria-label": `${name}: ${label}`, text: name,
            onclick: () => placeAndSay(label, target),
          }));
        }
        li.append(menu);
      }
    }
    if (mark && mark.why) li.append(aslEl("p", { class: "asl-why", text: mark.why }));
    if (mark && mark.fits && mark.fits.length) {
      const text = mark.fits.length === 1 ? `Belongs in: ${mark.fits[0]}` : `Fits in any of: ${mark.fits.join("; ")}`;
      li.append(aslEl("p", { class: "asl-sort-fits", text }));
    }
    return li;
  }

  function draw(focus) {
    const marks = model.get("marks") || {};
    const bucketMarks = model.get("bucket_marks") || {};
    const isLocked = locked();
    const zones = [{ id: null, label: ASL_SORT_PILE, description: "" }, ...model.get("buckets")];
    redrawing = true;
    const bucketGrid = aslEl("div", { class: "asl-sort-buckets" });
    board.replaceChildren();
    root.classList.toggle("asl-sort-choosing", Boolean(held));
    zones.forEach((zone, index) => {
      const cards = model.get("cards").filter((label) => (placements[label] ?? null) === zone.id);
      const headingId = aslId("asl-sort-zone");
      const isPile = zone.id === null;
      const isTarget = held && (placements[held.label] ?? null) === zone.id && held.mode === "keyboard";
      const section = aslEl("div", {
        role: "region",
        class: `asl-sort-zone ${isPile ? "asl-sort-pile" : "asl-sort-bucket"}${isTarget ? " asl-sort-target" : ""}`,
        "data-zone": zoneKey(zone.id),
        "aria-labelledby": headingId,
      });
      const head = aslEl("div", { class: "asl-sort-zone-head" });
      const title = aslEl("h4", { class: "asl-sort-zone-title", id: headingId });
      if (!isPile) title.append(aslEl("span", { class: "asl-sort-key", text: `${index}` }), " ");
      title.append(aslEl("span", { class: "asl-sort-zone-name", text: zone.label }));
      head.append(title, aslEl("span", { class: "asl-sort-count", text: `${cards.length} card${cards.length === 1 ? "" : "s"}` }));
      if (!isPile && bucketMarks[zone.id]) head.append(aslEl("span", { class: "asl-sort-bucket-mark", text: bucketMarks[zone.id] }));
      section.append(head);
      if (zone.description) section.append(aslEl("p", { class: "asl-sort-description", text: zone.description }));
      const list = aslEl("ul", { class: "asl-sort-cards", "aria-labelledby": headingId });
      for (const label of cards) list.append(drawCard(label, marks, isLocked));
      section.append(list);
      if (!cards.length) {
        const empty = isPile ? "All the cards are sorted." : (isLocked ? "No cards here." : "No cards yet.");
        section.append(aslEl("p", { class: "asl-sort-empty", text: empty }));
      }
      (isPile ? board : bucketGrid).append(section);
    });
    board.append(bucketGrid);
    if (focus) {
      const label = typeof focus === "string" ? focus : (focus.menu || focus.toggle);
      const card = cardFor(label);
      let target = card;
      if (card && focus.menu) target = card.querySelector(".asl-sort-destination");
      if (card && focus.toggle) target = card.querySelector(".asl-sort-menu-toggle");
      if (target) target.focus();
    }
    redrawing = false;
  }

  function placeAndSay(label, target) {
    showDropNote("");
    if (held && held.label !== label) cancelHeld(false); // only one card moves at a time
    const from = held ? held.before[label] ?? null : placements[label] ?? null;
    placements[label] = target;
    held = null;
    menuFor = null;
    save();
    draw(label);
    live.say(moved(label, from));
  }

  function cancelHeld(say) {
    if (!held) return;
    const { label, before } = held;
    placements = before;
    held = null;
    if (say) live.say(`Move cancelled. ${quoted(label)} is back in ${zoneName(placements[label] ?? null)}.`);
  }

  // ---------------------------------------------------------------- keyboard
  function onKeyDown(event) {
    if (event.key === "Escape" && menuFor && event.target.closest && event.target.closest(".asl-sort-menu")) {
      event.stopPropagation();
      event.preventDefault();
      const label = menuFor;
      menuFor = null;
      draw({ toggle: label });
      return;
    }
    const li = event.target.closest && event.target.closest(".asl-sort-card");
    if (!li || event.target !== li || locked()) return;
    const label = li.dataset.label;
    const digit = /^[0-9]$/.test(event.key);
    // Keys handled here must not reach JupyterLab: its command mode moves between
    // cells with the arrow keys, turns a cell into a heading with 1 to 6 and
    // leaves the output with Escape.
    if ([" ", "Enter", "ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"].includes(event.key) || digit || (event.key === "Escape" && held)) {
      event.stopPropagation();
    }
    const targets = [...bucketIds(), null];
    const keyboardHeld = held && held.label === label && held.mode === "keyboard";
    if (event.key === " " || event.key === "Enter") {
      event.preventDefault();
      if (keyboardHeld) {
        placeAndSay(label, placements[label] ?? null);
      } else {
        cancelHeld(false);
        menuFor = null;
        held = { label, before: { ...placements }, mode: "keyboard" };
        draw(label);
        live.say(`Picked up ${quoted(label)} from ${zoneName(placements[label] ?? null)}. ` +
          `Choose a category with the arrow keys or the number keys 1 to ${count()}, then press Space to drop it. Escape cancels.`);
      }
    } else if (keyboardHeld && ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"].includes(event.key)) {
      event.preventDefault();
      const step = event.key === "ArrowUp" || event.key === "ArrowLeft" ? -1 : 1;
      const index = targets.indexOf(placements[label] ?? null);
      placements[label] = targets[(index + step + targets.length) % targets.length];
      announceTarget(label);
    } else if (keyboardHeld && digit) {
      event.preventDefault();
      const number = Number(event.key);
      if (number > count()) {
        live.say(`There is no category ${number}. Choose 1 to ${count()}, or 0 for ${ASL_SORT_PILE}.`);
        return;
      }
      placements[label] = number === 0 ? null : bucketIds()[number - 1];
      announceTarget(label);
    } else if (!held && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
      event.preventDefault();
      const all = [...board.querySelectorAll(".asl-sort-card")];
      const next = all[all.indexOf(li) + (event.key === "ArrowUp" ? -1 : 1)];
      if (next) next.focus();
    } else if (event.key === "Escape" && held) {
      event.preventDefault();
      cancelHeld(true);
      draw(label);
    }
  }

  function announceTarget(label) {
    draw(label);
    const target = placements[label] ?? null;
    const where = target === null ? ASL_SORT_PILE : `${zoneName(target)}, category ${bucketIds().indexOf(target) + 1} of ${count()}`;
    live.say(`${quoted(label)}: ${where}. Press Space to drop it here.`);
  }

  function onFocusOut(event) {
    // Leaving the activity while holding a card by keyboard drops nothing: put it back.
    if (held && held.mode === "keyboard" && !redrawing && !root.contains(event.relatedTarget)) {
      cancelHeld(false);
      draw();
    }
  }

  // ---------------------------------------------------------------- clicks and taps
  function onClick(event) {
    if (suppressClick || locked()) return;
    if (event.target.closest("button, .asl-sort-menu")) return;
    const li = event.target.closest(".asl-sort-card");
    if (li && board.contains(li)) {
      const label = li.dataset.label;
      if (held && held.label === label) {
        cancelHeld(false);
        draw(label);
        live.say(`${quoted(label)} is no longer selected.`);
        return;
      }
      cancelHeld(false);
      menuFor = null;
      held = { label, before: { ...placements }, mode: "click" };
      draw(label);
      live.say(`Selected ${quoted(label)}. Now click the category to put it in.`);
      return;
    }
    const zone = event.target.closest(".asl-sort-zone");
    if (zone && held) placeAndSay(held.label, zoneFromKey(zone.dataset.zone));
  }

  // ---------------------------------------------------------------- pointer drag
  function zoneAt(x, y) {
    for (const zone of board.querySelectorAll(".asl-sort-zone")) {
      const box = zone.getBoundingClientRect();
      if (x >= box.left && x <= box.right && y >= box.top && y <= box.bottom) return zone;
    }
    return null;
  }

  function onPointerDown(event) {
    const li = event.target.closest && event.target.closest(".asl-sort-card");
    if (!li || locked() || event.button !== 0 || event.target.closest("button, .asl-sort-menu")) return;
    if (held && held.mode === "keyboard") return;
    // Touch drags start on the grip only, so the page still scrolls under a finger.
    if (event.pointerType === "touch" && !event.target.closest(".asl-sort-grip")) return;
    drag = { label: li.dataset.label, item: li, startX: event.clientX, startY: event.clientY, moved: false, over: null };
    window.addEventListener("pointermove", onPointerMove);
    window.addEventListener("pointerup", onPointerUp);
    window.addEventListener("pointercancel", onPointerCancel);
  }

  function showDropNote(text) {
    dropNote.textContent = text;
    dropNote.hidden = !text;
  }

  /** Move the dragged card with the pointer and mark the category it would land in (after a scroll too). */
  function followPointer() {
    const dx = drag.x - drag.startX;
    const dy = drag.y - drag.startY + (scroll.offset() - drag.scrollStart);
    drag.item.style.transform = `translate(${dx}px, ${dy}px)`;
    const over = zoneAt(drag.x, drag.y);
    if (over !== drag.over) {
      if (drag.over) drag.over.classList.remove("asl-sort-over");
      if (over) over.classList.add("asl-sort-over");
      drag.over = over;
      const name = over ? zoneName(zoneFromKey(over.dataset.zone)) : "";
      showDropNote(over ? `Let go to drop ${quoted(drag.label)} in ${name}.` : `Drag ${quoted(drag.label)} onto a category. Hold it near the top or bottom edge to scroll.`);
    }
  }

  function onPointerMove(event) {
    if (!drag) return;
    const dx = event.clientX - drag.startX;
    const dy = event.clientY - drag.startY;
    if (!drag.moved && Math.hypot(dx, dy) < 5) return;
    if (!drag.moved) {
      drag.moved = true;
      held = null;
      drag.item.classList.add("asl-dragging");
      scroll.start();
      drag.scrollStart = scroll.offset();
      drag.over = undefined; // forces the first note
    }
    event.preventDefault();
    drag.x = event.clientX;
    drag.y = event.clientY;
    followPointer();
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
    const { label, moved: wasDragged } = drag;
    if (!wasDragged) {
      drag = null;
      return;
    }
    onPointerMove(event);
    const over = drag.over;
    drag = null;
    suppressClick = true;
    setTimeout(() => { suppressClick = false; }, 0);
    if (over) {
      showDropNote("");
      placeAndSay(label, zoneFromKey(over.dataset.zone));
    } else {
      draw(label);
      const missed = `Missed: ${quoted(label)} was not dropped on a category, so it stays in ${zoneName(placements[label] ?? null)}. ` +
        "Drop it inside a category's box, or use its Move to button.";
      showDropNote(missed);
      live.say(missed);
    }
  }

  function onPointerCancel() {
    endDrag();
    drag = null;
    showDropNote("");
    draw();
  }

  root.addEventListener("keydown", onKeyDown);
  board.addEventListener("focusout", onFocusOut);
  board.addEventListener("click", onClick);
  board.addEventListener("pointerdown", onPointerDown);

  // ---------------------------------------------------------------- model → view
  function syncFromModel() {
    if (drag || (held && held.mode === "keyboard")) return; // mid-move; the drop will save
    // A card keeps its focus here; a button inside one is found again by aslKeepFocus.
    const focused = document.activeElement && board.contains(document.activeElement)
      && document.activeElement.classList.contains("asl-sort-card") ? document.activeElement : null;
    placements = { ...model.get("placements") };
    if (held && !(held.label in placements)) held = null;
    draw(focused ? focused.dataset.label : undefined);
  }

  function onPhase() {
    if (locked()) {
      held = null;
      menuFor = null;
    }
    root.classList.toggle("asl-locked", locked());
    bar.update();
    syncFromModel();
  }

  const unlisten = aslListen(model, {
    ...aslTaskHandlers(model, { header, bar, feedback, live }),
    placements: syncFromModel,
    cards: syncFromModel,
    buckets: syncFromModel,
    marks: syncFromModel,
    bucket_marks: syncFromModel,
    phase: onPhase,
  });

  onPhase();

  return () => {
    unlisten();
    unmount();
    endDrag();
    live.dispose();
  };
}

export default { render };
