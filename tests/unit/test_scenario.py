"""Scenario content files, the ScenarioTask widget, its path chart and the printable role cards."""

from __future__ import annotations

import importlib.util
from collections import deque

import pytest

from widgets import ScenarioTask
from widgets._base import START_AGAIN
from widgets.progress.store import load_document
from widgets.content import ContentNotice
from widgets.activities.flowchart import describe, to_dot
from widgets.cli import main as cli_main
from widgets.tutor.rolecards import role_cards_html, write_role_cards
from widgets.activities.scenario import path_to_chart
from widgets.activities.scenario_content import load_scenarios
from widgets.scoring.scenario import best_path

from content_files import content_problems, write_content

SCENARIOS = load_scenarios()


@pytest.fixture(autouse=True)
def own_progress(tmp_path, monkeypatch):
    monkeypatch.setenv("AFTER_SALES_PROGRESS", str(tmp_path / "progress.json"))
    # A draft is saved a moment after each move, on a timer; a timer left over from one test must
    # not write into the next test's store. Tests that need a draft call save_draft() themselves.
    monkeypatch.setattr("widgets._base.DRAFT_DELAY", 3600)


GOOD = """
[[scenario]]
id = "tiny"
title = "Tiny"
setting = "Phone"
customer = "A customer"
adviser_brief = "You know things."
customer_brief = "You want things."
policy = ["harbour-returns/r3"]
checklist = ["Listens", "Apologises", "Acts"]

[[scenario.steps]]
id = "start"
heading = "Start"
situation = "Something happens."
customer_says = "Help!"
mood = "upset"

[[scenario.steps.choices]]
label = "Help"
next = "good-end"
points = 2
feedback = "Helpful."

[[scenario.steps.choices]]
label = "Ignore"
next = "bad-end"
points = 0
feedback = "Unhelpful."

[[scenario.endings]]
id = "good-end"
title = "Good"
outcome = "Fine."
score = 2

[[scenario.endings]]
id = "bad-end"
title = "Bad"
outcome = "Not fine."
score = 0
"""


def test_the_small_scenario_loads(tmp_path):
    write_content(tmp_path, GOOD, kind="scenarios")
    spec = load_scenarios(tmp_path)["tiny"]
    assert spec.graph.start == "start" and spec.graph.maximum == 2


@pytest.mark.parametrize(
    "change, expected",
    [
        (
            ('next = "good-end"', 'next = "good-ends"'),
            "scenario 'tiny', field 'steps.start.choices[1].next': choice 'Help' leads to 'good-ends'",
        ),
        (('feedback = "Helpful."', ""), "field 'steps.start.choices[1].feedback': choice 'Help' has no feedback"),
        (('outcome = "Not fine."', ""), "field 'endings.bad-end.outcome': ending 'bad-end' has no outcome"),
        (
            ('next = "bad-end"', 'next = "good-end"'),
            "field 'endings.bad-end': ending 'bad-end' cannot be reached from the start ('start')",
        ),
        (('next = "bad-end"', 'next = "start"'), "field 'endings.bad-end': ending 'bad-end' cannot be reached"),
        (
            ('mood = "upset"', 'mood = "cross"'),
            "field 'steps[1].mood': 'cross' is not one of: angry, upset, uneasy, calm, pleased",
        ),
        (
            ('policy = ["harbour-returns/r3"]', 'policy = ["returns policy 3"]'),
            "field 'policy[1]': 'returns policy 3' should name a policy and a clause",
        ),
        (
            ('checklist = ["Listens", "Apologises", "Acts"]', 'checklist = ["Listens"]'),
            "field 'checklist': needs at least 3 entries",
        ),
        (
            ('policy = ["harbour-returns/r3"]', 'policy = ["harbour-returns/r99"]'),
            "field 'policy[1]': 'harbour-returns/r99' does not name a clause; harbour-returns has clauses R1,",
        ),
        (
            ('policy = ["harbour-returns/r3"]', 'policy = ["acme-returns/r3"]'),
            "there is no policy 'acme-returns' in data/policies",
        ),
    ],
)
def test_each_content_problem_names_file_scenario_and_field(tmp_path, change, expected):
    old, new = change
    assert old in GOOD
    problems = content_problems(tmp_path, GOOD.replace(old, new, 1), kind="scenarios")
    assert any(p.startswith("data/scenarios/tasks.toml") or "scenarios/tasks.toml" in p for p in problems), problems
    assert any(expected in p for p in problems), problems


