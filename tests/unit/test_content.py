"""Content files: every way a tutor's edit can go wrong gives one clear message naming file, task and field."""

import os
import re
import subprocess
import sys
from pathlib import Path


from widgets import OrderTask, content, content_kind
from widgets.content import ContentNotice, check_all, load_kind
from widgets.cli import main as cli_main

from content_files import content_problems, write_content

GOOD = """
[[task]]
id = "mini-stages"
title = "Mini stages"
instructions = "Put them in order."
[[task.items]]
label = "First"
why = "First comes first because it starts things."
[[task.items]]
label = "Second"
why = "Second follows first."
"""


def write(folder: Path, text: str | bytes, name: str = "tasks.toml") -> Path:
    return write_content(folder, text, name, kind="ordering")


def problems_for(tmp_path: Path, text: str | bytes) -> list[str]:
    return content_problems(tmp_path, text, kind="ordering")


def test_the_shipped_content_is_valid():
    problems, files, tasks = check_all()
    assert problems == []
    assert files >= 1 and tasks >= 3


def test_shipped_ordering_tasks_include_the_three_the_lessons_need():
    tasks = load_kind("ordering")
    assert {"after-sales-stages", "last-complaint-steps", "heat-complaint-steps"} <= set(tasks)
    steps = {
        "last-complaint-steps": ["listen", "apologise", "solve", "thank"],
        "heat-complaint-steps": ["hear", "empathise", "apologise", "take"],
    }
    for task_id, names in steps.items():
        items = tasks[task_id].items
        # The explanation names the step, in the model's order...
        assert [item.why.split()[0].strip(":,.").lower() for item in items] == names
        # ...but the card the learner orders must not: a label starting "Hear:" gives the acronym away.
        assert not any(item.label.split()[0].strip(":,.").lower() in names for item in items), task_id


def test_a_good_file_loads(tmp_path):
    write(tmp_path, GOOD)
    spec = load_kind("ordering", tmp_path)["mini-stages"]
    assert [i.label for i in spec.items] == ["First", "Second"]
    assert spec.scoring == "longest_subsequence" and spec.buttons == ("check", "try_again", "solution")


def test_missing_field_names_file_task_and_field(tmp_path):
    [message] = problems_for(tmp_path, GOOD.replace('title = "Mini stages"\n', ""))
    assert "tasks.toml" in message and "task 'mini-stages'" in message and "field 'title'" in message
    assert "missing" in message


def test_wrong_type_says_what_was_expected(tmp_path):
    [message] = problems_for(tmp_path, GOOD.replace('title = "Mini stages"', "title = 42"))
    assert "field 'title'" in message and "should be text" in message and "42" in message


def test_duplicate_id_across_files_is_reported(tmp_path):
    write(tmp_path, GOOD, "a.toml")
    [message] = problems_for(tmp_path, GOOD)  # writes tasks.toml with the same id
    assert (
        "task 'mini-stages'" in message
        and "field 'id'" in message
        and "already used" in message
        and "a.toml" in message
    )


def test_fewer_than_two_items(tmp_path):
    one_item = GOOD.split('[[task.items]]\nlabel = "Second"')[0]
    [message] = problems_for(tmp_path, one_item)
    assert "field 'items'" in message and "at least 2" in message


def test_duplicate_items_even_with_different_spacing_or_case(tmp_path):
    [message] = problems_for(tmp_path, GOOD.replace('label = "Second"', 'label = "  first "'))
    assert "field 'items[2].label'" in message and "same as entry 1" in message


def test_unknown_scoring_method(tmp_path):
    [message] = problems_for(
        tmp_path, GOOD.replace('instructions = "Put them in order."', 'instructions = "x"\nscoring = "positional"')
    )
    assert "field 'scoring'" in message and "'positional' is not one of" in message and "longest_subsequence" in message


def test_unknown_button_and_misspelt_field(tmp_path):
    text = GOOD.replace(
        'instructions = "Put them in order."', 'instructions = "x"\nbuttons = ["check", "hint"]\ntitel = "x"'
    )
    messages = problems_for(tmp_path, text)
    assert any("field 'buttons[2]'" in m and "'hint'" in m for m in messages)
    assert any("field 'titel'" in m and "did you mean 'title'" in m for m in messages)


