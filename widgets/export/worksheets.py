"""Printable worksheets and tutor answer sheets, made from the same content as the widgets.

For each lesson, ``worksheet_html`` gives a print-friendly A4 page (no JavaScript) with the
lesson's activities as paper tasks, and ``answers_html`` the tutor's answer sheet with every
correct answer and every explanation. Nothing is typed twice: both read the content entries
the lesson's widgets are built from (see :mod:`widgets.export.activities`).

How each activity prints:

* ordering: the steps in the widget's own starting shuffle, a box beside each to number;
* sorting: a table with a column per category, one row per card (in the widget's dealt order) to tick;
* choice questions: the options in the widget's seeded order, a box to tick beside each;
* number questions: an answer line with the unit;
* written answers: the question, its command word, the marks, and ruled lines;
* a branching scenario: a decision sheet, numbered sections with "go to" numbers;
* a build-your-own flowchart: the cards (stages and distractors) as boxes to cross out or connect;
* a chart shown for reference: the same chart with empty numbered boxes and a word bank.

Every piece of content text is escaped before it goes into the HTML (``**term**`` becomes
``<strong>`` around escaped text, as in the widgets).
"""

from __future__ import annotations

import random
import re
from dataclasses import replace
from html import escape
from pathlib import Path
from typing import Callable, Sequence

from .._base import default_seed
from ..activities.flowbuild import shuffled_cards
from ..activities.flowchart import FlowchartSpec, FlowNode, describe, dot_available, render_svg, to_dot
from ..activities.ordering import shuffled
from ..activities.questions import option_order
from ..scoring.order import METHOD_NAMES, score_order
from ..scoring.scenario import best_path
from ..activities.sorting import dealt
from .activities import Activity, Lesson

STYLE = """
@page { size: A4; margin: 14mm 14mm 16mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.4; color: #000; background: #fff;
       margin: 0 auto; padding: 12mm; max-width: 210mm; overflow-wrap: break-word; }
header { border-bottom: 2px solid #000; margin-bottom: 4mm; }
header h1 { font-size: 17pt; margin: 0 0 1mm; }
header p { margin: 0 0 2mm; }
.name-line { display: flex; gap: 8mm; margin: 2mm 0 3mm; }
.name-line span { flex: 1; border-bottom: 1px solid #000; padding-top: 5mm; font-size: 9pt; }
.activity { margin: 0 0 6mm; padding: 0 0 3mm; border-bottom: 1px solid #999; }
.activity h2 { font-size: 13pt; margin: 0 0 1.5mm; }
.activity h3 { font-size: 11pt; margin: 3mm 0 1mm; }
.meta { font-size: 9.5pt; font-style: italic; margin: 0 0 1.5mm; }
.keep { break-inside: avoid; page-break-inside: avoid; }
.box { display: inline-block; width: 9mm; height: 7mm; border: 1.5px solid #000; vertical-align: middle; margin-right: 3mm; }
.tick { display: inline-block; width: 5mm; height: 5mm; border: 1.5px solid #000; vertical-align: middle; margin-right: 3mm; }
ul.rows { list-style: none; padding: 0; margin: 0; }
ul.rows li { margin: 0 0 2mm; display: flex; align-items: flex-start; gap: 0; }
ul.rows li > span:last-child { flex: 1; padding-top: 0.5mm; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #000; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
td.cell { text-align: center; }
th.card-col { width: 45%; }
.lines div { border-bottom: 1px solid #777; height: 8.5mm; }
.answer-line { display: inline-block; min-width: 45mm; border-bottom: 1px solid #000; height: 6mm; vertical-align: bottom; }
.cards { display: flex; flex-wrap: wrap; gap: 4mm; margin: 2mm 0; }
.cards div { border: 1.5px solid #000; border-radius: 2mm; padding: 2mm 3mm; width: 56mm; min-height: 14mm; }
.cards div.decision { border-style: dashed; }
.chart svg { max-width: 100%; height: auto; display: block; margin: 2mm auto; }
.chart-text { white-space: pre-wrap; font-family: inherit; }
.section { border: 1px solid #000; padding: 2mm 3mm; margin: 0 0 3mm; }
.section h3 { margin-top: 0; }
.says { border-left: 3px solid #000; padding-left: 2mm; }
.goto { font-weight: bold; white-space: nowrap; }
.correct { font-weight: bold; }
.why { margin: 0.5mm 0 1.5mm 8mm; font-size: 10pt; }
.note { font-size: 9.5pt; border: 1px dashed #000; padding: 1.5mm 2.5mm; }
.problems { border: 2px solid #000; padding: 2mm 3mm; }
footer { font-size: 8.5pt; margin-top: 6mm; }
@media print {
  body { padding: 0; max-width: none; }
  a { color: #000; text-decoration: none; }
  .no-print { display: none; }
}
"""