def test_a_loop_with_no_way_out_in_a_content_file(tmp_path):
    text = (
        GOOD.replace('next = "good-end"', 'next = "again"', 1).replace('next = "bad-end"', 'next = "again"', 1)
        + """
[[scenario.steps]]
id = "again"
heading = "Again"
situation = "Round we go."
customer_says = "Hmm."
mood = "uneasy"

[[scenario.steps.choices]]
label = "Back to the start"
next = "start"
points = 1
feedback = "Round."
"""
    )
    problems = content_problems(tmp_path, text, kind="scenarios")
    assert any("step 'start'" in p and "start → again → start" in p for p in problems), problems
    assert any("field 'steps.again.choices'" in p for p in problems), problems


def test_a_broken_scenario_gives_a_notice_not_a_traceback(tmp_path, monkeypatch):
    write_content(tmp_path, GOOD.replace('next = "good-end"', 'next = "nowhere"', 1), kind="scenarios")
    monkeypatch.setenv("AFTER_SALES_DATA_DIR", str(tmp_path))
    notice = ScenarioTask.from_content("tiny")
    assert isinstance(notice, ContentNotice)
    assert "'nowhere', which is not a step or an ending" in repr(notice)


# --------------------------------------------------------------------------- the pack's scenarios


def paths_to_every_ending(spec) -> dict[str, list[int]]:
    """The shortest path (choice indices) to each ending, found by breadth-first search."""
    graph = spec.graph
    found: dict[str, list[int]] = {}
    queue = deque([(graph.start, [])])
    seen = {graph.start}
    while queue:
        node, path = queue.popleft()
        if graph.is_ending(node):
            found.setdefault(node, path)
            continue
        for index, choice in enumerate(graph.step(node).choices):
            if choice.next not in seen:
                seen.add(choice.next)
                queue.append((choice.next, [*path, index]))
    return found


def test_the_pack_has_the_scenarios_the_issue_asks_for():
    assert len(SCENARIOS) >= 6
    ids = set(SCENARIOS)
    for needed in (
        "faulty-kettle-within-30-days",
        "washing-machine-failed-repair",
        "change-of-mind-in-store-or-online",
        "late-delivery-angry-caller",
        "follow-up-call-data-protection",
        "reasonable-adjustment-returns-form",
        "leaking-dishwasher-handover",
    ):
        assert needed in ids
    for spec in SCENARIOS.values():
        assert len(spec.graph.endings) >= 3, spec.id
        assert min(e.score for e in spec.graph.endings) == 0, f"{spec.id} needs a bad ending"


@pytest.mark.parametrize("scenario_id", sorted(SCENARIOS))
def test_every_scenario_is_playable_to_every_ending(scenario_id):
    spec = SCENARIOS[scenario_id]
    routes = paths_to_every_ending(spec)
    assert set(routes) == {e.id for e in spec.graph.endings}
    task = ScenarioTask(spec)
    for ending_id, route in routes.items():
        task.try_again()
        for index in route:
            task.choose(index)
        assert task.ending.id == ending_id
        assert task.view["kind"] == "ending" and task.phase == "checked"
        assert task.score == spec.graph.ending(ending_id).score
    task.try_again()
    for index in best_path(spec.graph):
        task.choose(index)
    assert task.score == task.maximum and task.summary_ok


def test_each_step_shows_every_choice_once_in_a_fixed_shuffled_order():
    spec = SCENARIOS["late-delivery-angry-caller"]
    first, second = ScenarioTask(spec), ScenarioTask(spec)
    orders = []
    for step in spec.graph.steps:
        first.path = []
        route = paths_for_step(spec, step.id)
        first.path = route
        second.path = route
        second._show()
        first._show()
        shown = [c["index"] for c in first.view["choices"]]
        assert sorted(shown) == list(range(len(step.choices)))
        assert [c["label"] for c in first.view["choices"]] == [step.choices[i].label for i in shown]
        assert first.view["choices"] == second.view["choices"]
        orders.append(shown)
    assert any(order != sorted(order) for order in orders), "the best choice should not always be shown first"
    plain = ScenarioTask(spec, shuffle=False)
    assert [c["index"] for c in plain.view["choices"]] == list(range(len(spec.graph.step(spec.graph.start).choices)))


