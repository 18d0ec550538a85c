"""Tutor moderation in a real JupyterLab: a tutor re-marks a written answer by keyboard alone and both
marks are read on screen; a learner claims a missed point and sees the tutor's mark of their answer."""

from __future__ import annotations

import pytest

from harness import axe_violations, open_and_run_all, press, write_notebook

pytestmark = pytest.mark.browser

QUESTION = "proactive-follow-up-plan"
# Earns points 1 to 3 of the rubric (3 of 5), as in test_written_browser.py.
ANSWER = (
    "Meadow and Vine should phone Ellie three days after delivery to check she is happy with the sofa. "
    "This is good for Ellie because she feels valued. Do not send care tips."
)
REASON = "Phoning her is what she asked for, so point 4 is there."


def cell_sources(page) -> list[str]:
    return page.locator(".jp-Notebook .jp-Cell .jp-InputArea-editor").all_inner_texts()


def focused_class(page) -> str:
    return page.evaluate("() => document.activeElement ? document.activeElement.className : ''")


def test_a_tutor_moderates_a_mark_by_keyboard_and_reads_both_marks(page, lab):
    path = write_notebook(
        lab,
        "moderate.ipynb",
        'import os\nos.environ["AFTER_SALES_TUTOR"] = "1"  # as `AFTER_SALES_TUTOR=1 jupyter lab` would\n'
        f'from widgets import WrittenAnswer\nplan = WrittenAnswer.from_content("{QUESTION}")',
        "plan",
    )
    open_and_run_all(page, lab, path, ".asl-written", 1)
    widget = page.locator(".asl-written").first
    widget.scroll_into_view_if_needed()
    before = cell_sources(page)
    # Tutor mode opens with the model answer: Try again, then type the learner's answer and compare.
    press(page, widget.get_by_role("button", name="Try again"), "keyboard")
    widget.get_by_label("Your answer", exact=True).focus()
    page.keyboard.type(ANSWER)
    press(page, widget.get_by_role("button", name="Compare with the marking points"), "keyboard")
    widget.locator(".asl-feedback", has_text="Your answer earns 3 of 5 marks.").wait_for()

    summary = widget.locator(".asl-w-moderate summary", has_text="Moderate")
    summary.focus()
    page.keyboard.press("Enter")
    points = widget.locator(".asl-w-mod-point")
    assert points.count() == 5
    assert [points.nth(i).input_value() for i in range(5)] == ["1", "1", "1", "0", "0"], "starts at the rubric's marks"
    # Point 4 up by one with the arrow key, then Tab on to the reason, type it, Enter saves.
    points.nth(3).focus()
    page.keyboard.press("ArrowUp")
    assert points.nth(3).input_value() == "1"
    widget.locator(".asl-w-mod-total", has_text="Tutor's total: 4 of 5").wait_for()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert "asl-w-mod-reason" in focused_class(page), "Tab reaches the reason after the last point"
    page.keyboard.type(REASON)
    page.keyboard.press("Enter")

    both = f"Rubric mark 3 of 5; your tutor's mark 4 of 5: {REASON}"
    widget.locator(".asl-w-moderation", has_text=both).wait_for()
    widget.locator(".asl-w-mod-status", has_text="Tutor's mark saved.").wait_for()
    widget.locator(".asl-live", has_text=both).wait_for()  # said to screen readers
    assert "asl-w-mod-reason" in focused_class(page), "focus stays where the tutor pressed Enter"
    assert cell_sources(page) == before, "no key reached the notebook"
    assert (
        lab.kernel_eval(
            path,
            f'from widgets.progress import store as progress\nr = progress.reviews("{QUESTION}")[1][-1]\n'
            'print(r["rubric"]["total"], r["tutor"]["total"], r["tutor"]["points"], r["reason"][:7], plan.score)',
        )
        == "3 4 [1, 1, 1, 1, 0] Phoning 3"
    )
    # An empty reason is refused in words, and nothing is saved.
    reason = widget.locator(".asl-w-mod-reason")
    reason.focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.press("Enter")
    widget.locator(".asl-w-mod-status", has_text="Not saved: Give a one-line reason").wait_for()
    assert axe_violations(page, ".asl-written") == []