#: How to read the accepted phrasings a rubric lists under "Look for".
LOOK_FOR_KEY = (
    "In “Look for”, a * stands for any ending (survey*: survey, surveys, surveyed), # for any number "
    "and ... for a few words in between; the learner's own words with the same idea earn the point too."
)

#: Sheet kinds: what the learner fills in, or what the tutor marks with.
WORKSHEET, ANSWERS = "worksheet", "answers"


def text(value: object) -> str:
    """Content text as HTML: escaped, with the widgets' ``**term**`` emphasis as <strong>."""
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escape(str(value), quote=True))


def paragraphs(value: str) -> str:
    """Multi-line content text as paragraphs (blank lines) and line breaks."""
    blocks = [b for b in re.split(r"\n\s*\n", str(value).strip()) if b.strip()]
    return "".join("<p>" + "<br/>".join(text(line) for line in block.splitlines()) + "</p>" for block in blocks)


def _lines(count: int) -> str:
    return '<div class="lines" aria-label="space to write">' + "<div></div>" * count + "</div>"


def _heading(activity: Activity) -> str:
    number = f"Activity {activity.number}: " if activity.number else ""
    return f"<h2>{text(number)}{text(activity.title)}</h2>"


# --------------------------------------------------------------------------- orders a widget shows


def ordering_start(activity: Activity) -> list[str]:
    """The steps in the order the ordering widget first shows them."""
    spec = activity.spec
    labels = [item.label for item in spec.items]
    return shuffled(labels, default_seed(spec.id) if spec.seed is None else spec.seed)


def sorting_deal(activity: Activity) -> list[str]:
    """The cards in the order the sorting widget first deals them."""
    spec = activity.spec
    labels = [card.label for card in spec.cards]
    return dealt(labels, default_seed(spec.id) if spec.seed is None else spec.seed)


def choice_order(activity: Activity) -> list[str]:
    """The options in the order the question widget shows them (seeded shuffle unless fixed_order)."""
    spec = activity.spec
    return option_order([o.label for o in spec.options], spec.id, spec.fixed_order)


def scenario_choice_order(activity: Activity, step) -> list[int]:
    """A step's choices (indices) in the order the scenario widget shows them."""
    order = list(range(len(step.choices)))
    random.Random(f"{default_seed(activity.spec.id)}:{step.id}").shuffle(order)
    return order


def scenario_sections(activity: Activity) -> dict[str, int]:
    """Step and ending id -> section number on the decision sheet: the start first, then steps, then endings."""
    graph = activity.spec.graph
    ids = [graph.start] + [s.id for s in graph.steps if s.id != graph.start] + [e.id for e in graph.endings]
    return {node_id: number for number, node_id in enumerate(ids, 1)}


# --------------------------------------------------------------------------- one activity, both sheets


def _ordering(activity: Activity, sheet: str) -> str:
    spec = activity.spec
    if sheet == WORKSHEET:
        rows = "".join(
            f'<li><span class="box"></span><span>{text(label)}</span></li>' for label in ordering_start(activity)
        )
        return (
            f'<p>{text(spec.instructions)}</p><p class="meta">Write 1 in the box of the first step, 2 for the next, '
            f'and so on up to {len(spec.items)}.</p><ul class="rows">{rows}</ul>'
        )
    rows = "".join(
        f'<li><span class="correct">{text(item.label)}</span><div class="why">{text(item.why)}</div></li>'
        for item in spec.items
    )
    return f'<p class="meta">Correct order. Scored by {text(METHOD_NAMES.get(spec.scoring, spec.scoring))}.</p><ol>{rows}</ol>'