def paths_for_step(spec, step_id: str) -> list[int]:
    graph = spec.graph
    queue = deque([(graph.start, [])])
    seen = {graph.start}
    while queue:
        node, path = queue.popleft()
        if node == step_id:
            return path
        if graph.is_ending(node):
            continue
        for index, choice in enumerate(graph.step(node).choices):
            if choice.next not in seen:
                seen.add(choice.next)
                queue.append((choice.next, [*path, index]))
    raise AssertionError(step_id)


def test_an_unknown_policy_clause_is_shown_as_its_reference():
    from widgets.activities.scenario_content import policy_clauses

    assert policy_clauses(["acme-returns/r1"]) == [{"ref": "acme-returns, clause R1", "heading": "", "text": ""}]


def test_policy_references_name_real_clauses_when_the_policies_are_installed():
    if importlib.util.find_spec("widgets.activities.law") is None:
        pytest.skip("widgets.activities.law (data/policies) is not on this branch yet")
    from widgets.activities.scenario_content import policy_clauses

    for spec in SCENARIOS.values():
        for ref, clause in zip(spec.policy, policy_clauses(spec.policy)):
            assert clause["text"], f"{spec.id}: {ref} does not name a clause in data/policies"


# --------------------------------------------------------------------------- the widget


def kettle() -> ScenarioTask:
    return ScenarioTask.from_content("faulty-kettle-within-30-days")


def send(task: ScenarioTask, **message) -> None:
    task._on_front_end_message(task, message, [])


def test_a_choice_moves_the_story_on_with_feedback_and_the_mood():
    task = kettle()
    assert repr(task) == "ScenarioTask('faulty-kettle-within-30-days', 6 steps, 5 endings)"
    assert task.view["heading"] == "Step 1: The customer arrives" and task.view["mood"] == "upset"
    assert task.last == {} and not task.can_go_back
    send(task, action="choose", index=1, at=0)  # "Have you contacted the manufacturer?"
    assert task.path == [1]
    assert task.view["heading"] == 'Step 2: "I bought it from you!"' and task.view["mood"] == "angry"
    assert task.last["verdict"] == "Poor move" and not task.last["best"]
    assert "contract is with Harbour" in task.last["feedback"]
    assert task.last["mood_change"] == "worse (was upset, now angry)"
    assert task.announcement.startswith("Poor move. Her contract is with Harbour")
    assert task.announcement.endswith('Step 2: "I bought it from you!".')


def test_a_stale_click_does_nothing_and_back_and_restart_work():
    task = kettle()
    send(task, action="choose", index=9, at=0)  # no such choice: ignored, no traceback
    assert task.path == []
    send(task, action="choose", index=0, at=0)
    send(task, action="choose", index=0, at=0)  # a double click on the view that was already answered
    assert task.path == [0]
    send(task, action="back")
    assert task.path == [] and task.view["heading"] == "Step 1: The customer arrives"
    assert task.announcement == "Went back one step. Step 1: The customer arrives."
    for index in (0, 0, 1):
        task.choose(index)
    assert task.ending.id == "deduction" and task.score == 1 and not task.summary_ok
    send(task, action="back")
    assert task.phase == "working" and task.summary == "" and task.view["kind"] == "step"
    send(task, action="restart")
    assert task.path == [] and task.attempts == 1
    with pytest.raises(ValueError):
        task.choose(7)


