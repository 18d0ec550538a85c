"""Marking that reads the right way round: choice marks, impossible input refused, number near-misses."""

import pytest

from widgets import Question
from widgets.content import ContentError, load_kind
from widgets.progress.store import load_progress, record_attempt
from widgets.activities.questions import ChoiceOption, QuestionSpec, option_order
from widgets.scoring.choice import OPTION_MARKS, check_number, parse_number, read_number, score_choice
from widgets.scoring.sort import score_sort
from content_files import write_content

# Lesson 09, question 9.11 (data-protection-follow-up): two correct options, three wrong.
GDPR = [
    ("Confirm you are speaking to the customer", True),
    ("Use only the details you need", True),
    ("Leave a voicemail that includes their address", False),
    ("Add them to the marketing email list", False),
    ("Write their answers on a sticky note", False),
]


@pytest.fixture(autouse=True)
def own_progress(tmp_path, monkeypatch):
    monkeypatch.setenv("AFTER_SALES_PROGRESS", str(tmp_path / "progress.json"))
    return tmp_path / "progress.json"


# ------------------------------------------------------------------ multiple-answer scoring rule


def test_ticking_one_wrong_box_scores_nothing():
    result = score_choice(GDPR, ["Leave a voicemail that includes their address"], multiple=True)
    assert (result.score, result.maximum) == (0, 2) and not result.complete


def test_each_correct_tick_earns_a_mark_and_each_wrong_tick_takes_one_away():
    assert score_choice(GDPR, [GDPR[0][0]], multiple=True).score == 1
    assert score_choice(GDPR, [GDPR[0][0], GDPR[1][0]], multiple=True).score == 2
    assert score_choice(GDPR, [GDPR[0][0], GDPR[1][0], GDPR[2][0]], multiple=True).score == 1
    assert score_choice(GDPR, [label for label, _ in GDPR], multiple=True).score == 0  # ticking everything
    assert score_choice(GDPR, [], multiple=True).score == 0  # ticking nothing


def test_full_marks_only_for_exactly_the_correct_options():
    result = score_choice(GDPR, [GDPR[1][0], GDPR[0][0]], multiple=True)
    assert result.complete and result.score == result.maximum == 2


@pytest.mark.parametrize("mask", range(32))
def test_score_is_between_zero_and_the_number_of_correct_options(mask):
    chosen = [label for i, (label, _) in enumerate(GDPR) if mask >> i & 1]
    result = score_choice(GDPR, chosen, multiple=True)
    assert 0 <= result.score <= result.maximum == 2
    assert result.complete == (result.score == result.maximum) == (set(chosen) == {GDPR[0][0], GDPR[1][0]})


def test_each_option_is_marked_from_the_learners_side():
    result = score_choice(GDPR, [GDPR[0][0], GDPR[2][0]], multiple=True)
    states = {v.label: v.state for v in result.verdicts}
    assert states == {
        GDPR[0][0]: "chosen_correct",
        GDPR[1][0]: "missed",
        GDPR[2][0]: "chosen_wrong",
        GDPR[3][0]: "left_wrong",
        GDPR[4][0]: "left_wrong",
    }
    assert OPTION_MARKS["chosen_wrong"] == "Your choice: not right"
    assert OPTION_MARKS["chosen_correct"] == "Your choice: correct"


# ------------------------------------------------------------------ impossible input


@pytest.mark.parametrize(
    "options, selected, multiple, words",
    [
        ([("a", False), ("b", False)], ["a"], False, "exactly one correct option; 0 are"),
        ([("a", True), ("b", True)], ["a"], False, "exactly one correct option; 2 are"),
        ([("a", False), ("b", False)], ["a"], True, "at least one correct option"),
        ([("a", True), ("a", False)], ["a"], False, "repeated: ['a']"),
        ([], [], True, "needs options"),
        ([("a", True), ("b", False)], "a", False, "not one string"),
        ([("a", True), ("b", False)], ["a", "b"], False, "takes one choice, not 2"),
        ([("a", True), ("b", False)], ["z"], True, "not offered"),
        ([("a", "yes"), ("b", False)], ["a"], False, "True or False"),
        ("ab", ["a"], False, "list of (label, correct) pairs"),
    ],
)
def test_impossible_choice_input_is_refused(options, selected, multiple, words):
    with pytest.raises(ValueError) as caught:
        score_choice(options, selected, multiple)
    assert words in str(caught.value)


