"""Activity 8.2 (problem-in-the-data) is marked on the problem the loaded log shows, not on Harbour's.

The rubric named laundry and October, so with a tutor's own feedback file a correct analysis
of that file was marked wrong (coverage audit 2026-12, item 7). The lesson now passes what the
log shows (``found=biggest_drop(df)``), as number questions get ``answer=`` from the data.
"""

import csv

import pytest
from content_files import content_problems

from widgets import WrittenAnswer
from widgets.content import load_kind
from widgets.feedback import COLUMNS, PRODUCT_CATEGORIES, PRODUCT_PHRASINGS, biggest_drop, load_feedback
from widgets.activities.written import with_data


@pytest.fixture(scope="module")
def rubric():
    return load_kind("written")["problem-in-the-data"]


def small_log(tmp_path):
    """A year in which cooking falls from June 2025 and laundry stays as it was."""
    path = tmp_path / "our-feedback.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS)
        n = 0
        for month in range(1, 13):
            for product in ("cooking", "laundry"):
                for k in range(4):
                    n += 1
                    happy = product == "laundry" or month < 6 or k == 0
                    writer.writerow(
                        [f"R-{n}", f"C-{n}", f"2025-{month:02d}-{k + 10}", "email", product, "repair"]
                        + (["5", "9"] if happy else ["1", "2"])
                        + ["6", "True", "" if happy else "faulty item", "False", "True", "ok"]
                    )
    loaded = load_feedback(path)
    assert loaded.ok, loaded.summary()
    return loaded.frame


def marks_per_point(spec, text):
    return [point.marks for point in spec.score(text).points]


def test_harbours_log_shows_laundry_from_october(rubric):
    drop = biggest_drop(load_feedback().frame)
    assert (drop.product_range, f"{drop.month:%Y-%m}", drop.second_half) == ("laundry", "2025-10", True)
    assert (round(drop.csat_before, 1), round(drop.csat_after, 1)) == (66.2, 22.6)


def test_on_harbours_log_the_rubric_is_exactly_as_written(rubric):
    # The data gives back the very ideas, texts and wrong ideas of the file, so no mark can change.
    drop = biggest_drop(load_feedback().frame)
    assert with_data(rubric, drop).points == rubric.points
    assert drop.idea("product range").phrasings == dict(rubric.points[0].ideas)["laundry"]
    assert drop.idea("month").phrasings == dict(rubric.points[1].ideas)["october"]
    assert [drop.idea(k).text for k in ("product range", "month")] == [p.text for p in rubric.points[:2]]


def test_the_widget_on_harbours_log_marks_the_model_answer_as_before(rubric):
    found = WrittenAnswer.from_content("problem-in-the-data", found=biggest_drop(load_feedback().frame))
    plain = WrittenAnswer.from_content("problem-in-the-data")
    for text in (rubric.model_answer, *(e.text for e in rubric.exemplars)):
        assert marks_per_point(found.spec, text) == marks_per_point(plain.spec, text)


def test_another_log_is_marked_on_its_own_range_and_month(tmp_path, rubric):
    drop = biggest_drop(small_log(tmp_path))
    assert (drop.product_range, f"{drop.month:%B %Y}", drop.second_half) == ("cooking", "June 2025", False)
    spec = with_data(rubric, drop)
    range_point, month_point = spec.points[:2]
    assert range_point.text == "Identifies cooking as the product range with the problem."
    assert month_point.text == "Says the problem starts around June 2025 (the first half of the year)."
    assert spec.points[2:] == rubric.points[2:]

    right = "Cooking has the problem: satisfaction in the cooking range falls from June, the first half of the year."
    harbours = "Laundry has the problem: satisfaction falls from October, in the second half of the year."
    assert marks_per_point(spec, right)[:2] == [1, 1]
    assert marks_per_point(rubric, right)[:2] == [0, 0]  # the fixed rubric marked a right answer wrong
    scored = spec.score(harbours)
    assert [point.marks for point in scored.points][:2] == [0, 0]
    assert any("the drop in this log is in cooking, not laundry" in note for note in scored.points[0].notes)


def test_the_right_range_is_never_a_wrong_idea(tmp_path, rubric):
    range_point = with_data(rubric, biggest_drop(small_log(tmp_path))).points[0]
    rejected = [term for term, _ in range_point.reject]
    assert "cooking" not in rejected and "laundry" in rejected
    assert all("cooking" in why for _, why in range_point.reject)


def test_every_product_range_has_phrasings_a_learner_would_write():
    assert set(PRODUCT_PHRASINGS) == set(PRODUCT_CATEGORIES)
    assert all(phrasings[0].rstrip("*") in name.lower() for name, phrasings in PRODUCT_PHRASINGS.items())


def test_a_log_too_short_to_split_leaves_the_rubric_as_written(tmp_path, rubric):
    frame = small_log(tmp_path)
    short = frame[frame["date"] < "2025-03-01"]
    assert biggest_drop(short) is None
    assert WrittenAnswer.from_content("problem-in-the-data", found=biggest_drop(short)).spec.points == rubric.points


def test_a_from_data_entry_must_name_an_idea_and_a_kind_the_data_decides(tmp_path):
    text = """
[[written]]
id = "where-is-it"
prompt = "Which range has the problem?"
model_answer = "Laundry has the problem."
from_data = { laundri = "product range", laundry = "colour" }

[[written.points]]
text = "Names laundry."
ideas = { laundry = ["laundry"] }
why = "Saying where the problem is tells people what to fix."
hint = "Name the product range."
"""
    problems = content_problems(tmp_path, text, kind="written")
    assert any("from_data.laundri" in p and "is not an idea of any marking point" in p for p in problems), problems
    assert any("from_data.laundry" in p and "'colour' is not something the data decides" in p for p in problems), (
        problems
    )