def test_reaching_an_ending_records_the_score_and_the_path(tmp_path):
    task = kettle()
    for index in (0, 0, 0):
        task.choose(index)
    assert (
        task.summary
        == "Ending reached: Full refund, customer satisfied. Score 3 of 3. 3 of your 3 moves were best moves."
    )
    assert task.announcement.startswith("Attempt 1: Best move.")
    activity = load_document(tmp_path / "progress.json").document["activities"]["faulty-kettle-within-30-days"]
    [attempt] = activity["attempts"]
    assert activity["kind"] == "scenarios" and (attempt["score"], attempt["maximum"]) == (3, 3)
    assert attempt["answer"] == {
        "path": ["customer-arrives", "customer-explains", "customer-chooses", "refund-done"],
        "choices": [0, 0, 0],
    }
    assert task.path_text() == "customer-arrives 1 → customer-explains 1 → customer-chooses 1 → refund-done"
    assert repr(task).endswith("score 3/3)")


def test_the_class_overview_counts_the_branches_learners_took(tmp_path):
    from widgets.tutor.class_overview import scenario_branches

    first, second = kettle(), kettle()
    for task, route in ((first, (0, 0, 0)), (second, (1, 1))):
        task.try_again()
        for index in route:
            task.choose(index)
    given = [
        a["answer"]
        for a in load_document(tmp_path / "progress.json").document["activities"]["faulty-kettle-within-30-days"][
            "attempts"
        ]
    ]
    branches = {(a, b): n for a, b, n in scenario_branches(given)}
    assert branches[("customer-arrives", "customer-explains")] == 1
    assert branches[("customer-arrives", "manufacturer")] == 1
    assert branches[("manufacturer", "walked-out")] == 1


def test_a_saved_route_written_as_step_ids_only_is_replayed_as_far_as_it_fits():
    task = kettle()
    assert task._restore_answer({"path": ["customer-arrives", "customer-explains", "no-such-step"]})
    assert task.path == [0]
    assert task._restore_answer({"path": ["somewhere-else"]}) and task.path == []  # not this scenario's start
    assert not task._restore_answer({"path": "junk"})
    assert task._restore_answer({"choices": [1, 1, 7]}) and task.path == [1, 1]


def test_the_path_comes_back_after_a_restart_until_start_again(tmp_path):
    task = kettle()
    task.choose(1)  # "Have you contacted the manufacturer?"
    assert task.save_draft()
    again = kettle()  # a new kernel opening the same notebook
    assert again.path == [1] and again.view["heading"] == 'Step 2: "I bought it from you!"'
    assert START_AGAIN in again.buttons and "from last time is back" in again.summary
    send(again, action=START_AGAIN)
    assert again.path == [] and START_AGAIN not in again.buttons
    assert again.view["heading"] == "Step 1: The customer arrives"
    assert kettle().path == []  # and it opens fresh from now on


def test_a_path_set_from_the_front_end_is_trimmed_to_what_can_be_played():
    task = kettle()
    task.path = [0, 9, 1]
    assert task.path == [0]


def test_show_the_best_route_lists_the_moves_and_is_refused_when_hidden():
    task = kettle()
    send(task, action="solution")
    assert task.phase == "solution" and task.best_route[-1] == "Ending: Full refund, customer satisfied (score 3 of 3)"
    assert task.best_route[0].startswith("The customer arrives: \"I'm sorry")
    send(task, action="restart")
    assert task.best_route == [] and task.phase == "working"
    spec = SCENARIOS["faulty-kettle-within-30-days"]
    hidden = ScenarioTask(type(spec)(**{**spec.__dict__, "buttons": ("try_again",)}))
    send(hidden, action="solution")
    assert hidden.best_route == []


def test_a_scenario_with_problems_is_refused_early():
    spec = SCENARIOS["faulty-kettle-within-30-days"]
    graph = spec.graph
    broken = type(graph)("nowhere", graph.steps, graph.endings)
    with pytest.raises(ValueError, match="not the id of a step"):
        ScenarioTask(type(spec)(**{**spec.__dict__, "graph": broken}))
    with pytest.raises(TypeError):
        ScenarioTask("faulty-kettle-within-30-days")


# --------------------------------------------------------------------------- the path as a chart


def test_the_best_path_chart_marks_every_step_and_has_no_divergence():
    spec = SCENARIOS["faulty-kettle-within-30-days"]
    chart = path_to_chart(spec, best_path(spec.graph))
    assert [n.kind for n in chart.nodes] == ["step", "step", "step", "terminal"]
    assert set(chart.marks.values()) == {"ok"} and len(chart.marks) == 3
    assert chart.note == "You followed the best route all the way."
    assert "Your ending: Full refund, customer satisfied (score 3 of 3)" in describe(chart)
    to_dot(chart)