def _sorting(activity: Activity, sheet: str) -> str:
    spec = activity.spec
    heads = "".join(
        f"<th>{text(b.label)}"
        + (f'<br/><span class="meta">{text(b.description)}</span>' if b.description else "")
        + "</th>"
        for b in spec.buckets
    )
    if sheet == WORKSHEET:
        cells = '<td class="cell"></td>' * len(spec.buckets)
        rows = "".join(f'<tr class="keep"><td>{text(label)}</td>{cells}</tr>' for label in sorting_deal(activity))
        return (
            f'<p>{text(spec.instructions)}</p><p class="meta">Tick one column for each card.</p>'
            f'<table><thead><tr><th class="card-col">Card</th>{heads}</tr></thead><tbody>{rows}</tbody></table>'
        )
    rows = []
    for card in spec.cards:
        marks = "".join(
            f'<td class="cell">{"✓" + (" (also right)" if len(card.accept) > 1 else "") if b.id in card.accept else ""}</td>'
            for b in spec.buckets
        )
        rows.append(f'<tr class="keep"><td>{text(card.label)}<div class="why">{text(card.why)}</div></td>{marks}</tr>')
    return f'<table><thead><tr><th class="card-col">Card</th>{heads}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _choice(activity: Activity, sheet: str) -> str:
    spec = activity.spec
    prompt = paragraphs(spec.prompt)
    if sheet == WORKSHEET:
        how = "Tick every answer that is right." if spec.multiple else "Tick one answer."
        rows = "".join(
            f'<li><span class="tick"></span><span>{text(label)}</span></li>' for label in choice_order(activity)
        )
        return f'{prompt}<p class="meta">{how}</p><ul class="rows">{rows}</ul>'
    by_label = {o.label: o for o in spec.options}
    rows = []
    for label in choice_order(activity):
        option = by_label[label]
        verdict = "✓ Right" if option.correct else "✗ Wrong"
        rows.append(
            f'<li><span class="{"correct" if option.correct else ""}">{verdict}: {text(label)}</span>'
            f'<div class="why">{text(option.why)}</div></li>'
        )
    rule = (
        (
            '<p class="meta">Marking: one mark for each right answer ticked, minus one for each wrong answer ticked, '
            f"never below zero; out of {sum(o.correct for o in spec.options)}.</p>"
        )
        if spec.multiple
        else ""
    )
    extra = f"<p>{text(spec.explanation)}</p>" if spec.explanation else ""
    return f'{prompt}<ul class="rows">{"".join(rows)}</ul>{rule}{extra}'


def _number(activity: Activity, sheet: str) -> str:
    spec = activity.spec
    prompt = paragraphs(spec.prompt)
    unit = f" {text(spec.unit)}" if spec.unit else ""
    if sheet == WORKSHEET:
        data = '<p class="meta">Use the table of results from the lesson.</p>' if activity.answer_from_notebook else ""
        return f'{prompt}{data}<p>Answer: <span class="answer-line"></span>{unit}</p>'
    tolerance = f" (accept ± {spec.tolerance:g})" if spec.tolerance else ""
    source = (
        '<p class="meta">The lesson works this out from the feedback data loaded in the notebook; the figure here '
        "is for the pack's own dataset. With a tutor's own data, use the figure the notebook shows.</p>"
        if activity.answer_from_notebook
        else ""
    )
    answer = f"{spec.answer:g}" if spec.answer is not None else "worked out in the notebook"
    return f'{prompt}<p class="correct">Answer: {text(answer)}{unit}{text(tolerance)}</p><p>{text(spec.explanation)}</p>{source}'


def exemplar_heading(spec, exemplar) -> str:
    """ "A pass answer (3 of 6 marks by the rubric)": the exemplar's level and what the rubric gives it."""
    result = spec.score(exemplar.text)
    return f"A {exemplar.level} answer ({result.score} of {result.maximum} marks by the rubric)"


