"""Printable worksheets, answer sheets and the Moodle XML export, all from the lesson content.

Pages are read the way a person reads them: the worksheet pages are well-formed XHTML, so
each test parses a page and looks at the rows, columns and boxes a learner would fill in,
and compares them with what the widget itself shows.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import deque
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from widgets import cli
from widgets.export import check, moodle
from widgets.export.activities import Activity, Lesson, load_lessons
from widgets.export.check import MOODLE_FRACTIONS, read_moodle, valid_fraction, validate
from widgets.export.moodle import export_xml, plain
from widgets.export.worksheets import ANSWERS, WORKSHEET, answers_html, worksheet_html
from widgets.activities.flowbuild import FlowBuildTask
from widgets.activities.flowchart import FlowchartSpec, FlowEdge, FlowNode, Distractor, dot_available
from widgets.activities.ordering import OrderingSpec, OrderItem, OrderTask
from widgets.activities.questions import ChoiceOption, Question, QuestionSpec
from widgets.activities.scenario import ScenarioTask
from widgets.activities.scenario_content import ScenarioSpec
from widgets.scoring.choice import score_choice
from widgets.scoring.rubric import MarkingPoint
from widgets.scoring.scenario import Choice, Ending, ScenarioGraph, Step
from widgets.activities.sorting import SortBucket, SortCard, SortingSpec, SortTask
from widgets.activities.written import WrittenSpec

LESSONS = load_lessons()
ACTIVITIES = [(lesson, activity) for lesson in LESSONS for activity in lesson.activities]
HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)> **bold** "quotes" \'apos\''


def page(html: str) -> ET.Element:
    """A generated page as an element tree (the pages are XHTML, so a stray tag would fail here)."""
    assert html.startswith("<!DOCTYPE html>")
    return ET.fromstring(html[html.index("<html") :])


def words(element: ET.Element) -> str:
    """The text a reader sees in ``element``, spaces collapsed."""
    return " ".join("".join(element.itertext()).split())


def section(root: ET.Element, activity: Activity) -> ET.Element:
    found = [s for s in root.iter("section") if s.get("id") == f"{activity.kind}-{activity.id}"]
    assert len(found) == 1, f"{activity.id}: expected one section, found {len(found)}"
    return found[0]


def rows(element: ET.Element) -> list[str]:
    """The lines of every ``ul.rows`` list: what sits beside each box to tick or number."""
    return [words(li) for ul in element.iter("ul") if ul.get("class") == "rows" for li in ul.findall("li")]


def by_kind(kind: str) -> list[Activity]:
    return [a for _, a in ACTIVITIES if a.kind == kind]


# --------------------------------------------------------------------------- every lesson


def test_the_lessons_with_activities_are_found_with_their_content():
    numbers = [lesson.number for lesson in LESSONS]
    assert {"01", "02", "05", "11", "12", "13", "14"} <= set(numbers)
    assert all(not lesson.problems for lesson in LESSONS), [p for lesson in LESSONS for p in lesson.problems]
    kinds = {a.kind for _, a in ACTIVITIES}
    assert {"ordering", "sorting", "choice", "number", "written", "scenario", "flowbuild", "chart"} <= kinds


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.number for lesson in LESSONS])
def test_every_lesson_has_a_worksheet_and_an_answer_sheet_with_each_activity(lesson: Lesson):
    sheet, key = page(worksheet_html(lesson)), page(answers_html(lesson))
    assert f"Lesson {lesson.number}" in words(sheet.find(".//h1")) and "worksheet" in words(sheet.find(".//h1"))
    assert "answer sheet" in words(key.find(".//h1"))
    for activity in lesson.activities:
        heading = words(section(sheet, activity).find("h2"))
        assert activity.title.replace("**", "") in heading
        if activity.number:
            assert heading.startswith(f"Activity {activity.number}:")
        section(key, activity)
    # No scripts: a worksheet is a printed page.
    assert not list(sheet.iter("script")) and not list(key.iter("script"))
    style = sheet.find(".//style").text
    assert "@page { size: A4" in style and "@media print" in style


def test_ordering_worksheet_lists_the_steps_as_the_widget_first_shows_them_and_the_key_in_order():
    for activity in by_kind("ordering"):
        lesson = next(lesson for lesson, a in ACTIVITIES if a is activity)
        widget = OrderTask.from_spec(activity.spec)
        shown = rows(section(page(worksheet_html(lesson)), activity))
        assert shown == list(widget.order), activity.id
        boxes = [s for s in section(page(worksheet_html(lesson)), activity).iter("span") if s.get("class") == "box"]
        assert len(boxes) == len(activity.spec.items)
        key = section(page(answers_html(lesson)), activity)
        ordered = [words(li.find("span")) for li in key.find("ol").findall("li")]
        assert ordered == [i.label for i in activity.spec.items]
        assert all(
            words(li.find("div")) == " ".join(i.why.split())
            for li, i in zip(key.find("ol").findall("li"), activity.spec.items)
        )


def test_sorting_worksheet_is_a_table_with_a_column_per_category_and_the_cards_as_dealt():
    for activity in by_kind("sorting"):
        lesson = next(lesson for lesson, a in ACTIVITIES if a is activity)
        table = section(page(worksheet_html(lesson)), activity).find(".//table")
        heads = [" ".join((th.text or "").split()) for th in table.find("thead").iter("th")]
        assert heads == ["Card"] + [" ".join(b.label.split()) for b in activity.spec.buckets]
        body = table.find("tbody").findall("tr")
        assert [words(tr.find("td")) for tr in body] == list(SortTask.from_spec(activity.spec).cards)
        assert all(
            len(tr.findall("td")) == 1 + len(activity.spec.buckets)
            and not words(tr)[len(words(tr.find("td"))) :].strip()
            for tr in body
        )
        # The key ticks exactly the accepted columns.
        key_rows = section(page(answers_html(lesson)), activity).find(".//tbody").findall("tr")
        for tr, card in zip(key_rows, activity.spec.cards):
            ticked = [b.id for b, td in zip(activity.spec.buckets, tr.findall("td")[1:]) if "✓" in words(td)]
            assert ticked == [b.id for b in activity.spec.buckets if b.id in card.accept], card.label


def test_choice_options_print_in_the_widgets_seeded_order_with_a_box_each():
    checked = 0
    for activity in by_kind("choice"):
        lesson = next(lesson for lesson, a in ACTIVITIES if a is activity)
        widget = Question.from_spec(activity.spec)
        part = section(page(worksheet_html(lesson)), activity)
        assert rows(part) == [o.replace("**", "") for o in widget.options], activity.id
        assert ("Tick every answer" in words(part)) == activity.spec.multiple
        key = section(page(answers_html(lesson)), activity)
        marked = {
            words(li.find("span")).split(": ", 1)[1]: words(li.find("span")).startswith("✓") for li in key.iter("li")
        }
        assert marked == {o.label.replace("**", ""): o.correct for o in activity.spec.options}
        checked += 1
    assert checked > 30


def test_number_questions_have_an_answer_line_and_the_key_gives_the_answer_with_its_tolerance():
    for activity in by_kind("number"):
        lesson = next(lesson for lesson, a in ACTIVITIES if a is activity)
        part = section(page(worksheet_html(lesson)), activity)
        assert [s for s in part.iter("span") if s.get("class") == "answer-line"]
        key = words(section(page(answers_html(lesson)), activity))
        assert f"Answer: {activity.spec.answer:g}" in key
        if activity.spec.tolerance:
            assert f"± {activity.spec.tolerance:g}" in key


def test_written_questions_show_marks_and_lines_and_the_key_has_every_marking_point_and_the_model_answer():
    for activity in by_kind("written"):
        lesson = next(lesson for lesson, a in ACTIVITIES if a is activity)
        part = section(page(worksheet_html(lesson)), activity)
        assert f"[{activity.spec.maximum} mark" in words(part)
        lines = [d for div in part.iter("div") if div.get("class") == "lines" for d in div]
        assert len(lines) >= 8
        key = section(page(answers_html(lesson)), activity)
        points = [words(li.find("strong")) for li in key.find("ol").findall("li")]
        assert points == [" ".join(p.text.split()) for p in activity.spec.points]
        assert " ".join(activity.spec.model_answer.splitlines()[0].split()) in words(key)
        graded = [words(h) for h in key.findall("h3") if words(h).endswith("marks by the rubric)")]
        assert graded == [
            f"A {e.level} answer ({activity.spec.score(e.text).score} of {activity.spec.maximum} marks by the rubric)"
            for e in activity.spec.exemplars
        ]


def test_the_mock_paper_worksheet_gives_the_time_and_the_same_total_as_the_paper_widget():
    from widgets.activities.paper import MockPaper

    lesson = next(lesson for lesson in LESSONS if lesson.papers)
    paper = MockPaper.from_content(lesson.papers[0].id)
    intro = words(page(worksheet_html(lesson)).find(".//header"))
    assert f"Time allowed: {lesson.papers[0].minutes} minutes. Total: {paper.maximum} marks." in intro


def _paths_to_steps(graph: ScenarioGraph) -> dict[str, list[int]]:
    """The shortest route (choice indices in content order) to every reachable step."""
    routes, queue = {graph.start: []}, deque([graph.start])
    while queue:
        current = queue.popleft()
        if graph.is_ending(current):
            continue
        for index, choice in enumerate(graph.step(current).choices):
            if choice.next not in routes:
                routes[choice.next] = routes[current] + [index]
                queue.append(choice.next)
    return {k: v for k, v in routes.items() if not graph.is_ending(k)}


def test_scenario_decision_sheet_shows_choices_as_the_widget_does_and_go_to_numbers_lead_to_the_right_section():
    for activity in by_kind("scenario"):
        lesson = next(lesson for lesson, a in ACTIVITIES if a is activity)
        part = section(page(worksheet_html(lesson)), activity)
        sections = {
            int(words(div.find("h3")).split(".")[0]): div
            for div in part.iter("div")
            if div.get("class") == "section keep"
        }
        graph = activity.spec.graph
        assert len(sections) == len(graph.steps) + len(graph.endings)
        assert words(sections[1].find("h3")).endswith(graph.step(graph.start).heading)
        widget = ScenarioTask.from_spec(activity.spec)
        for step_id, route in _paths_to_steps(graph).items():
            widget.try_again()
            for index in route:
                widget.choose(index)
            shown = [c["label"] for c in widget.view["choices"]]
            step = graph.step(step_id)
            div = next(d for d in sections.values() if words(d.find("h3")).split(". ", 1)[1] == step.heading)
            printed = [li for li in div.find("ul").findall("li")]
            assert [words(li).rsplit(" → go to ", 1)[0] for li in printed] == [" ".join(s.split()) for s in shown]
            for li in printed:
                label, target = words(li).rsplit(" → go to ", 1)
                choice = next(c for c in step.choices if " ".join(c.label.split()) == label)
                heading = words(sections[int(target)].find("h3"))
                expected = (
                    graph.ending(choice.next).title if graph.is_ending(choice.next) else graph.step(choice.next).heading
                )
                assert heading.endswith(expected)


@pytest.mark.skipif(not dot_available(), reason="needs Graphviz dot")
def test_chart_to_complete_has_empty_numbered_boxes_and_a_word_bank_and_the_key_has_the_labels():
    lesson = next(lesson for lesson in LESSONS if lesson.number == "01")
    activity = next(a for a in lesson.activities if a.kind == "chart" and a.id == "complaint-handling")
    part = section(page(worksheet_html(lesson)), activity)
    svg = part.find(".//{http://www.w3.org/2000/svg}svg")
    drawn = words(svg)
    stages = [n.label for n in activity.spec.nodes if n.kind != "note"]
    assert all(f"({n})" in drawn for n in range(1, len(stages) + 1))
    assert not any(" ".join(s.split()) in drawn for s in stages if len(s) > 12)
    assert sorted(rows(part)) == sorted(" ".join(s.split()) for s in stages)
    key = section(page(answers_html(lesson)), activity)
    assert [words(li) for li in key.find("ul").findall("li")] == [
        f"({n}) {' '.join(s.split())}" for n, s in enumerate(stages, 1)
    ]


def test_charts_print_as_text_where_graphviz_is_missing(monkeypatch):
    monkeypatch.setenv("AFTER_SALES_NO_DOT", "1")
    lesson = next(lesson for lesson in LESSONS if lesson.number == "05")
    activity = next(a for a in lesson.activities if a.kind == "flowbuild")
    key = section(page(answers_html(lesson)), activity)
    assert key.find(".//{http://www.w3.org/2000/svg}svg") is None
    text = words(key.find(".//pre"))
    assert all(" ".join(s.split()) in text for s in activity.spec.stages)


def test_build_your_own_flowchart_prints_every_card_and_the_key_names_the_distractors():
    for activity in by_kind("flowbuild"):
        lesson = next(lesson for lesson, a in ACTIVITIES if a is activity)
        cards = [
            words(d)
            for div in section(page(worksheet_html(lesson)), activity).iter("div")
            if div.get("class") == "cards"
            for d in div
        ]
        assert cards == list(
            FlowBuildTask.from_spec(activity.spec).cards
        )  # every card, in the widget's own mixed order
        assert sorted(cards) == sorted(
            " ".join(s.split()) for s in list(activity.spec.stages) + [d.label for d in activity.spec.distractors]
        )
        key = words(section(page(answers_html(lesson)), activity))
        assert all(" ".join(d.label.split()) in key for d in activity.spec.distractors)


# --------------------------------------------------------------------------- hostile content


def hostile_lesson() -> Lesson:
    """A lesson whose every text is hostile, one activity of each exportable kind and a scenario."""
    ordering = OrderingSpec(
        "hostile-order", HOSTILE, HOSTILE, (OrderItem(HOSTILE, HOSTILE), OrderItem("second " + HOSTILE, HOSTILE))
    )
    sorting = SortingSpec(
        "hostile-sort",
        HOSTILE,
        HOSTILE,
        (SortBucket("a", HOSTILE), SortBucket("b", "B " + HOSTILE)),
        (
            SortCard(HOSTILE, ("a",), HOSTILE),
            SortCard("2 " + HOSTILE, ("b",), HOSTILE),
            SortCard("3 " + HOSTILE, ("a", "b"), HOSTILE),
        ),
    )
    choice = QuestionSpec(
        "hostile-choice",
        "choice",
        HOSTILE,
        title=HOSTILE,
        multiple=True,
        explanation=HOSTILE,
        options=(
            ChoiceOption(HOSTILE, True, HOSTILE),
            ChoiceOption("2 " + HOSTILE, False, HOSTILE),
            ChoiceOption("3 " + HOSTILE, True, HOSTILE),
        ),
    )
    number = QuestionSpec(
        "hostile-number", "number", HOSTILE, answer=1.5, tolerance=0.05, unit="<b>%</b>", explanation=HOSTILE
    )
    written = WrittenSpec(
        "hostile-written",
        HOSTILE,
        HOSTILE,
        (MarkingPoint(HOSTILE, (("idea", (HOSTILE,)),), marks=2, why=HOSTILE, hint=HOSTILE),),
        title=HOSTILE,
    )
    graph = ScenarioGraph(
        "s1",
        (Step("s1", HOSTILE, HOSTILE, HOSTILE, "upset", (Choice(HOSTILE, "e1", HOSTILE, 2),)),),
        (Ending("e1", HOSTILE, HOSTILE, 3),),
    )
    scenario = ScenarioSpec(
        "hostile-scenario", HOSTILE, HOSTILE, HOSTILE, HOSTILE, HOSTILE, (), ("p/r1",), HOSTILE, ("a", "b", "c"), graph
    )
    chart = FlowchartSpec(
        "hostile-chart",
        HOSTILE,
        (FlowNode("a", HOSTILE, "terminal"), FlowNode("b", "B " + HOSTILE, "decision")),
        (FlowEdge("a", "b", HOSTILE, hint=HOSTILE),),
        distractors=(Distractor("D " + HOSTILE, HOSTILE),),
        prompt=HOSTILE,
    )
    activities = (
        Activity("ordering", ordering.id, ordering, "1.1"),
        Activity("sorting", sorting.id, sorting, "1.2"),
        Activity("choice", choice.id, choice, "1.3"),
        Activity("number", number.id, number, "1.4"),
        Activity("written", written.id, written, "1.5"),
        Activity("scenario", scenario.id, scenario, "1.6"),
        Activity("chart", chart.id, chart),
        Activity("flowbuild", chart.id, chart, "1.7"),
    )
    return Lesson("99", HOSTILE, Path("99-hostile.ipynb"), activities)


@pytest.mark.parametrize("sheet", [WORKSHEET, ANSWERS])
def test_hostile_content_is_printed_as_text_never_as_markup(sheet):
    html = (worksheet_html if sheet == WORKSHEET else answers_html)(hostile_lesson())
    root = page(html)  # parses: nothing unbalanced got through
    tags = {el.tag.split("}")[-1] for el in root.iter()}
    assert not tags & {"script", "img"}
    assert not [name for el in root.iter() for name in el.attrib if name.lower().startswith("on")]
    text = "".join(root.itertext())
    assert '<script>alert("x")</script>' in text and "<img src=x onerror=alert(1)>" in text
    # **bold** becomes emphasis around plain text, as in the widgets
    assert any(words(el) == "bold" for el in root.iter("strong"))


def test_hostile_content_exports_to_moodle_escaped_passes_the_check_and_reads_back_unchanged():
    lesson = hostile_lesson()
    xml, _ = export_xml([lesson])
    assert validate(xml) == []
    back = {q["id"]: q for q in read_moodle(xml)}
    for activity in lesson.activities:
        expected = plain(activity)
        if expected is not None:
            assert back[activity.id] == {**expected, "lesson": "99"}
    assert "<script" not in xml and "<img" not in xml
    html_fields = [el.findtext("text") or "" for el in ET.fromstring(xml).iter() if el.get("format") == "html"]
    assert html_fields and all(check.unsafe_markup(text) == [] for text in html_fields)
    assert any("&lt;script&gt;" in text for text in html_fields)  # shown as text in Moodle, not run


# --------------------------------------------------------------------------- Moodle


XML, REPORT = export_xml(LESSONS)


def test_the_whole_export_passes_the_structural_check():
    assert validate(XML) == []


def test_every_activity_is_exported_or_named_as_not_exported_with_a_reason():
    root = ET.fromstring(XML)
    exported = {q.findtext("idnumber") for q in root if q.get("type") != "category"}
    skipped = dict(REPORT.skipped)
    for _, activity in ACTIVITIES:
        if activity.kind in moodle.NOT_EXPORTED:
            assert activity.id in skipped and skipped[activity.id]
        else:
            assert activity.id in exported, activity.id
    types = {q.get("type") for q in root}
    assert types == {"category", "ordering", "multichoice", "numerical", "matching", "essay"}
    categories = [q.findtext("category/text") for q in root if q.get("type") == "category"]
    assert categories == [moodle.category_path(lesson) for lesson in LESSONS]


def test_round_trip_every_exported_activity_reads_back_as_its_content():
    expected = []
    for lesson in LESSONS:
        seen = set()
        for activity in lesson.activities:
            data = plain(activity)
            if data is not None and activity.id not in seen:
                seen.add(activity.id)
                expected.append({**data, "lesson": lesson.number})
    back = read_moodle(XML)
    assert len(back) == len(expected) > 60
    for mine, theirs in zip(expected, back):
        assert theirs == mine, mine["id"]
    assert {q["type"] for q in back} == {"ordering", "multichoice", "numerical", "matching", "essay"}


def test_cards_accepted_in_two_categories_are_reported_as_not_mapping_exactly():
    multi = {a.id for a in by_kind("sorting") if any(len(c.accept) > 1 for c in a.spec.cards)}
    reported = {task_id for task_id, what in REPORT.lossy if "categories" in what}
    assert multi and reported == multi


@pytest.mark.parametrize(
    "method, grading",
    [
        ("longest_subsequence", "LONGEST_ORDERED_SUBSET"),
        ("absolute", "ABSOLUTE_POSITION"),
        ("relative_next", "RELATIVE_NEXT_EXCLUDE_LAST"),
    ],
)
def test_ordering_grading_type_matches_the_packs_method(method, grading):
    spec = OrderingSpec(
        "o", "T", "Do it", (OrderItem("a", "x"), OrderItem("b", "y"), OrderItem("c", "z")), scoring=method
    )
    xml, _ = export_xml([Lesson("01", "L", Path("01-l.ipynb"), (Activity("ordering", "o", spec, "1.1"),))])
    question = ET.fromstring(xml).find("question[@type='ordering']")
    assert question.findtext("gradingtype") == grading
    assert [a.get("fraction") for a in question.findall("answer")] == ["1", "2", "3"]
    assert (
        float(question.findtext("defaultgrade")) == OrderTask.from_spec(spec).maximum
    )  # 3, or 2 pairs for relative_next
    assert read_moodle(xml)[0]["scoring"] == method


def _moodle_grade(question: ET.Element, ticked: set[int]) -> float:
    """What Moodle awards for ticking these answers: the fractions added, floored at 0, times the default mark."""
    fractions = [float(a.get("fraction")) / 100 for a in question.findall("answer")]
    return max(0.0, sum(fractions[i] for i in ticked)) * float(question.findtext("defaultgrade"))


MULTI = [a for a in by_kind("choice") if a.spec.multiple]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(MULTI), st.data())
def test_moodle_marks_a_multiple_answer_question_as_the_pack_does(activity, data):
    xml, _ = export_xml([Lesson("01", "L", Path("01-l.ipynb"), (activity,))])
    question = ET.fromstring(xml).find("question[@type='multichoice']")
    options = activity.spec.options
    ticked = data.draw(st.sets(st.integers(0, len(options) - 1)))
    pack = score_choice([(o.label, o.correct) for o in options], [options[i].label for i in ticked], True)
    assert _moodle_grade(question, ticked) == pytest.approx(pack.score, abs=1e-4)
    assert float(question.findtext("defaultgrade")) == pack.maximum


def test_a_question_with_more_right_options_than_moodle_can_share_out_is_named_not_written():
    options = tuple(ChoiceOption(f"right {n}", True, "yes") for n in range(11)) + (ChoiceOption("wrong", False, "no"),)
    spec = QuestionSpec("eleven-right", "choice", "Tick", multiple=True, options=options)
    xml, report = export_xml([Lesson("01", "L", Path("01-l.ipynb"), (Activity("choice", spec.id, spec, "1.1"),))])
    assert ET.fromstring(xml).find("question[@type='multichoice']") is None
    assert report.skipped and report.skipped[0][0] == "eleven-right" and "1/11" in report.skipped[0][1]


def test_single_answer_questions_give_100_to_the_right_option_and_0_to_the_rest():
    root = ET.fromstring(XML)
    for activity in (a for a in by_kind("choice") if not a.spec.multiple):
        question = next(q for q in root if q.findtext("idnumber") == activity.id)
        assert question.findtext("single") == "true"
        assert [a.get("fraction") for a in question.findall("answer")] == [
            "100" if o.correct else "0" for o in activity.spec.options
        ]
        assert question.findtext("shuffleanswers") == ("false" if activity.spec.fixed_order else "true")


def test_moodles_fraction_list():
    positives = [f for f in MOODLE_FRACTIONS if f >= 0]
    assert positives == [
        100,
        90,
        83.33333,
        80,
        75,
        70,
        66.66667,
        60,
        50,
        40,
        33.33333,
        30,
        25,
        20,
        16.66667,
        14.28571,
        12.5,
        11.11111,
        10,
        5,
        0,
    ]
    assert sorted(f for f in MOODLE_FRACTIONS if f < 0) == sorted(-f for f in positives if f)
    assert valid_fraction(33.33333) and valid_fraction(-14.28571) and valid_fraction(-100)
    assert (
        not valid_fraction(35) and not valid_fraction(33.3) and not valid_fraction(9.09091) and not valid_fraction(-101)
    )


# --------------------------------------------------------------------------- the validator refuses broken files

GOOD = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/X</text></category></question>
  <question type="multichoice">
    <name><text>Q</text></name>
    <questiontext format="html"><text>&lt;p&gt;Pick&lt;/p&gt;</text></questiontext>
    <defaultgrade>2</defaultgrade><single>false</single><shuffleanswers>true</shuffleanswers><answernumbering>abc</answernumbering>
    <answer fraction="50"><text>a</text></answer>
    <answer fraction="50"><text>b</text></answer>
    <answer fraction="-50"><text>c</text></answer>
  </question>
  <question type="ordering">
    <name><text>O</text></name>
    <questiontext format="html"><text>Order</text></questiontext>
    <layouttype>VERTICAL</layouttype><selecttype>ALL</selecttype><selectcount>2</selectcount>
    <gradingtype>LONGEST_ORDERED_SUBSET</gradingtype><showgrading>SHOW</showgrading>
    <answer fraction="1"><text>a</text></answer><answer fraction="2"><text>b</text></answer>
  </question>
  <question type="matching">
    <name><text>M</text></name>
    <questiontext format="html"><text>Match</text></questiontext>
    <shuffleanswers>true</shuffleanswers>
    <subquestion format="html"><text>a</text><answer><text>A</text></answer></subquestion>
    <subquestion format="html"><text>b</text><answer><text>B</text></answer></subquestion>
    <subquestion format="html"><text>c</text><answer><text>A</text></answer></subquestion>
  </question>
  <question type="essay">
    <name><text>E</text></name>
    <questiontext format="html"><text>Write</text></questiontext>
    <responseformat>editor</responseformat><responsefieldlines>15</responsefieldlines><attachments>0</attachments>
    <graderinfo format="html"><text>marks</text></graderinfo>
  </question>
  <question type="numerical">
    <name><text>N</text></name>
    <questiontext format="html"><text>How many</text></questiontext>
    <answer fraction="100"><text>62.8</text><tolerance>0.1</tolerance></answer>
    <showunits>3</showunits>
  </question>
</quiz>
"""