def test_the_chart_shows_where_the_path_left_the_best_route():
    spec = SCENARIOS["faulty-kettle-within-30-days"]
    chart = path_to_chart(spec, [0, 1, 1])  # listened, then offered only a repair, then "that's our policy"
    kinds = {n.id: n.kind for n in chart.nodes}
    assert kinds["customer-explains"] == "decision"
    assert chart.marks == {"customer-arrives": "ok"}
    labels = {(e.source, e.target): e.label for e in chart.edges}
    assert labels[("customer-explains", "repair-only")].startswith("You: ")
    assert labels[("customer-explains", "customer-chooses")].startswith("Best: ")
    assert labels[("customer-chooses", "refund-done")].startswith("Best: ")
    text = describe(chart)
    assert "Your ending: The customer walks out (score 0 of 3)" in text
    assert "Best ending: Full refund, customer satisfied (score 3 of 3)" in text
    assert "Your path left the best route at 'The customer explains'" in chart.note
    dot = to_dot(chart)
    assert 'shape="diamond"' in dot


def test_the_chart_of_no_moves_and_a_revisited_step():
    spec = SCENARIOS["change-of-mind-in-store-or-online"]
    empty = path_to_chart(spec, [])
    assert [n.id for n in empty.nodes] == ["start", "the-return"] and empty.note == "No moves yet."
    looped = path_to_chart(spec, [2, 0])  # curt, then apologise: back to the first step's follow-up
    to_dot(looped)
    assert len({n.id for n in looped.nodes}) == len(looped.nodes)


def test_path_chart_redraws_as_the_learner_moves():
    task = kettle()
    chart = task.path_chart()
    assert repr(chart) == "Flowchart('scenario-path', 2 boxes, 1 arrows)"
    task.choose(1)
    assert "I bought it from you" in chart.description
    task.back()
    assert "I bought it from you" not in chart.description


# --------------------------------------------------------------------------- role cards


def test_role_cards_escape_content_and_hold_three_cards(tmp_path):
    hostile = GOOD.replace(
        'customer_brief = "You want things."', 'customer_brief = "<script>alert(1)</script> & more"'
    ).replace('title = "Tiny"', 'title = "Tiny <b>bold</b>"')
    write_content(tmp_path, hostile, kind="scenarios")
    spec = load_scenarios(tmp_path)["tiny"]
    page = role_cards_html(spec, clauses=[{"ref": "Policy <R3>", "heading": "Faulty", "text": "Refund & repair"}])
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert "Tiny &lt;b&gt;bold&lt;/b&gt;" in page and "Policy &lt;R3&gt;" in page
    for card in ("customer-card", "adviser-card", "observer-card"):
        assert page.count(f'class="card {card}"') == 1
    assert "Listens" in page and "Shows empathy and a solution-focused attitude" in page
    assert "Help!" in page  # the customer's opening line


def test_the_rolecards_command_writes_a_page_per_scenario(tmp_path, capsys):
    assert cli_main(["rolecards", str(tmp_path / "cards")]) == 0
    written = sorted(p.name for p in (tmp_path / "cards").iterdir())
    assert written == sorted(["index.html", *(f"{i}.html" for i in SCENARIOS)])
    assert f"for {len(SCENARIOS)} scenarios" in capsys.readouterr().out
    page = (tmp_path / "cards" / "faulty-kettle-within-30-days.html").read_text()
    assert "Role card: customer" in page and "The best route in the activity" in page
    assert cli_main(["rolecards", str(tmp_path / "a"), str(tmp_path / "b")]) == 2  # one folder only


def test_write_role_cards_returns_the_index_first(tmp_path):
    paths = write_role_cards(tmp_path)
    assert paths[0].name == "index.html" and len(paths) == len(SCENARIOS) + 1
    index = paths[0].read_text()
    assert all(f'href="{spec.id}.html"' in index for spec in SCENARIOS.values())


