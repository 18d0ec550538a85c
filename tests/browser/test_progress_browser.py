"""Keeping work: the ordering task resumes in a new kernel; My progress downloads and restores the file."""

from __future__ import annotations

import json
import re

import pytest

from widgets.content import load_kind

from harness import open_and_run_all, press, write_notebook

pytestmark = pytest.mark.browser

TASK_ID = "customer-service-cycle"
SPEC = load_kind("ordering")[TASK_ID]
EXPECTED = [item.label for item in SPEC.items]


def shown_order(widget) -> list[str]:
    return widget.locator(".asl-order-label").all_inner_texts()


def come_back(page, lab, path: str, selector: str = ".asl-order", count: int = 1) -> None:
    """Shut the kernel down, then open the notebook again and run all cells: a new kernel that remembers nothing.

    (Kernel > Restart in this JupyterLab leaves a kernel that the server then fails to shut down
    at the end of the test, a jupyter_client fault; a new kernel is the same for the learner.)
    """
    # Save first: JupyterLab asks before leaving a notebook with unsaved changes.
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^File$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Save Notebook$")).click()
    page.locator(".jp-NotebookPanel .jp-mod-dirty").wait_for(state="detached")
    lab.shutdown_sessions()
    open_and_run_all(page, lab, path, selector, count)


def test_the_ordering_task_comes_back_in_a_new_kernel_and_start_again_clears_it(page, lab):
    path = write_notebook(
        lab, "resume-order.ipynb", f'from widgets import OrderTask\nOrderTask.from_content("{TASK_ID}")'
    )
    open_and_run_all(page, lab, path, ".asl-order", 1)
    widget = page.locator(".asl-order").first
    fresh = shown_order(widget)
    assert widget.locator(".asl-button-start_again").count() == 0
    # Move the first item down twice with its button, and never press Check.
    first = fresh[0]
    for _ in range(2):
        press(page, widget.get_by_role("button", name=f"Move down: {first}"))
    moved = fresh[1:3] + [first] + fresh[3:]
    widget.locator(".asl-order-item").nth(2).filter(has_text=first).wait_for()
    page.wait_for_timeout(2500)  # the draft is saved a moment after the last move

    come_back(page, lab, path)
    widget = page.locator(".asl-order").first
    widget.locator(".asl-button-start_again").wait_for()
    assert shown_order(widget) == moved
    assert "Your answer from last time is back" in widget.locator(".asl-feedback").inner_text()

    press(page, widget.locator(".asl-button-start_again"), "keyboard")
    widget.locator(".asl-button-start_again").wait_for(state="detached")
    assert shown_order(widget) == fresh
    # The button removed itself; the keyboard learner is left on Check, not thrown to the page.
    assert page.evaluate("document.activeElement.dataset.action") == "check"
    come_back(page, lab, path)
    assert shown_order(page.locator(".asl-order").first) == fresh  # still a clean attempt after the next restart


