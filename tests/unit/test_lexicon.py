"""The shared lexicon of everyday phrasings (data/written/lexicon.toml): checked, and applied to
every written question's ideas without opening a door to double credit."""

from pathlib import Path

import pytest

from widgets.content import ContentError, check_all, load_kind
from widgets.activities.lexicon import Group, check_lexicon, widen
from widgets.scoring.rubric import MarkingPoint, score_answer
from content_files import write_content

QUESTION = """
[[written]]
id = "feedback-methods"
prompt = "List two methods of collecting feedback."
model_answer = "A survey and a phone call."

[[written.points]]
text = "Lists two methods"
marks = 2
style = "list"
ideas = { survey = ["survey*"], call = ["phone call*"] }
why = "Two methods."
hint = "Name two."
"""

LEXICON = """
[[group]]
name = "survey"
phrasings = ["survey*", "questionnaire*"]

[[group]]
name = "phone-call"
phrasings = ["phone call*", "ring* ... up"]
"""


def test_every_idea_accepts_the_everyday_phrasings_of_its_group(tmp_path):
    write_content(tmp_path, QUESTION, kind="written")
    write_content(tmp_path, LEXICON, "lexicon.toml", kind="written")
    spec = load_kind("written", tmp_path)["feedback-methods"]
    assert spec.score("A questionnaire, and ring them up.").score == 2
    # Without the lexicon the rubric's own phrasings are all there is.
    (tmp_path / "written" / "lexicon.toml").unlink()
    assert load_kind("written", tmp_path)["feedback-methods"].score("A questionnaire, and ring them up.").score == 0


def test_the_lexicon_is_not_read_as_a_question_file_and_the_content_check_validates_it(tmp_path):
    write_content(tmp_path, QUESTION, kind="written")
    write_content(tmp_path, LEXICON, "lexicon.toml", kind="written")
    problems, files, tasks = check_all(tmp_path)
    assert [p for p in problems if "lexicon" in p.file] == [] and tasks >= 1


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            '[[group]]\nname = "survey"\nphrasings = ["survey*", "su*"]\n',
            "lexicon.toml, group 'survey', field 'phrasings': 'su*': the stem 'su*' is too short",
        ),
        ('[[group]]\nname = "survey"\nphrasings = ["survey*"]\n', "group 'survey', field 'phrasings'"),
        ('[[group]]\nphrasings = ["survey*", "form*"]\n', "group '#1 (no name)', field 'name': is missing"),
        (
            '[[group]]\nname = "a"\nphrasings = ["survey*", "form*"]\n[[group]]\nname = "b"\nphrasings = ["survey", "poll*"]\n',
            "group 'b', field 'phrasings': 'survey' is also in group 'a'",
        ),
        (
            '[[group]]\nname = "a"\nphrasings = ["survey*", "form*"]\n[[group]]\nname = "a"\nphrasings = ["poll*", "vote*"]\n',
            "group 'a', field 'name': is already the name of another group",
        ),
        (
            '[[group]]\nname = "a"\nphrasing = ["survey*", "form*"]\n',
            "field 'phrasing': unknown field (did you mean 'phrasings'?)",
        ),
        ('[group]\nname = "a"\n', "needs [[group]] tables"),
        ('[[group]]\nname = "a\n', "is not valid TOML on line 2"),
    ],
)
def test_a_broken_lexicon_is_reported_naming_file_group_and_field(tmp_path, text, expected):
    write_content(tmp_path, QUESTION, kind="written")
    write_content(tmp_path, text, "lexicon.toml", kind="written")
    with pytest.raises(ContentError) as caught:
        load_kind("written", tmp_path)
    messages = [str(p) for p in caught.value.problems]
    assert any(expected in m for m in messages), messages
    assert all(m.startswith("written/lexicon.toml") or "lexicon.toml" in m for m in messages)


def test_a_group_two_ideas_of_one_point_share_widens_neither():
    point = MarkingPoint(
        text="Two methods",
        marks=2,
        style="list",
        ideas=(("survey", ("survey*",)), ("form", ("questionnaire*",))),
    )
    (widened,) = widen((point,), (Group("survey", ("survey*", "questionnaire*", "feedback form*")),))
    assert widened.ideas == point.ideas
    # So one idea said twice in two words still counts once.
    assert score_answer((widened,), "A feedback form, and a feedback form.").score == 0


def test_wrong_ideas_are_never_widened_and_never_become_right():
    point = MarkingPoint(
        text="A method",
        ideas=(("call", ("phone call*",)),),
        reject=(("sales call*", "a sales call sells."),),
    )
    (widened,) = widen((point,), (Group("call", ("phone call*", "sales call*", "ring* ... up")),))
    assert widened.reject == point.reject
    assert "sales call*" not in widened.ideas[0][1] and "ring* ... up" in widened.ideas[0][1]


def test_the_shipped_lexicon_is_valid_and_has_the_everyday_phrasings_learners_use():
    folder = Path(__file__).resolve().parents[2] / "data" / "written"
    groups, problems = check_lexicon(folder)
    assert problems == [] and len(groups) >= 25
    phrasings = {p for g in groups for p in g.phrasings}
    for everyday in ("trustpilot", "money back", "questionnaire*", "ring* ... up", "say* sorry", "a new one"):
        assert everyday in phrasings
    written = load_kind("written")
    assert written["mock-feedback-methods"].score("Trustpilot, and ring them up.").score == 2
    assert written["mock-faulty-kettle"].score("I would give her money back.").score >= 1


def test_a_sentence_that_states_wrong_law_earns_nothing_but_the_rest_of_the_answer_still_does():
    from widgets.content import load_kind

    kettle = load_kind("written")["mock-faulty-kettle"]
    right = "I would listen to Priya and say sorry. I would log the return on the system."
    wrong = right + " Under the Consumer Rights Act 2015 she only has 14 days to get a refund, so no refund."
    marked = kettle.score(wrong)
    assert marked.score == kettle.score(right).score
    assert any("is not right" in note for note in marked.notes)


def test_a_negated_wrong_statement_is_not_held_against_the_learner():
    from widgets.content import load_kind

    kettle = load_kind("written")["mock-faulty-kettle"]
    marked = kettle.score("She does not lose her rights after a week. I would listen to Priya and say sorry.")
    assert not any("is not right" in note for note in marked.notes)


def test_the_wrong_statements_file_is_checked_with_the_file_the_statement_and_the_field(tmp_path):
    from widgets.activities.lexicon import check_wrong

    (tmp_path / "wrong-statements.toml").write_text(
        '[[wrong]]\nname = "x"\nphrasings = ["ok phrase", "bad!"]\nwhy = "because"\n', encoding="utf-8"
    )
    statements, problems = check_wrong(tmp_path)
    assert not statements
    assert problems and "wrong-statements.toml" in str(problems[0]) and "x" in str(problems[0])
    assert "phrasings" in str(problems[0])
