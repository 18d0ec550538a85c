"""``activity.how_did_i_do()``: the one line lessons 01-04 run instead of code that reads widget attributes."""

from widgets import OrderTask, Question, SortTask
from widgets.content import load_kind


def printed(activity, capsys) -> list[str]:
    activity.how_did_i_do()
    return capsys.readouterr().out.splitlines()


def test_an_order_before_any_check_says_there_is_no_score_and_lists_the_order(capsys):
    stages = OrderTask.from_content("after-sales-stages")
    lines = printed(stages, capsys)
    assert lines[:3] == [
        "Times you pressed Check: 0",
        "No score yet: press Check in the activity, then run this cell again.",
        "Your order now:",
    ]
    assert lines[3:] == [f"  {n}. {label}" for n, label in enumerate(stages.order, start=1)]


def test_an_order_after_checks_gives_the_count_the_last_score_and_the_order_as_moved(capsys):
    stages = OrderTask.from_content("after-sales-stages")
    right = [item.label for item in load_kind("ordering")["after-sales-stages"].items]
    stages.set_trait("order", right[::-1])  # as the front end would send it
    stages.check()
    stages.try_again()
    stages.set_trait("order", right)
    stages.check()
    lines = printed(stages, capsys)
    assert lines[:3] == [
        "Times you pressed Check: 2",
        f"Score at your last Check: {stages.maximum} out of {stages.maximum}",
        "Your order now:",
    ]
    assert lines[3:] == [f"  {n}. {label}" for n, label in enumerate(right, start=1)]


def test_a_sort_counts_the_cards_in_each_category_by_its_label(capsys):
    care = SortTask.from_content("reactive-vs-proactive")
    cards = list(care.placements)
    care.move(cards[0], "reactive")
    care.move(cards[1], "reactive")
    care.move(cards[2], "proactive")
    care.check()
    lines = printed(care, capsys)
    assert lines[0] == "Times you pressed Check: 1"
    assert lines[1].startswith("Score at your last Check: ") and lines[1].endswith(f" out of {care.maximum}")
    assert lines[2:] == [
        "Your cards now:",
        "  Reactive care: 2 cards",
        "  Proactive care: 1 card",
        f"  Not sorted yet: {len(cards) - 3} cards",
    ]


def test_every_activity_can_say_how_it_went(capsys):
    question = Question.from_content("open-questions")
    assert printed(question, capsys) == [
        "Times you pressed Check: 0",
        "No score yet: press Check in the activity, then run this cell again.",
    ]