def test_the_good_example_passes():
    assert validate(GOOD) == []


@pytest.mark.parametrize(
    "old, new, problem",
    [
        ("<quiz>", "<quiz>\n<quiz>", "not well-formed"),
        ("<name><text>Q</text></name>", "", "needs <name>"),
        ('<answer fraction="-50">', '<answer fraction="-35">', "fraction -35"),
        (
            '<answer fraction="-50"><text>c</text></answer>',
            '<answer fraction="40"><text>c</text></answer>',
            "add up to 140",
        ),
        (
            "<single>false</single>",
            "<single>true</single>",
            "single-answer question needs one answer with fraction 100",
        ),
        ("<single>false</single>", "<single>maybe</single>", "<single> 'maybe'"),
        ("<answernumbering>abc</answernumbering>", "<answernumbering>xyz</answernumbering>", "answernumbering"),
        (
            "<gradingtype>LONGEST_ORDERED_SUBSET</gradingtype>",
            "<gradingtype>LONGEST_SUBSEQUENCE</gradingtype>",
            "gradingtype",
        ),
        ("<layouttype>VERTICAL</layouttype>", "", "needs <layouttype>"),
        ("<selectcount>2</selectcount>", "<selectcount>5</selectcount>", "selectcount"),
        ('<answer fraction="2"><text>b</text></answer>', '<answer fraction="2"><text>a</text></answer>', "same text"),
        (
            '<subquestion format="html"><text>c</text><answer><text>A</text></answer></subquestion>',
            "",
            "at least 2 subquestions and 3 answers",
        ),
        (
            "<text>b</text><answer><text>B</text></answer>",
            "<text>b</text><answer><text></text></answer>",
            "no matching answer",
        ),
        ("<responseformat>editor</responseformat>", "<responseformat>word</responseformat>", "responseformat"),
        ("<text>62.8</text>", "<text>sixty</text>", "not a number"),
        ("<tolerance>0.1</tolerance>", "<tolerance>-1</tolerance>", "tolerance"),
        ('<question type="essay">', '<question type="essays">', "unknown question type"),
        (
            "<text>&lt;p&gt;Pick&lt;/p&gt;</text>",
            "<text>&lt;p onclick=alert(1)&gt;Pick&lt;/p&gt;</text>",
            "would run in the browser",
        ),
        (
            "<text>&lt;p&gt;Pick&lt;/p&gt;</text>",
            "<text>&lt;script&gt;alert(1)&lt;/script&gt;</text>",
            "would run in the browser",
        ),
        (
            '<questiontext format="html"><text>Order</text>',
            '<questiontext format="word"><text>Order</text>',
            "format 'word'",
        ),
    ],
)
def test_the_validator_rejects_broken_files(old, new, problem):
    broken = GOOD.replace(old, new, 1)
    assert broken != GOOD
    problems = validate(broken)
    assert any(problem in p for p in problems), problems