def test_a_learner_claims_a_missed_point_and_sees_the_tutors_mark_of_their_answer(page, lab):
    # The tutor's mark of this very answer is already in the learner's store (imported from the tutor's file).
    setup = (
        "from widgets import WrittenAnswer\nfrom widgets.tutor import moderation\nfrom widgets.progress import store as progress\n"
        f"text = {ANSWER!r}\n"
        f'progress.save_draft("{QUESTION}", {{"response": text, "claims": {{}}}}, kind="written")\n'
        "progress.record_moderation(\n"
        f'    "{QUESTION}",\n'
        "    moderation.moderate(answer_text=text, point_maxima=[1, 1, 1, 1, 1], rubric_points=[1, 1, 1, 0, 0],\n"
        '                        tutor_points=[1, 1, 1, 1, 0], reason="Phoning her counts for point 4."),\n'
        ")\n"
        f'plan = WrittenAnswer.from_content("{QUESTION}")'
    )
    path = write_notebook(lab, "claim.ipynb", setup, "plan")
    open_and_run_all(page, lab, path, ".asl-written", 1)
    widget = page.locator(".asl-written").first
    widget.scroll_into_view_if_needed()
    before = cell_sources(page)
    both = "Rubric mark 3 of 5; your tutor's mark 4 of 5: Phoning her counts for point 4."
    widget.locator(".asl-w-moderation", has_text=both).wait_for()
    assert widget.locator(".asl-w-moderate").is_hidden(), "a learner has no Moderate control"

    press(page, widget.get_by_role("button", name="Compare with the marking points"), "keyboard")
    widget.locator(".asl-feedback", has_text="Your answer earns 3 of 5 marks.").wait_for()
    assert both in widget.locator(".asl-feedback").inner_text(), "the result line gives both marks"
    missed = widget.locator(".asl-w-point[data-earned='false']").last
    claim = missed.locator("summary", has_text="I did cover this")
    claim.focus()
    page.keyboard.press("Enter")
    box = missed.get_by_label("Where in your answer, and why does it earn the point?")
    box.focus()
    page.keyboard.type("I said they phone her, which is how she likes to be contacted.")
    press(page, missed.get_by_role("button", name="Record my view"), "keyboard")
    missed.locator(".asl-w-claim-status", has_text="score stays the rubric's").wait_for()
    widget.locator(".asl-live", has_text="Your view is recorded beside the rubric's mark").wait_for()
    assert "asl-w-claim-save" in focused_class(page), "focus stays on Record my view"
    assert cell_sources(page) == before
    assert (
        lab.kernel_eval(
            path,
            f'c = progress.reviews("{QUESTION}")[0]\nprint(len(c), c[0]["point"], c[0]["reason"][:15], plan.score)',
        )
        == "1 4 I said they pho 3"
    )


def test_in_the_class_overview_a_tutor_accepts_a_claim_by_keyboard(page, lab):
    # A class folder made here, with the rubric's marks written out, so the test does not depend on the scorer.
    setup = (
        "import tempfile\nfrom pathlib import Path\n"
        "from widgets.tutor import moderation\nfrom widgets.progress import store as progress\nfrom widgets.tutor.moderation_board import ModerationBoard\n"
        'root = Path(tempfile.mkdtemp())\nstore, folder = root / "amira-store.json", root / "class"\nfolder.mkdir()\n'
        'text = "custmer servey by emial and a folow up call"\n'
        'progress.update_store(lambda d: {**d, "learner": "Amira"}, store)\n'
        'progress.record_attempt("mock-feedback-methods", 0, 2, store, response=text, kind="written", points=[0])\n'
        'claim = moderation.make_claim(point=0, reason="servey and folow up call are two ways", answer_text=text,\n'
        '                              point_text="Lists two methods", point_maxima=[2], rubric_points=[0])\n'
        'progress.record_claim("mock-feedback-methods", claim, store)\n'
        '(folder / "amira.json").write_bytes(progress.export_progress(store))\n'
        "board = ModerationBoard(folder)"
    )
    path = write_notebook(lab, "board.ipynb", setup, "board")
    open_and_run_all(page, lab, path, ".asl-moderation", 1)
    board = page.locator(".asl-moderation").first
    board.scroll_into_view_if_needed()
    before = cell_sources(page)
    card = board.locator("li.asl-m-claim").first
    assert "Amira, mock-feedback-methods: claims marking point 1" in card.inner_text()
    assert "The learner says: servey and folow up call are two ways" in card.inner_text()
    assert "Rubric mark 0 of 2" in card.inner_text()
    reason = card.get_by_label("Reason for your decision (one line)")
    reason.focus()
    page.keyboard.type("Both methods named, misspelt; meaning clear.")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Accept the claim"
    page.keyboard.press("Enter")
    saved = "Saved for Amira. Rubric mark 0 of 2; tutor's mark 2 of 2: Both methods named, misspelt; meaning clear."
    card.locator(".asl-m-status", has_text=saved).wait_for()
    card.locator(".asl-m-decided", has_text="was accepted").wait_for()
    board.locator(".asl-live", has_text=saved).wait_for()
    assert page.evaluate("() => document.activeElement.textContent") == "Accept the claim", "focus stays put"
    assert cell_sources(page) == before
    assert (
        lab.kernel_eval(
            path, 'import json\nprint(json.loads(board.moderation_file.read_text())["moderations"][0]["learner"])'
        )
        == "Amira"
    )
    assert axe_violations(page, ".asl-moderation") == []