def test_a_question_built_in_python_is_checked_too():
    with pytest.raises(ValueError, match="exactly one correct option"):
        Question(
            QuestionSpec(
                id="two-right",
                type="choice",
                prompt="?",
                options=(ChoiceOption("a", True, "x"), ChoiceOption("b", True, "y")),
            )
        )


def test_sorting_refuses_accepted_buckets_given_as_one_string():
    with pytest.raises(ValueError, match="not one string"):
        score_sort(["reactive", "proactive"], {"card": "reactive"}, {"card": "re"})
    with pytest.raises(ValueError, match="not one string"):
        score_sort("rp", {"card": ["r"]}, {"card": "r"})
    # the same card with a proper list still scores
    assert score_sort(["reactive", "proactive"], {"card": ["reactive"]}, {"card": "reactive"}).complete


# ------------------------------------------------------------------ option order


def test_options_are_shuffled_the_same_way_every_time():
    labels = [f"option {i}" for i in range(6)]
    first = option_order(labels, "some-question", fixed=False)
    assert first == option_order(labels, "some-question", fixed=False)
    assert sorted(first) == sorted(labels) and first != labels
    assert option_order(labels, "some-question", fixed=True) == labels


def test_the_right_answer_is_not_always_first_in_the_lessons():
    specs = [s for s in load_kind("questions").values() if s.type == "choice" and not s.fixed_order]
    first_is_right = 0
    for spec in specs:
        shown = Question(spec).options
        assert sorted(shown) == sorted(o.label for o in spec.options)
        first_is_right += next(o.correct for o in spec.options if o.label == shown[0])
    assert first_is_right <= len(specs) // 2, (
        f"{first_is_right} of {len(specs)} questions still show a right answer first"
    )


FIXED_FILE = """
[[question]]
id = "q-fixed"
type = "choice"
prompt = "Which are UK laws?"
explanation = "Both are."
multiple = true
[[question.options]]
label = "Consumer Rights Act 2015"
correct = true
why = "It is."
[[question.options]]
label = "All of the above"
correct = true
why = "Both."
"""


def test_all_of_the_above_needs_a_fixed_order(tmp_path):
    write_content(tmp_path, FIXED_FILE, "q.toml", kind="questions")
    with pytest.raises(ContentError) as caught:
        load_kind("questions", tmp_path)
    assert "question 'q-fixed'" in str(caught.value) and "field 'fixed_order'" in str(caught.value)
    write_content(
        tmp_path,
        FIXED_FILE.replace("multiple = true", "multiple = true\nfixed_order = true"),
        "q.toml",
        kind="questions",
    )
    spec = load_kind("questions", tmp_path)["q-fixed"]
    assert Question(spec).options == ["Consumer Rights Act 2015", "All of the above"]


def test_fixed_order_must_be_true_or_false_and_only_on_choice_questions(tmp_path):
    write_content(
        tmp_path,
        FIXED_FILE.replace("multiple = true", 'multiple = true\nfixed_order = "yes"'),
        "q.toml",
        kind="questions",
    )
    with pytest.raises(ContentError, match="fixed_order"):
        load_kind("questions", tmp_path)
    number = (
        '[[question]]\nid = "n"\ntype = "number"\nprompt = "?"\nanswer = 1\nexplanation = "x"\nfixed_order = true\n'
    )
    write_content(tmp_path, number, "q.toml", kind="questions")
    with pytest.raises(ContentError, match="only choice questions"):
        load_kind("questions", tmp_path)


# ------------------------------------------------------------------ the widget's marks

CRA = QuestionSpec(
    id="cra-after-30-days",
    type="choice",
    prompt="Four months after delivery...",
    explanation="Repair or replace first.",
    options=(
        ChoiceOption(
            "The retailer gets one chance to repair or replace it", True, "That is the order the Act sets out."
        ),
        ChoiceOption("The customer must prove the fault was there", False, "That is the rule after 6 months."),
        ChoiceOption(
            "The customer gets an immediate full refund", False, "The short-term right to reject lasts 30 days."
        ),
    ),
)


def press(widget, action):
    widget._on_front_end_message(widget, {"action": action}, [])