def test_the_root_must_be_quiz_and_hold_questions():
    assert validate(GOOD.replace("<quiz>", "<questions>").replace("</quiz>", "</questions>")) == [
        "the root element must be <quiz>, not <questions>"
    ]
    assert validate('<quiz><question type="category"><category><text>x</text></category></question></quiz>') == [
        "the file has no questions"
    ]


def test_duplicate_idnumbers_in_a_category_are_refused():
    doubled = GOOD.replace("<name><text>O</text></name>", "<name><text>O</text></name><idnumber>x</idnumber>").replace(
        "<name><text>M</text></name>", "<name><text>M</text></name><idnumber>x</idnumber>"
    )
    assert any("idnumber 'x' is already used" in p for p in validate(doubled))


# --------------------------------------------------------------------------- command lines


def test_worksheets_command_writes_a_page_pair_per_lesson_and_an_index(tmp_path, capsys):
    assert cli.main(["worksheets", str(tmp_path), "--lesson", "5"]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "05-drawing-the-after-sales-process-answers.html",
        "05-drawing-the-after-sales-process-worksheet.html",
        "index.html",
    ]
    links = [a.get("href") for a in page((tmp_path / "index.html").read_text(encoding="utf-8")).iter("a")]
    assert links == names[1::-1]
    assert "Wrote 3 pages for 1 lesson to" in capsys.readouterr().out


def test_commands_say_where_they_looked_when_no_lesson_matches(tmp_path, capsys):
    assert cli.main(["worksheets", str(tmp_path / "out"), "--lesson", "42"]) == 2
    assert cli.main(["moodle", str(tmp_path / "bank.xml"), "--lessons", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "No lesson notebook numbered 42 with activities in" in err and f"with activities in {tmp_path}." in err
    assert not (tmp_path / "out").exists() and not (tmp_path / "bank.xml").exists()


def test_moodle_command_writes_a_checked_file_and_names_what_it_left_out(tmp_path, capsys):
    target = tmp_path / "out" / "bank.xml"
    assert cli.main(["moodle", str(target), "--lesson", "14", "--lesson", "05"]) == 0
    text = target.read_text(encoding="utf-8")
    assert check.validate(text) == []
    out = capsys.readouterr().out
    assert re.search(r"Wrote \d+ questions from 2 lessons", out)
    assert "faulty-kettle-within-30-days" in out and "branching scenario" in out
    assert {q["lesson"] for q in read_moodle(text)} == {
        "05"
    }  # lesson 14 is all scenarios: a category with no questions