def test_no_scenario_repeats_a_statement_of_law_the_audit_found_wrong():
    """The audit's patterns (tests/unit/test_law_consistency.py) over everything a learner reads as true:
    briefs, law notes, situations, feedback, outcomes and the labels of best moves (a poor move's
    label and the customer's words may state a mistake on purpose)."""
    try:
        from test_law_consistency import MISTAKES
    except ImportError:
        pytest.skip("the audit's patterns are not on this branch")
    import re

    found = []
    for spec in SCENARIOS.values():
        texts = [spec.adviser_brief, spec.law_note, *spec.checklist]
        for step in spec.graph.steps:
            top = max(c.points for c in step.choices)
            texts += [
                step.situation,
                *(c.feedback for c in step.choices),
                *(c.label for c in step.choices if c.points == top),
            ]
        texts += [e.outcome for e in spec.graph.endings]
        for text in texts:
            found += [
                (spec.id, finding, text[:80])
                for finding, pattern, _ in MISTAKES
                if re.search(pattern, text, re.IGNORECASE)
            ]
    assert found == []


@pytest.mark.parametrize("scenario_id", sorted(SCENARIOS))
def test_every_clause_a_scenario_cites_is_one_the_adviser_was_given(scenario_id):
    """Feedback that says "policy C5" must point at a clause listed in the scenario's policy (shown in the brief)."""
    import re

    spec = SCENARIOS[scenario_id]
    given = {ref.partition("/")[2].upper() for ref in spec.policy}
    texts = [spec.adviser_brief, *(c.feedback for s in spec.graph.steps for c in s.choices)]
    cited = {match for text in texts for match in re.findall(r"\b([RCD][0-9]{1,2})\b", text)}
    assert cited, "a scenario should apply the policy it gives the adviser"
    assert cited <= given, f"cited but not given: {sorted(cited - given)}"


# --------------------------------------------------------------------------- the Tutor view toggle (issue 20)


def test_the_tutor_view_toggle_hides_the_best_route_and_keeps_the_class_s_place(monkeypatch):
    """A tutor presenting slides hides the best route, lets the class play, and shows it again mid-story:
    the path the class has taken stays (unlike Restart)."""
    from widgets._base import TUTOR_VIEW

    monkeypatch.setenv("AFTER_SALES_TUTOR", "1")
    task = kettle()
    assert task.tutor and task.tutor_view and task.best_route and task.summary.startswith("Tutor mode: The best route")
    send(task, action=TUTOR_VIEW)
    assert not task.tutor_view and task.best_route == [] and task.phase == "working" and task.summary == ""
    assert task.announcement == "Tutor view off: the activity as learners see it, answers hidden."
    send(task, action="choose", index=1, at=0)
    send(task, action=TUTOR_VIEW)
    assert task.tutor_view and task.best_route and task.path == [1], "the class's move is kept"
    send(task, action=TUTOR_VIEW)
    assert not task.tutor_view and task.best_route == [] and task.path == [1]


def test_at_an_ending_the_tutor_view_toggle_shows_the_score_again_when_the_route_is_hidden(monkeypatch):
    from widgets._base import TUTOR_VIEW

    monkeypatch.setenv("AFTER_SALES_TUTOR", "1")
    task = kettle()
    for index in best_path(task.spec.graph):
        send(task, action="choose", index=index, at=len(task.path))
    assert task.ending is not None and task.phase == "checked"
    assert task.tutor_view and task.best_route, "the route is still listed, and the toggle says so"
    send(task, action=TUTOR_VIEW)
    assert not task.tutor_view and task.best_route == [] and task.phase == "checked"
    assert task.summary.startswith("Ending reached: ") and task.summary_ok
    send(task, action=TUTOR_VIEW)
    send(task, action="back")  # the phase goes back to working; the route is still on show
    assert task.tutor_view and task.best_route
    send(task, action="restart")
    assert not task.tutor_view and task.best_route == [] and task.path == []


def test_a_learner_has_no_tutor_view_in_a_scenario():
    from widgets._base import TUTOR_VIEW

    task = kettle()
    send(task, action=TUTOR_VIEW)
    assert not task.tutor and not task.tutor_view and task.best_route == []