def test_single_answer_wrong_choice_reads_the_right_way_round():
    q = Question(CRA)
    q.set_state({"selected": ["The customer gets an immediate full refund"]})
    press(q, "check")
    assert q.marks == {
        "The customer gets an immediate full refund": {
            "state": "chosen_wrong",
            "text": "Your choice: not right",
            "why": "The short-term right to reject lasts 30 days.",
        }
    }
    assert q.score == 0 and not q.summary_ok  # the right answer stays hidden until Show solution
    press(q, "solution")
    assert q.marks["The customer gets an immediate full refund"]["text"] == "Your choice: not right"
    assert q.marks["The retailer gets one chance to repair or replace it"]["text"] == "Correct answer you missed"
    assert q.marks["The customer must prove the fault was there"]["text"] == "Not chosen: this one is wrong"


def test_single_answer_right_choice_keeps_its_words_after_show_solution():
    q = Question(CRA)
    q.set_state({"selected": ["The retailer gets one chance to repair or replace it"]})
    press(q, "check")
    assert (
        q.marks["The retailer gets one chance to repair or replace it"]["text"] == "Your choice: correct"
        and q.score == 1
    )
    press(q, "solution")
    assert q.marks["The retailer gets one chance to repair or replace it"]["text"] == "Your choice: correct"


def test_show_solution_without_a_choice_says_which_answers_are_right():
    q = Question(CRA)
    press(q, "solution")
    texts = {label: mark["text"] for label, mark in q.marks.items()}
    assert texts["The retailer gets one chance to repair or replace it"] == "Correct answer"
    assert texts["The customer gets an immediate full refund"] == "Wrong answer"


def test_one_wrong_tick_on_the_gdpr_question_scores_and_saves_nothing(own_progress):
    spec = QuestionSpec(
        id="data-protection-follow-up",
        type="choice",
        prompt="?",
        multiple=True,
        explanation="x",
        options=tuple(ChoiceOption(label, ok, f"why {i}") for i, (label, ok) in enumerate(GDPR)),
    )
    q = Question(spec)
    q.set_state({"selected": [GDPR[2][0]]})
    press(q, "check")
    assert (q.score, q.maximum) == (0, 2)
    assert q.marks[GDPR[2][0]]["text"] == "Your choice: not right"
    assert q.marks[GDPR[0][0]]["text"] == q.marks[GDPR[1][0]]["text"] == "Correct answer you missed"
    assert GDPR[3][0] not in q.marks  # a wrong option rightly left: no mark at Check
    assert "0 of 2 marks" in q.summary
    saved = load_progress(own_progress)["data-protection-follow-up"]
    assert (saved["best"], saved["maximum"]) == (0, 2)


def test_a_best_score_from_an_older_rule_is_not_kept_against_a_new_maximum(own_progress):
    record_attempt("old-question", 4, 5, path=own_progress)
    record_attempt("old-question", 0, 2, path=own_progress)
    saved = load_progress(own_progress)["old-question"]
    assert (saved["best"], saved["maximum"]) == (0, 2)


def test_summaries_do_not_show_emphasis_markers():
    spec = QuestionSpec(
        id="terms",
        type="choice",
        prompt="Tick the term in bold",
        multiple=True,
        explanation="**Retention** is keeping customers.",
        options=(
            ChoiceOption("**Customer retention**: keeping customers", True, "Right."),
            ChoiceOption("**Closed-loop**: yes/no questions", False, "No."),
        ),
    )
    q = Question(spec)
    press(q, "solution")
    assert "**" not in q.summary and "Customer retention: keeping customers" in q.summary


# ------------------------------------------------------------------ number near-misses


def test_a_rounded_answer_is_told_to_give_a_decimal_place():
    verdict = check_number("63", 62.8, 0.1, "%")
    assert not verdict.ok and verdict.slip == "rounded"
    assert "rounded" in verdict.message and "one decimal place" in verdict.message and "62.8" not in verdict.message


def test_a_proportion_is_told_to_multiply_by_100():
    verdict = check_number("0.628", 62.8, 0.1, "%")
    assert not verdict.ok and verdict.slip == "proportion" and "multiply by 100" in verdict.message.lower()
    assert check_number("0.63", 62.8, 0.1, "%").slip == "proportion"
    assert check_number("0.628", 62.8, 0.1, "").slip != "proportion"  # not a percentage question


def test_a_decimal_comma_is_read_as_a_decimal_point_and_said():
    assert parse_number("62,8") == 62.8 and read_number("62,8").decimal_comma
    assert parse_number("0,628") == 0.628
    assert parse_number("1,250") == 1250.0 and not read_number("1,250").decimal_comma
    verdict = check_number("62,8", 62.8, 0.1, "%")
    assert verdict.ok and "decimal point" in verdict.message