def test_download_my_progress_then_restore_it_on_a_fresh_server(page, lab, tmp_path):
    path = write_notebook(
        lab,
        "keep-progress.ipynb",
        f'from widgets import OrderTask\ntask = OrderTask.from_content("{TASK_ID}")\ntask',
        "from widgets.progress.widget import ProgressPanel\nProgressPanel()",
    )
    open_and_run_all(page, lab, path, ".asl-progress", 1)
    task = page.locator(".asl-order").first
    checked_order = shown_order(task)
    press(page, task.locator(".asl-button-check"))
    task.locator(".asl-feedback", has_text="Score").wait_for()

    panel = page.locator(".asl-progress").first
    panel.get_by_label("Your name").fill("Sam Okafor")
    panel.get_by_label("Your name").press("Tab")
    panel.locator(".asl-progress-status", has_text="Name saved: Sam Okafor.").wait_for()
    with page.expect_download() as download_info:
        press(page, panel.get_by_role("button", name="Download my progress"))
    download = download_info.value
    assert re.fullmatch(r"after-sales-progress-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    exported = json.loads(saved.read_text(encoding="utf-8"))
    assert exported["learner"] == "Sam Okafor"
    [attempt] = exported["activities"][TASK_ID]["attempts"]
    assert attempt["answer"] == {"order": checked_order}
    panel.locator(".asl-progress-status", has_text="Saved as").wait_for()

    # A new Binder session: the server's progress file is gone.
    lab.kernel_eval(
        path, "import os; from widgets.progress.store import progress_path; os.remove(progress_path()); print('gone')"
    )
    bad = tmp_path / "holiday-photo.json"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n")
    panel.get_by_label("Restore from a file").set_input_files(str(bad))
    panel.locator(".asl-progress-status", has_text="holiday-photo.json: Nothing was imported").wait_for()
    panel.get_by_label("Restore from a file").set_input_files(str(saved))
    panel.locator(".asl-progress-status", has_text="Imported: 1 attempt added").wait_for()
    assert panel.get_by_label("Your name").input_value() == "Sam Okafor"
    summary = lab.kernel_eval(
        path, f"from widgets.progress.store import load_progress; print(load_progress()['{TASK_ID}']['attempts'])"
    )
    assert summary == "1"


WRITTEN = (
    "I would phone the customer a week after delivery to check the sofa arrived undamaged, ask whether "
    "the fitting team were polite, and offer a free visit if anything needs adjusting, then note the call."
)
LATER = " Typed after Compare and never checked."
CHOSEN = "A garage texts customers a week after a service to ask whether the car is running well"


def test_a_choice_and_written_text_come_back_including_text_typed_after_compare(page, lab):
    path = write_notebook(
        lab,
        "resume-questions.ipynb",
        'from widgets import Question, WrittenAnswer\nQuestion.from_content("reactive-or-proactive-check")',
        'WrittenAnswer.from_content("proactive-follow-up-plan")',
    )
    open_and_run_all(page, lab, path, ".asl-question, .asl-written", 2)
    choice, written = page.locator(".asl-question").first, page.locator(".asl-written").first
    choice.get_by_label(CHOSEN).check()
    text = written.get_by_role("textbox", name="Your answer")
    text.fill(WRITTEN)
    press(page, written.locator(".asl-button-check"))
    written.locator(".asl-w-point").first.wait_for()
    text.press("End")
    page.keyboard.type(LATER)
    page.wait_for_timeout(2500)  # saved a moment after the last keystroke

    come_back(page, lab, path, ".asl-question, .asl-written", 2)
    choice, written = page.locator(".asl-question").first, page.locator(".asl-written").first
    assert choice.get_by_label(CHOSEN).is_checked()
    assert written.get_by_role("textbox", name="Your answer").input_value() == WRITTEN + LATER
    for question in (choice, written):
        question.locator(".asl-button-start_again").wait_for()


def test_tutor_mode_opens_the_activity_with_its_solution_and_a_learner_session_does_not(page, lab):
    path = write_notebook(
        lab,
        "tutor-mode.ipynb",
        'import os\nos.environ["AFTER_SALES_TUTOR"] = "1"  # as `AFTER_SALES_TUTOR=1 jupyter lab` would\n'
        f'from widgets import OrderTask\nOrderTask.from_content("{TASK_ID}")',
        f'del os.environ["AFTER_SALES_TUTOR"]\nOrderTask.from_content("{TASK_ID}")',
    )
    open_and_run_all(page, lab, path, ".asl-order", 2)
    tutor, learner = page.locator(".asl-order").nth(0), page.locator(".asl-order").nth(1)
    assert shown_order(tutor) == EXPECTED
    assert tutor.locator(".asl-feedback-text").inner_text().startswith("Tutor mode: Solution")
    assert shown_order(learner) != EXPECTED and learner.locator(".asl-feedback").is_hidden()


def test_sorted_cards_come_back_in_their_groups(page, lab):
    spec = load_kind("sorting")["before-during-after-sale"]
    path = write_notebook(
        lab, "resume-sort.ipynb", 'from widgets import SortTask\nSortTask.from_content("before-during-after-sale")'
    )
    open_and_run_all(page, lab, path, ".asl-sort", 1)
    widget = page.locator(".asl-sort").first
    label, bucket = spec.cards[0].label, spec.buckets[1]
    widget.locator(".asl-sort-card").filter(has=page.get_by_text(label, exact=True)).focus()
    page.keyboard.press("Space")
    page.keyboard.press("2")
    page.keyboard.press("Space")
    in_bucket = widget.locator(f".asl-sort-zone[data-zone='{bucket.id}'] .asl-sort-label")
    in_bucket.filter(has_text=label).wait_for()
    page.wait_for_timeout(2500)

    come_back(page, lab, path, ".asl-sort", 1)
    widget = page.locator(".asl-sort").first
    assert widget.locator(f".asl-sort-zone[data-zone='{bucket.id}'] .asl-sort-label").all_inner_texts() == [label]
    widget.locator(".asl-button-start_again").wait_for()