def test_bad_encoding(tmp_path):
    [message] = problems_for(tmp_path, GOOD.replace("Mini", "Caf\u00e9").encode("cp1252"))
    assert "tasks.toml" in message and "not UTF-8" in message


def test_empty_file(tmp_path):
    [message] = problems_for(tmp_path, "  \n")
    assert "tasks.toml" in message and "empty" in message


def test_toml_syntax_error_gives_the_line(tmp_path):
    [message] = problems_for(tmp_path, GOOD.replace('title = "Mini stages"', 'title = "Mini stages'))
    assert "not valid TOML" in message and "line" in message


def test_one_message_per_problem(tmp_path):
    text = GOOD.replace('title = "Mini stages"\n', "").replace('why = "Second follows first."', "why = 3")
    messages = problems_for(tmp_path, text)
    assert len(messages) == 2
    assert any("field 'title'" in m for m in messages) and any("field 'items[2].why'" in m for m in messages)


def test_from_content_shows_a_notice_not_a_traceback(tmp_path, monkeypatch):
    write(tmp_path, GOOD.replace('title = "Mini stages"', "title = 42"))
    monkeypatch.setenv("AFTER_SALES_DATA_DIR", str(tmp_path))
    notice = OrderTask.from_content("mini-stages")
    assert isinstance(notice, ContentNotice)
    assert "field 'title'" in repr(notice)
    assert notice.score is None and notice.order == ()


def test_a_broken_task_does_not_stop_its_neighbours_loading(tmp_path, monkeypatch):
    broken = GOOD.replace("mini-stages", "other").replace('title = "Mini stages"', "title = 42")
    write(tmp_path, GOOD + broken)
    monkeypatch.setenv("AFTER_SALES_DATA_DIR", str(tmp_path))
    assert isinstance(OrderTask.from_content("mini-stages"), OrderTask)
    assert isinstance(OrderTask.from_content("other"), ContentNotice)


def test_notice_html_escapes_content(tmp_path, monkeypatch):
    write(tmp_path, GOOD.replace('title = "Mini stages"', "title = 42").replace("mini-stages", "x-y"))
    monkeypatch.setenv("AFTER_SALES_DATA_DIR", str(tmp_path))
    notice = OrderTask.from_content("<script>alert(1)</script>")
    assert "<script>" not in notice._repr_html_()
    assert "no task with id" in repr(notice)


def test_unknown_id_suggests_the_closest(monkeypatch):
    notice = OrderTask.from_content("after-sales-stage")
    assert "did you mean 'after-sales-stages'" in repr(notice)