@pytest.mark.parametrize("text", ["62.8%", "62.8 %", "62.8 per cent", "62.8 percent", "62.8."])
def test_a_percent_sign_or_a_full_stop_is_fine(text):
    assert check_number(text, 62.8, 0.1, "%").ok


def test_the_wrong_sign_is_named():
    verdict = check_number("3.7", -3.7, 0.1)
    assert verdict.slip == "sign" and "negative" in verdict.message


def test_a_wrong_method_still_gets_too_high_or_too_low():
    verdict = check_number("48", 62.8, 0.1, "%")
    assert not verdict.ok and verdict.slip == "" and "too low" in verdict.message


def test_a_slip_does_not_get_the_method_hint():
    spec = QuestionSpec(
        id="csat-demo",
        type="number",
        prompt="CSAT?",
        answer=62.8,
        tolerance=0.1,
        unit="%",
        explanation="4s and 5s over all.",
        hint="Count only the 4s and 5s.",
    )
    q = Question(spec)
    q.set_state({"response": "63"})
    press(q, "check")
    assert "one decimal place" in q.summary and "Count only" not in q.summary
    q.set_state({"response": "40"})
    press(q, "check")
    assert "Count only" in q.summary


# ------------------------------------------------------------------ other marks a learner reads


def test_an_empty_category_gets_no_bold_mark_after_check(own_progress):
    from widgets import SortTask

    task = SortTask(
        [
            ("Refund a faulty kettle", "reactive", "The customer came back first."),
            ("Thank-you email", "proactive", "Nobody asked for it."),
        ],
        [("reactive", "Reactive care"), ("proactive", "Proactive care")],
        task_id="mini",
    )
    task.placements = {"Refund a faulty kettle": "reactive", "Thank-you email": None}
    task.check()
    assert task.bucket_marks == {"reactive": "1 of 1 right"}  # not "empty" beside Proactive care


def test_scoring_methods_are_described_without_jargon():
    from widgets.scoring.order import METHOD_NAMES

    for method, words in METHOD_NAMES.items():
        assert words.startswith("you get a point for each item"), method
        for jargon in ("run", "subsequence", "successor", "relative", "absolute"):
            assert jargon not in words.split(), f"{method}: '{jargon}'"


# ------------------------------------------------------------------ properties

from hypothesis import given, strategies as st  # noqa: E402


@st.composite
def questions_and_choices(draw):
    n = draw(st.integers(2, 8))
    correct = draw(st.lists(st.booleans(), min_size=n, max_size=n).filter(any))
    options = [(f"option {i}", ok) for i, ok in enumerate(correct)]
    chosen = draw(st.lists(st.sampled_from([label for label, _ in options]), unique=True))
    return options, chosen


@given(questions_and_choices())
def test_multiple_answer_score_never_exceeds_the_maximum_and_only_the_key_gets_full_marks(case):
    options, chosen = case
    result = score_choice(options, chosen, multiple=True)
    key = {label for label, ok in options if ok}
    assert 0 <= result.score <= result.maximum == len(key)
    assert (result.score == result.maximum) == (set(chosen) == key) == result.complete
    assert score_choice(options, [label for label, _ in options], multiple=True).score == max(
        0, 2 * len(key) - len(options)
    )


@given(st.integers(-10_000, 10_000), st.integers(1, 9))
def test_a_decimal_comma_reads_as_the_same_number_as_a_decimal_point(whole, tenth):
    text = f"{whole},{tenth}"
    assert parse_number(text) == parse_number(f"{whole}.{tenth}")


@given(st.integers(1_000, 10_000_000))
def test_thousands_commas_still_read_as_thousands(number):
    assert parse_number(f"{number:,}") == number


def test_an_unpaired_emphasis_marker_is_reported_by_field(tmp_path):
    write_content(
        tmp_path,
        FIXED_FILE.replace("multiple = true", "multiple = true\nfixed_order = true").replace(
            'label = "All of the above"', 'label = "**All of the above"'
        ),
        "q.toml",
        kind="questions",
    )
    with pytest.raises(ContentError) as caught:
        load_kind("questions", tmp_path)
    assert "question 'q-fixed', field 'options[2].label': has an unpaired **" in str(caught.value)
