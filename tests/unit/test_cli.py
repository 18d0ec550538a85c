"""The tutor's command line (``after-sales``, widgets/cli.py): each subcommand through its entry point.

Every test calls ``widgets.cli.main([...])`` with its outputs in ``tmp_path`` and reads what a
tutor would read: the results on stdout, progress and errors on stderr, the exit status.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from widgets import cli
from widgets.tutor.class_report import DEMO_NAMES, write_demo_class
from widgets.export.check import read_moodle, validate

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = ("check", "worksheets", "moodle", "rolecards", "class-report", "moderation", "lab", "app")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def one_sentence(err: str) -> str:
    """The whole of stderr, which must be one line with no traceback."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# --------------------------------------------------------------------------- --help


def test_help_lists_every_command_in_plain_words(capsys):
    status, out, _ = run(capsys, "--help")
    assert status == 0
    for name in COMMANDS:
        assert re.search(rf"^\s+{name}\b", out, re.MULTILINE), f"{name} is not listed:\n{out}"
    assert "check the content files after editing them" in out
    assert "--debug" in out


@pytest.mark.parametrize(
    ("command", "says"),
    [
        ("check", "one line per problem, naming the file, the activity id and the field"),
        ("worksheets", "a worksheet for learners and an answer sheet for tutors for each lesson"),
        ("moodle", "Question bank > Import > Moodle XML format"),
        ("rolecards", "a customer card, an adviser card with the policy clauses"),
        ("class-report", "the most common first-attempt mistakes with the explanation to discuss"),
        ("moderation", "marking-corpus cases (moderated-answers.toml and moderated-marks.toml"),
        ("lab", "Start JupyterLab at the start page"),
        ("app", "no code cells or notebook menus"),
    ],
)
def test_each_command_says_what_it_does(capsys, command, says):
    status, out, _ = run(capsys, command, "--help")
    assert status == 0
    assert out.startswith(f"usage: after-sales {command}")
    assert says in " ".join(out.split())


def test_no_command_shows_the_help_and_counts_as_bad_input(capsys):
    status, out, _ = run(capsys)
    assert status == 2 and "commands:" in out