def test_check_content_command_summarises_good_content(capsys):
    assert cli_main(["check"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("All content is valid")


def test_check_content_command_lists_each_problem_and_fails(tmp_path):
    write(tmp_path, GOOD.replace('title = "Mini stages"\n', "").replace('why = "Second follows first."', "why = 3"))
    run = subprocess.run([sys.executable, "-m", "widgets", "check", str(tmp_path)], capture_output=True, text=True)
    assert run.returncode == 1
    lines = run.stdout.strip().splitlines()
    assert len(lines) == 2 and all("task 'mini-stages'" in line for line in lines)


def test_toml_syntax_errors_are_explained_in_plain_words(tmp_path):
    [message] = problems_for(tmp_path, GOOD.replace('title = "Mini stages"', 'title = "Mini stages'))
    assert "missing its closing quote mark" in message and "'title = \"Mini stages'" in message
    [message] = problems_for(tmp_path, GOOD.replace('title = "Mini stages"', "title = “Mini stages”"))
    assert "straight double quotes" in message and "on line" in message
    [message] = problems_for(tmp_path, GOOD.replace('title = "Mini stages"', 'title "Mini stages"'))
    assert "needs an equals sign" in message


# --------------------------------------------------------------------------- read once per kernel


def bump_mtime(path: Path, seconds: int = 5) -> None:
    """Move the file's modification time on, as a save a few seconds later does (same size or not)."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + seconds * 1_000_000_000))


def test_a_folder_is_read_once_until_a_file_changes(tmp_path, monkeypatch):
    path = write(tmp_path, GOOD)
    read = []
    real = content_kind.read_toml
    monkeypatch.setattr(content_kind, "read_toml", lambda *args: read.append(args) or real(*args))
    first = load_kind("ordering", tmp_path)["mini-stages"]
    assert load_kind("ordering", tmp_path)["mini-stages"] is first and len(read) == 1
    # A tutor's edit of the same length is still picked up, without restarting the kernel.
    path.write_text(GOOD.replace("Mini stages", "Mini steps"), encoding="utf-8")
    bump_mtime(path)
    assert load_kind("ordering", tmp_path)["mini-stages"].title == "Mini steps" and len(read) == 2


def test_a_damaged_file_is_reported_on_every_load_and_its_repair_is_seen(tmp_path, monkeypatch):
    path = write(tmp_path, GOOD.replace('title = "Mini stages"', "title = 42"))
    monkeypatch.setenv("AFTER_SALES_DATA_DIR", str(tmp_path))
    for _ in range(2):  # the second load comes from the cache and must say the same
        notice = OrderTask.from_content("mini-stages")
        assert isinstance(notice, ContentNotice) and "field 'title'" in repr(notice)
    path.write_text(GOOD, encoding="utf-8")
    bump_mtime(path)
    assert isinstance(OrderTask.from_content("mini-stages"), OrderTask)


def test_a_new_file_and_a_removed_file_are_seen(tmp_path):
    write(tmp_path, GOOD)
    assert set(load_kind("ordering", tmp_path)) == {"mini-stages"}
    extra = write(tmp_path, GOOD.replace("mini-stages", "more-stages"), name="more.toml")
    assert set(load_kind("ordering", tmp_path)) == {"mini-stages", "more-stages"}
    extra.unlink()
    assert set(load_kind("ordering", tmp_path)) == {"mini-stages"}


def test_a_caller_changing_what_it_got_does_not_change_the_next_load(tmp_path):
    path = write(tmp_path, GOOD.replace('title = "Mini stages"', "title = 42"))
    kind = content.KINDS["ordering"]
    first = content.load_files(kind, [path])
    first.problems.clear()
    first.tasks["x"] = None
    again = content.load_files(kind, [path])
    assert again.problems and "x" not in again.tasks


def run_fresh(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


def test_import_widgets_loads_no_activity_yet_and_the_checks_still_see_every_kind():
    loaded, kinds, expected = run_fresh(
        "import sys, widgets\n"
        "print(sorted(m for m in sys.modules if m.startswith('widgets.')))\n"
        "from widgets.content import KINDS, KIND_FOLDERS\n"
        "print(sorted(KINDS)); print(sorted(KIND_FOLDERS))"
    )
    assert loaded == "[]"
    assert kinds == expected and "'scenarios'" in kinds and "'policies'" in kinds


def test_each_activity_is_built_from_the_kind_the_registry_finds_by_its_folder():
    import widgets
    from widgets._base import TaskWidget

    for name in widgets.__all__:
        value = getattr(widgets, name)
        if isinstance(value, type) and issubclass(value, TaskWidget):
            assert content.KINDS[value._content.folder] is value._content, name
    for folder, kind in content.KINDS.items():
        assert kind.folder == folder and content.load_kind_module(folder) is kind


def test_a_lesson_loads_only_the_activity_it_uses_and_scenarios_still_check_their_policy_clauses(tmp_path):
    [loaded] = run_fresh(
        "import sys\nfrom widgets import OrderTask\nOrderTask.from_content('after-sales-stages')\n"
        "print(sorted(m for m in sys.modules if m.startswith('widgets.')))"
    )
    assert (
        "widgets.activities.ordering" in loaded
        and "widgets.activities.questions" not in loaded
        and "widgets.activities.scenario" not in loaded
    )
    scenarios = Path(__file__).resolve().parents[2] / "data" / "scenarios"
    text = next(scenarios.glob("*.toml")).read_text(encoding="utf-8")
    ref = re.search(r'"([a-z0-9-]+/[a-z0-9]+)"', text).group(1)
    write_content(tmp_path, text.replace(ref, ref.split("/")[0] + "/zz9"), kind="scenarios")
    [said] = run_fresh(
        f"from widgets.activities.scenario_content import load_scenarios\nfrom pathlib import Path\n"
        f"try:\n    load_scenarios(Path({str(tmp_path)!r}))\nexcept Exception as error:\n    print(repr(str(error)))"
    )
    assert "does not name a clause" in said
