"""Lessons 07-09 load their feedback with one line; a tutor picks their own file with AFTER_SALES_FEEDBACK_FILE.

Before, a tutor had to edit ``FEEDBACK_FILE = None`` in a code cell of each lesson (coverage
audit 2026-12, item 6). The environment variable is set once, before JupyterLab starts.
"""

import csv

import pytest

from widgets import feedback as fd

VARIABLE = "AFTER_SALES_FEEDBACK_FILE"


def write_export(path, rows: int) -> None:
    """A small valid export with the data dictionary's headings."""
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(fd.COLUMNS)
        for n in range(1, rows + 1):
            writer.writerow(
                [f"R-{n}", f"C-{n}", f"2025-06-{n:02d}", "email", "cooking", "repair", "4", "9", "6"]
                + ["True", "", "False", "True", "Fine"]
            )


def test_without_the_variable_a_lesson_analyses_harbours_log(capsys):
    frame = fd.load_lesson_feedback()
    out = capsys.readouterr().out.splitlines()
    assert fd.feedback_file() is None
    assert out == ["Harbour's feedback log (data/feedback/feedback.csv).", "Read 600 rows; 600 usable."]
    assert len(frame) == 600


@pytest.mark.parametrize("written", ["{path}", '"{path}"', "  {path}  "])
def test_the_variable_names_the_tutors_file_even_with_pasted_quotes(tmp_path, monkeypatch, capsys, written):
    export = tmp_path / "our feedback.csv"
    write_export(export, 3)
    monkeypatch.setenv(VARIABLE, written.format(path=export))
    frame = fd.load_lesson_feedback()
    out = capsys.readouterr().out.splitlines()
    assert out == [f"Your feedback file, named in {VARIABLE}: {export}", "Read 3 rows; 3 usable."]
    assert list(frame["response_id"]) == ["R-1", "R-2", "R-3"]


def test_a_name_without_a_folder_is_found_where_the_notebook_runs(tmp_path, monkeypatch):
    write_export(tmp_path / "ours.csv", 2)
    monkeypatch.chdir(tmp_path)  # Jupyter runs a lesson in the lessons folder
    monkeypatch.setenv(VARIABLE, "ours.csv")
    assert len(fd.load_lesson_feedback()) == 2


def test_a_blank_variable_counts_as_unset(monkeypatch):
    monkeypatch.setenv(VARIABLE, "   ")
    assert fd.feedback_file() is None


def test_a_file_that_is_not_there_is_described_not_raised(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(VARIABLE, str(tmp_path / "missing.csv"))
    frame = fd.load_lesson_feedback()
    out = capsys.readouterr().out
    assert frame.empty
    assert "missing.csv" in out and "Read 0 rows; 0 usable." in out
    assert len(out.splitlines()) >= 3  # the file line, the count, and what is wrong