def _written(activity: Activity, sheet: str) -> str:
    spec = activity.spec
    marks = f"[{spec.maximum} mark{'s' if spec.maximum != 1 else ''}]"
    command = f"Command word: <strong>{text(spec.command_word)}</strong>. " if spec.command_word else ""
    head = f'{paragraphs(spec.prompt)}<p class="meta">{command}{text(marks)}</p>'
    if sheet == WORKSHEET:
        return head + _lines(max(8, spec.maximum * 3, spec.min_words // 9 + 3))
    rows = []
    for point in spec.points:
        ideas = "; ".join(", ".join(terms) for _, terms in point.ideas)
        need = f" Needs {point.need} different ideas for each mark." if point.need > 1 else ""
        rows.append(
            f'<li class="keep"><strong>{text(point.text)}</strong> ({point.marks} mark{"s" if point.marks != 1 else ""}, {text(point.style)})'
            f'<div class="why">Why: {text(point.why)}</div>'
            f'<div class="why">Look for: {text(ideas)}.{text(need)}</div>'
            + "".join(
                f'<div class="why">Does not earn it: “{text(term)}”: {text(reason)}</div>'
                for term, reason in point.reject
            )
            + f'<div class="why">If missed: {text(point.hint)}</div></li>'
        )
    exemplars = "".join(f"<h3>{text(exemplar_heading(spec, e))}</h3>{paragraphs(e.text)}" for e in spec.exemplars)
    return f'{head}<h3>Marking points</h3><p class="meta">{text(LOOK_FOR_KEY)}</p><ol>{"".join(rows)}</ol><h3>Model answer</h3>{paragraphs(spec.model_answer)}{exemplars}'


def _scenario(activity: Activity, sheet: str) -> str:
    spec = activity.spec
    graph = spec.graph
    sections = scenario_sections(activity)
    intro = (
        f'<p class="meta">{text(spec.setting)}</p><p><strong>The customer:</strong> {text(spec.customer)}</p>'
        f"<p><strong>You know:</strong> {text(spec.adviser_brief)}</p>"
    )
    if sheet == WORKSHEET:
        parts = [
            intro,
            '<p class="meta">Start at section 1. At each section choose what you would do, then go to the '
            "section it names. Write down the route you took.</p>",
        ]
        for step in [graph.step(i) for i in sections if not graph.is_ending(i)]:
            choices = "".join(
                f'<li><span class="tick"></span><span>{text(step.choices[i].label)} '
                f'<span class="goto">→ go to {sections[step.choices[i].next]}</span></span></li>'
                for i in scenario_choice_order(activity, step)
            )
            parts.append(
                f'<div class="section keep"><h3>{sections[step.id]}. {text(step.heading)}</h3><p>{text(step.situation)}</p>'
                f'<p class="says">{text(step.customer_says)}</p><ul class="rows">{choices}</ul></div>'
            )
        for ending in graph.endings:
            parts.append(
                f'<div class="section keep"><h3>{sections[ending.id]}. The end: {text(ending.title)}</h3>'
                f"<p>{text(ending.outcome)}</p></div>"
            )
        parts.append('<p>My route (section numbers): <span class="answer-line" style="min-width:110mm"></span></p>')
        return "".join(parts)
    parts = []
    route, current = [], graph.start
    for index in best_path(graph):
        choice = graph.step(current).choices[index]
        route.append(f"<li>Section {sections[current]}: {text(choice.label)}</li>")
        current = choice.next
    best = graph.ending(current)
    parts.append(
        f"<h3>Best route</h3><ol>{''.join(route)}</ol><p>Ends at section {sections[current]}: "
        f"<strong>{text(best.title)}</strong> (score {best.score}).</p>"
    )
    for step in [graph.step(i) for i in sections if not graph.is_ending(i)]:
        rows = "".join(
            f'<li>{text(c.label)} <span class="goto">→ {sections[c.next]}</span> ({c.points} point{"s" if c.points != 1 else ""})'
            f'<div class="why">{text(c.feedback)}</div></li>'
            for c in step.choices
        )
        parts.append(
            f'<div class="section keep"><h3>{sections[step.id]}. {text(step.heading)}</h3><ul>{rows}</ul></div>'
        )
    endings = "".join(f"<li>Section {sections[e.id]}: {text(e.title)}: score {e.score}</li>" for e in graph.endings)
    parts.append(f"<h3>Endings and their scores</h3><ul>{endings}</ul>")
    if spec.law_note:
        parts.append(f"<h3>The law behind it</h3><p>{text(spec.law_note)}</p>")
    return "".join(parts)


def _svg(chart: FlowchartSpec) -> str | None:
    """The chart as inline SVG from ``dot``, or None where Graphviz is not installed."""
    if not dot_available():
        return None
    svg = render_svg(to_dot(chart))
    if not svg or "<svg" not in svg:
        return None
    svg = svg[svg.index("<svg") :]
    # dot writes content text as XML character data; nothing in it can be markup, but be sure.
    return None if re.search(r"<\s*(script|foreignObject|iframe)|\bon\w+\s*=", svg, re.I) else svg


def blank_chart(chart: FlowchartSpec) -> tuple[FlowchartSpec, list[str]]:
    """The chart with each box (not notes) replaced by its number, and the labels in box order."""
    nodes, labels = [], []
    for node in chart.nodes:
        if node.kind == "note":
            nodes.append(node)
            continue
        labels.append(node.label)
        nodes.append(FlowNode(node.id, f"({len(labels)})" + "\u00a0" * 28, node.kind))
    return replace(chart, nodes=tuple(nodes), marks={}), labels


def _chart_text(chart: FlowchartSpec) -> str:
    return f'<pre class="chart-text">{escape(describe(chart))}</pre>'


def _chart(activity: Activity, sheet: str) -> str:
    chart = activity.spec
    blank, labels = blank_chart(chart)
    if sheet == WORKSHEET:
        bank = [labels[i] for i in _bank_order(len(labels), chart.id)]
        drawn = _svg(blank)
        picture = f'<div class="chart">{drawn}</div>' if drawn else _chart_text(blank)
        words = "".join(f'<li><span class="box"></span><span>{text(label)}</span></li>' for label in bank)
        return (
            f"<p>Write the number of each box beside the words that belong in it.</p>{picture}"
            f'<h3>Words for the boxes</h3><ul class="rows">{words}</ul>'
        )
    drawn = _svg(chart)
    key = "".join(f"<li>({n}) {text(label)}</li>" for n, label in enumerate(labels, 1))
    return f"<ul>{key}</ul>" + (f'<div class="chart">{drawn}</div>' if drawn else _chart_text(chart))


def _bank_order(count: int, seed_text: str) -> list[int]:
    order = list(range(count))
    random.Random(default_seed(seed_text)).shuffle(order)
    return order


def _flowbuild(activity: Activity, sheet: str) -> str:
    chart = activity.spec
    if sheet == WORKSHEET:
        decisions = {" ".join(n.label.split()) for n in chart.nodes if n.kind == "decision"}
        cards = "".join(
            f'<div class="{"decision" if label in decisions else ""}">{text(label)}</div>'
            for label in shuffled_cards(chart, default_seed(chart.id))
        )
        prompt = (
            chart.prompt
            or "Choose the stages that belong, leave out the ones that do not, then connect them in order with arrows."
        )
        return (
            f'<p>{text(prompt)}</p><p class="meta">Cross out the cards that do not belong. Number the others in order, '
            "or cut them out and stick them down, then draw the arrows (and any feedback loop).</p>"
            f'<div class="cards">{cards}</div>' + _lines(3)
        )
    drawn = _svg(chart)
    picture = f'<div class="chart">{drawn}</div>' if drawn else _chart_text(chart)
    left_out = "".join(
        f"<li>{text(d.label)}" + (f'<div class="why">{text(d.why)}</div>' if d.why else "") + "</li>"
        for d in chart.distractors
    )
    hints = "".join(
        f"<li>{text(chart.node(e.source).label)} → {text(chart.node(e.target).label)}: {text(e.hint)}</li>"
        for e in chart.edges
        if e.hint
    )
    return (
        picture
        + (f"<h3>Cards that do not belong</h3><ul>{left_out}</ul>" if left_out else "")
        + (f"<h3>What to say about a missing arrow</h3><ul>{hints}</ul>" if hints else "")
    )


RENDER: dict[str, Callable[[Activity, str], str]] = {
    "ordering": _ordering,
    "sorting": _sorting,
    "choice": _choice,
    "number": _number,
    "written": _written,
    "scenario": _scenario,
    "chart": _chart,
    "flowbuild": _flowbuild,
}


def activity_html(activity: Activity, sheet: str) -> str:
    """One activity as an HTML section of a worksheet or an answer sheet."""
    body = RENDER[activity.kind](activity, sheet)
    note = '<p class="meta">A chart from the lesson, to complete.</p>' if activity.kind == "chart" else ""
    return f'<section class="activity" id="{escape(activity.kind)}-{escape(activity.id)}">{_heading(activity)}{note}{body}</section>'


# --------------------------------------------------------------------------- pages


def _page(title: str, heading: str, intro: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8"/>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"/><title>{text(title)}</title>'
        f"<style>{STYLE}</style></head><body><header><h1>{heading}</h1>{intro}</header><main>{body}</main>"
        "<footer>After-Sales Lessons. Generated from the lesson content files; edit those, not this page.</footer></body></html>\n"
    )


def _problems(lesson: Lesson) -> str:
    if not lesson.problems:
        return ""
    items = "".join(f"<li>{text(p)}</li>" for p in lesson.problems)
    return f'<div class="problems"><strong>Some activities could not be loaded:</strong><ul>{items}</ul></div>'


def activity_maximum(activity: Activity) -> int:
    """The marks a written or ordering question is worth, as the widget scores it."""
    if activity.kind == "ordering":
        labels = [item.label for item in activity.spec.items]
        return score_order(labels, labels, activity.spec.scoring).maximum
    return activity.spec.maximum


def _paper_line(lesson: Lesson) -> str:
    """Time allowed and total marks of a mock paper, as the exam would print them."""
    lines = []
    for paper in lesson.papers:
        ids = set(paper.question_ids)
        total = sum(activity_maximum(a) for a in lesson.activities if a.id in ids)
        lines.append(
            f"<p><strong>{text(paper.title)}.</strong> Time allowed: {paper.minutes} minutes. Total: {total} marks.</p>"
        )
    return "".join(lines)


def worksheet_html(lesson: Lesson) -> str:
    """The learner's printable worksheet for one lesson."""
    heading = f"Lesson {text(lesson.number)}: {text(lesson.title)}"
    intro = (
        '<div class="name-line"><span>Name</span><span>Date</span></div>'
        "<p>Work through each activity on paper. Your tutor has the answers.</p>" + _paper_line(lesson)
    )
    body = _problems(lesson) + "".join(activity_html(a, WORKSHEET) for a in lesson.activities)
    return _page(f"Worksheet: lesson {lesson.number}", heading + " — worksheet", intro, body)


def answers_html(lesson: Lesson) -> str:
    """The tutor's answer sheet for one lesson: every answer, with the explanations."""
    heading = f"Lesson {text(lesson.number)}: {text(lesson.title)}"
    intro = "<p><strong>For tutors.</strong> The correct answers with every explanation, from the same content as the lesson.</p>"
    body = _problems(lesson) + "".join(activity_html(a, ANSWERS) for a in lesson.activities)
    return _page(f"Answers: lesson {lesson.number}", heading + " — answer sheet", intro, body)


def index_html(lessons: Sequence[Lesson]) -> str:
    """A page linking every worksheet and answer sheet."""
    rows = "".join(
        f"<tr><td>{text(lesson.number)}</td><td>{text(lesson.title)}</td><td>{len(lesson.activities)}</td>"
        f'<td><a href="{escape(lesson.slug)}-worksheet.html">Worksheet</a></td>'
        f'<td><a href="{escape(lesson.slug)}-answers.html">Answers</a></td></tr>'
        for lesson in lessons
    )
    table = f"<table><thead><tr><th>Lesson</th><th>Title</th><th>Activities</th><th>For learners</th><th>For tutors</th></tr></thead><tbody>{rows}</tbody></table>"
    return _page("Worksheets", "Printable worksheets", "<p>Open a sheet and print it (A4).</p>", table)


def write_lesson_sheets(outdir: Path, lesson: Lesson) -> list[Path]:
    """Write one lesson's worksheet and answer sheet into ``outdir``; return the two files."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, page in (("worksheet", worksheet_html(lesson)), ("answers", answers_html(lesson))):
        path = outdir / f"{lesson.slug}-{suffix}.html"
        path.write_text(page, encoding="utf-8")
        written.append(path)
    return written


def write_index(outdir: Path, lessons: Sequence[Lesson]) -> Path:
    """Write ``index.html`` linking every lesson's sheets; return its path."""
    index = Path(outdir) / "index.html"
    index.parent.mkdir(parents=True, exist_ok=True)
    index.write_text(index_html(lessons), encoding="utf-8")
    return index


def write_worksheets(outdir: Path, lessons: Sequence[Lesson]) -> list[Path]:
    """Write a worksheet and an answer sheet per lesson, and index.html; return the files written."""
    written = [path for lesson in lessons for path in write_lesson_sheets(outdir, lesson)]
    return written + [write_index(outdir, lessons)]