def test_python_dash_m_widgets_is_the_same_command():
    done = subprocess.run([sys.executable, "-m", "widgets", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and done.stdout.startswith("usage: python -m widgets")
    assert "rolecards" in done.stdout


# --------------------------------------------------------------------------- bad input: exit 2, one sentence


@pytest.mark.parametrize(
    ("argv", "sentence"),
    [
        (["nope"], "invalid choice: 'nope'"),
        (["worksheets", "--lesson", "five"], "'five' is not a lesson number"),
        (["worksheets", "--colour", "red"], "unrecognized arguments: --colour (see after-sales worksheets --help)"),
        (["check", "{tmp}/not-there"], "There is no content folder at {tmp}/not-there"),
        (["moodle", "{tmp}/bank.xml", "--lesson", "42"], "No lesson notebook numbered 42 with activities in"),
        (
            ["worksheets", "{tmp}/out", "--lessons", "{tmp}/no-lessons"],
            "There is no lessons folder at {tmp}/no-lessons",
        ),
        (["rolecards", "{tmp}/a", "{tmp}/b"], "unrecognized arguments: {tmp}/b"),
        (["class-report"], "Give the folder of learners' progress files (or --demo to see a made-up class)"),
        (["class-report", "{tmp}/class"], "There is no folder at {tmp}/class"),
        (["moderation", "{tmp}/moderations.json"], "the following arguments are required: --out"),
    ],
)
def test_bad_input_is_one_sentence_and_exit_status_2(capsys, tmp_path, argv, sentence):
    status, out, err = run(capsys, *(a.format(tmp=tmp_path) for a in argv))
    assert status == 2
    assert sentence.format(tmp=tmp_path) in one_sentence(err)
    assert out == ""
    assert not (tmp_path / "bank.xml").exists() and not (tmp_path / "out").exists()


def test_an_installed_copy_without_content_says_where_to_point_it(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("AFTER_SALES_DATA_DIR", str(tmp_path / "no-data"))
    for command in ("check", "worksheets", "rolecards"):
        status, _, err = run(
            capsys, command, str(tmp_path / "out") if command != "check" else str(tmp_path / "no-data")
        )
        assert status == 2
        assert "set AFTER_SALES_DATA_DIR" in one_sentence(err), command
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- failures: exit 1, one sentence


def test_a_folder_that_cannot_be_written_is_one_sentence_and_exit_status_1(capsys, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    status, _, err = run(capsys, "rolecards", str(blocker / "cards"))
    assert status == 1
    assert one_sentence(err).startswith(f"Could not use {blocker / 'cards'}:")


def test_an_unexpected_error_is_one_sentence_pointing_to_debug(capsys, monkeypatch):
    def broken(folder):
        raise RuntimeError("the content loader fell over")

    monkeypatch.setattr(cli, "check_all", broken)
    status, _, err = run(capsys, "check")
    assert status == 1
    line = one_sentence(err)
    assert "the content loader fell over" in line and line.endswith("run with --debug for details.")
    for argv in (["--debug", "check"], ["check", "--debug"]):
        with pytest.raises(RuntimeError, match="fell over"):
            cli.main(argv)


def test_broken_scenarios_write_no_role_cards_and_point_to_the_check(capsys, tmp_path, monkeypatch):
    data = tmp_path / "data"
    (data / "scenarios").mkdir(parents=True)
    (data / "scenarios" / "mine.toml").write_text('[[scenario]]\nid = "mine"\ntitle = "Unfinished\n', encoding="utf-8")
    monkeypatch.setenv("AFTER_SALES_DATA_DIR", str(data))
    status, _, err = run(capsys, "rolecards", str(tmp_path / "cards"))
    assert status == 1
    assert one_sentence(err) == (
        "The scenario files have 1 problem, so no role cards were written: run after-sales check to see them."
    )
    assert not (tmp_path / "cards").exists()


# --------------------------------------------------------------------------- each command's work


def test_check_says_all_is_valid_in_one_line(capsys):
    status, out, err = run(capsys, "check")
    assert status == 0 and err == ""
    [line] = out.strip().splitlines()
    assert re.fullmatch(r"All content is valid: \d+ activities in \d+ files \(.*scenarios.*\)\.", line)


def test_check_lists_each_problem_and_fails(capsys, tmp_path):
    (tmp_path / "ordering").mkdir()
    (tmp_path / "ordering" / "mine.toml").write_text(
        '[[task]]\nid = "mine"\ntitle = "Mine"\n[[task.items]]\nlabel = "Only one"\nwhy = 3\n', encoding="utf-8"
    )
    status, out, err = run(capsys, "check", str(tmp_path))
    assert status == 1
    assert out and all("mine.toml" in line for line in out.strip().splitlines())
    assert one_sentence(err).endswith(f"found in {tmp_path}.")


def test_worksheets_for_every_lesson_show_progress_and_write_an_index(capsys, tmp_path):
    status, out, err = run(capsys, "worksheets", str(tmp_path / "sheets"))
    assert status == 0
    lessons = sorted(p.name[:2] for p in (ROOT / "lessons").glob("[0-9][0-9]-*.ipynb"))
    progress = err.strip().splitlines()
    assert progress == [f"worksheets: lesson {n} ({i} of {len(lessons)})" for i, n in enumerate(lessons, start=1)]
    pages = sorted(p.name for p in (tmp_path / "sheets").iterdir())
    assert "05-drawing-the-after-sales-process-worksheet.html" in pages and "index.html" in pages
    assert f"Wrote {len(pages)} pages for" in out and "(open index.html)." in out


def test_moodle_writes_a_checked_question_bank(capsys, tmp_path):
    target = tmp_path / "bank" / "after-sales.xml"
    status, out, err = run(capsys, "moodle", str(target), "--lesson", "5")
    assert status == 0
    assert err.strip().splitlines() == ["moodle: lesson 05 (1 of 1)"]
    text = target.read_text(encoding="utf-8")
    assert validate(text) == [] and {q["lesson"] for q in read_moodle(text)} == {"05"}
    assert re.search(r"Wrote \d+ questions from 1 lesson to ", out)


def test_rolecards_write_a_page_per_scenario(capsys, tmp_path):
    status, out, _ = run(capsys, "rolecards", str(tmp_path / "cards"))
    assert status == 0
    scenarios = sorted(p.stem for p in (tmp_path / "cards").glob("*.html") if p.name != "index.html")
    assert "faulty-kettle-within-30-days" in scenarios
    assert out.strip() == (
        f"Wrote role cards for {len(scenarios)} scenarios to {tmp_path / 'cards'} (open index.html and print)."
    )


def test_python_dash_m_widgets_runs_a_subcommand(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "widgets", "rolecards", str(tmp_path / "cards")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0 and "Wrote role cards for" in done.stdout
    done = subprocess.run(
        [sys.executable, "-m", "widgets", "moodle", str(tmp_path / "x.xml"), "--lesson", "nine"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 2 and "'nine' is not a lesson number" in done.stderr and "Traceback" not in done.stderr


def test_class_report_on_a_demo_class_hides_names_and_shows_each_section(capsys, tmp_path):
    status, out, err = run(capsys, "class-report", "--demo", "--out", str(tmp_path / "report.txt"))
    assert status == 0
    assert out.strip() == f"Wrote the class overview of 10 learners to {tmp_path / 'report.txt'}."
    assert err.strip().splitlines()[-1] == "class-report: file 12 of 12"
    report = (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert report.startswith("Class overview: 10 learners\n")
    assert "- Skipped file 12: it ends too early, as if cut short." in report
    completion = report.split("Completion (best scores in %):\n")[1].split("\n\n")[0].splitlines()
    assert completion[0].split() == ["activity", "attempted", "full", "marks", "saw", "solution", "median", "range"]
    assert any(line.startswith("customer-service-cycle ") and " of 10 " in line for line in completion)
    assert "customer-service-cycle (ordering)" in report and "      Discuss: " in report
    assert "Learner 10" in report and not any(name in report for name in DEMO_NAMES)
    assert all(len(line) <= 100 for line in report.splitlines() if "Discuss" in line or " x " in line)


def test_class_report_names_learners_only_when_asked_and_prints_their_names_as_text(capsys, tmp_path):
    folder = write_demo_class(tmp_path / "class")
    exported = folder / "amira-progress.json"
    document = json.loads(exported.read_text(encoding="utf-8"))
    exported.write_text(json.dumps({**document, "learner": "Amira\x1b[2J"}), encoding="utf-8")
    status, out, _ = run(capsys, "class-report", str(folder), "--names")
    assert status == 0
    assert "Amira?[2J" in out and "\x1b" not in out and "Ben" in out and "sent-by-mistake.json" in out


def test_class_report_over_many_files_prints_a_line_per_tenth(capsys, tmp_path):
    folder = write_demo_class(tmp_path / "class")
    first = sorted(folder.glob("*-progress.json"))[0]
    document = json.loads(first.read_text(encoding="utf-8"))
    for n in range(30):
        (folder / f"extra-{n:02d}.json").write_text(json.dumps({**document, "learner": f"Extra {n}"}), encoding="utf-8")
    status, out, err = run(capsys, "class-report", str(folder))
    assert status == 0 and out.startswith("Class overview: 40 learners")
    assert err.strip().splitlines() == [
        f"class-report: file {n} of 42" for n in (4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 42)
    ]


def test_class_report_on_a_folder_of_no_progress_files_lists_them_and_fails(capsys, tmp_path):
    (tmp_path / "notes.txt").write_text("not progress", encoding="utf-8")
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    status, out, err = run(capsys, "class-report", str(tmp_path))
    assert status == 2 and out == ""
    lines = [line for line in err.splitlines() if not line.startswith("class-report: file")]
    assert lines[0].startswith("- Skipped file 1:") and lines[1] == "- Skipped file 2: not a .json progress file."
    assert lines[-1] == f"No learner's progress could be read from {tmp_path}." and "Traceback" not in err


# --------------------------------------------------------------------------- lab and app (the launcher mocked)


@pytest.fixture
def launched(monkeypatch):
    """Stands in for the Jupyter server: records what would have been run, and exits with 0."""
    calls = []

    def fake_launch(command, env, cwd):
        calls.append({"command": command, "env": env, "cwd": cwd})
        return 0

    monkeypatch.setattr(cli, "launch", fake_launch)
    return calls


def test_lab_starts_jupyterlab_at_the_start_page_with_the_packs_settings(capsys, launched, monkeypatch):
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", "/somewhere/else")
    monkeypatch.delenv("JUPYTER_PATH", raising=False)
    status, _, _ = run(capsys, "lab", "--port", "9123")
    assert status == 0
    [call] = launched
    command = [part for part in call["command"] if part != "--allow-root"]
    assert command == [sys.executable, "-m", "jupyterlab", "--port=9123", "lessons/00-start-here.ipynb"]
    assert call["cwd"] == ROOT
    config = str(ROOT / "jupyter-config")
    assert call["env"]["JUPYTER_CONFIG_PATH"].split(os.pathsep) == [config, "/somewhere/else"]
    assert call["env"]["JUPYTER_PATH"] == config
    assert "AFTER_SALES_TUTOR" not in call["env"] and "AFTER_SALES_FEEDBACK_FILE" not in call["env"]


def test_app_starts_voila_on_a_server_that_also_serves_jupyterlab(capsys, launched):
    status, _, _ = run(capsys, "app", "--tutor")
    assert status == 0
    [call] = launched
    assert call["command"][:4] == [sys.executable, "-m", "jupyter_server", "--port=8888"]
    assert "--ServerApp.default_url=/voila/render/lessons/00-start-here.ipynb" in call["command"]
    assert "--MappingKernelManager.cull_idle_timeout=600" in call["command"]
    assert call["env"]["AFTER_SALES_TUTOR"] == "1" and call["cwd"] == ROOT


def test_lab_passes_a_tutors_feedback_file_by_its_full_path(capsys, launched, tmp_path, monkeypatch):
    (tmp_path / "ours.csv").write_text("date,channel\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    status, _, _ = run(capsys, "lab", "--feedback-file", "ours.csv")
    assert status == 0
    assert launched[0]["env"]["AFTER_SALES_FEEDBACK_FILE"] == str(tmp_path / "ours.csv")
    status, _, err = run(capsys, "lab", "--feedback-file", "theirs.csv")
    assert status == 2 and one_sentence(err).startswith(f"There is no file at {tmp_path / 'theirs.csv'}")
    assert len(launched) == 1


def test_lab_without_jupyterlab_or_lessons_says_what_to_do_and_starts_nothing(capsys, launched, tmp_path, monkeypatch):
    (tmp_path / "lessons").mkdir()
    status, _, err = run(capsys, "app", "--lessons", str(tmp_path / "lessons"))
    assert status == 2 and "There is no 00-start-here.ipynb in" in one_sentence(err)
    real_find_spec = cli.importlib.util.find_spec
    monkeypatch.setattr(
        cli.importlib.util, "find_spec", lambda name: None if name == "jupyterlab" else real_find_spec(name)
    )
    status, _, err = run(capsys, "lab")
    assert status == 1
    assert one_sentence(err).startswith("JupyterLab is not installed for this Python: install it with python -m pip")
    assert launched == []


def test_the_launcher_runs_in_the_folder_given_and_returns_the_servers_exit_status(tmp_path):
    # A stand-in for the server: exits 3 when it runs in the folder it was given, 1 elsewhere.
    stand_in = "import os, sys; sys.exit(3 if os.path.samefile(os.getcwd(), sys.argv[1]) else 1)"
    assert cli.launch([sys.executable, "-c", stand_in, str(tmp_path)], dict(os.environ), tmp_path) == 3


# --------------------------------------------------------------------------- moderation


def test_moderation_from_a_demo_class_adds_corpus_cases_once(capsys, tmp_path):
    folder = write_demo_class(tmp_path / "class")
    files = [str(p) for p in sorted(folder.glob("*-progress.json"))]
    corpus = tmp_path / "corpus"
    status, out, _ = run(capsys, "moderation", *files, "--out", str(corpus))
    # The demo class has written answers but no tutor's moderations yet: nothing to add, and that is no failure.
    assert status == 0 and out.strip().splitlines()[-1] == "No new corpus cases."
    assert not (corpus / "moderated-answers.toml").exists()
    (corpus / "moderated-answers.toml").write_text('[[answer]]\nid = "x"\ntext = "unfinished\n', encoding="utf-8")
    status, _, err = run(capsys, "moderation", *files, "--out", str(corpus))
    assert status == 1
    assert one_sentence(err).startswith(f"Nothing written: {corpus} holds a corpus file that is not valid TOML")


def test_moderation_of_a_missing_file_names_it_and_fails(capsys, tmp_path):
    status, out, _ = run(capsys, "moderation", str(tmp_path / "none.json"), "--out", str(tmp_path / "corpus"))
    assert status == 1
    assert out.strip().splitlines() == ["Skipped none.json: it is not an ordinary file.", "No new corpus cases."]
