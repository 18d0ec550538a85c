"""Moodle XML for a question bank, made from the same content as the widgets.

``export_xml(lessons)`` returns one Moodle XML document (``<quiz>``) with a category per
lesson and, in it, every activity that has a Moodle question type:

===============  ====================================================================
pack activity    Moodle question
===============  ====================================================================
ordering         ``ordering`` (qtype_ordering): all items, vertical, grading type from
                 the pack's method (``longest_subsequence`` → LONGEST_ORDERED_SUBSET,
                 ``absolute`` → ABSOLUTE_POSITION, ``relative_next`` →
                 RELATIVE_NEXT_EXCLUDE_LAST); each item's ``why`` as its feedback
choice           ``multichoice``: ``<single>`` from ``multiple``, each option's ``why`` as
                 its feedback; a multiple-answer question gives each right option
                 100/k % and each wrong one -100/k % (k right options), which is the
                 pack's rule (+1 per right tick, -1 per wrong tick, floored at 0) with
                 ``defaultgrade`` k; options shuffled unless ``fixed_order``
number           ``numerical`` with the tolerance, and the unit as an optional unit
sorting          ``matching``: each card a subquestion whose answer is its category. A
                 card the content accepts in two categories can only have one answer in
                 Moodle: the first is used, and the export names every such card
written          ``essay``: the model answer and the marking points (marks, why, what
                 to look for) in ``<graderinfo>``; ``defaultgrade`` the question's marks
===============  ====================================================================

Branching scenarios, charts and build-your-own flowcharts have no Moodle question type
that keeps what they teach; they are listed as not exported, with the reason.

The XML is built with :mod:`xml.etree.ElementTree`, so every text is escaped for XML. Text
fields with ``format="html"`` hold content text that is HTML-escaped first (``**term**``
becomes ``<strong>``), so a label such as ``<b>`` shows as typed in Moodle.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html import escape
from typing import Any, Sequence

from .activities import Activity, Lesson
from .check import GRADING_TYPES, NOTE_CLASS, TOP_CATEGORY, valid_fraction
from .worksheets import LOOK_FOR_KEY, activity_maximum, exemplar_heading

#: Why some activities are not exported.
NOT_EXPORTED = {
    "scenario": "a branching scenario has no Moodle question type (Moodle Lesson activities branch, but are not questions); "
    "use the printed decision sheet or the role cards",
    "flowbuild": "building a flowchart from cards has no Moodle question type; use the printed worksheet",
    "chart": "a chart shown for reference is not a question; the worksheet has it as a chart to complete",
}


@dataclass
class ExportReport:
    """What an export did: questions written, activities left out (and why), and where Moodle cannot match the pack."""

    questions: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (activity id, reason)
    lossy: list[tuple[str, str]] = field(default_factory=list)  # (activity id, what changes in Moodle)


# --------------------------------------------------------------------------- text


def html_text(value: str) -> str:
    """Content text as an XHTML fragment: escaped, paragraphs and line breaks kept, ``**term**`` in <strong>."""
    blocks = [b for b in re.split(r"\n\s*\n", str(value).strip()) if b.strip()]
    out = []
    for block in blocks:
        lines = [
            re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escape(line, quote=True)) for line in block.splitlines()
        ]
        out.append("<p>" + "<br/>".join(lines) + "</p>")
    return "".join(out)


def canonical(value: str) -> str:
    """Content text as it survives :func:`html_text` and back: paragraphs and lines kept, outer space trimmed."""
    blocks = [b for b in re.split(r"\n\s*\n", str(value).strip()) if b.strip()]
    return "\n\n".join(blocks)


def _fmt(number: float) -> str:
    """A number as Moodle reads it: no exponent, no trailing '.0' where it is whole."""
    text = f"{number:.7f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fraction_text(numerator: int, denominator: int) -> str:
    """A percentage ``100 * numerator / denominator`` written as Moodle's own fractions are (e.g. 33.33333)."""
    value = 100 * numerator / denominator
    return _fmt(round(value, 5))


def _sub(parent: ET.Element, tag: str, value: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if value is not None:
        element.text = value
    return element


def _texted(parent: ET.Element, tag: str, html: str, fmt: str = "html") -> ET.Element:
    element = _sub(parent, tag, format=fmt)
    _sub(element, "text", html)
    return element


def _note(text: str) -> str:
    return f'<p class="{NOTE_CLASS}"><em>{escape(text, quote=True)}</em></p>'


def question_name(activity: Activity) -> str:
    """The question's name in the bank: its activity number and title, or the title alone."""
    return f"{activity.number} {activity.title}".strip() if activity.number else activity.title


def _question(
    quiz: ET.Element, qtype: str, activity: Activity, question_html: str, general_html: str, grade: float
) -> ET.Element:
    question = _sub(quiz, "question", type=qtype)
    _sub(_sub(question, "name"), "text", question_name(activity))
    _texted(question, "questiontext", question_html)
    _texted(question, "generalfeedback", general_html)
    _sub(question, "defaultgrade", _fmt(grade))
    _sub(question, "penalty", "0.3333333")
    _sub(question, "hidden", "0")
    _sub(question, "idnumber", activity.id)
    return question


def _combined_feedback(question: ET.Element, shownumcorrect: bool = True) -> None:
    for tag, words in (
        ("correctfeedback", "Your answer is correct."),
        ("partiallycorrectfeedback", "Your answer is partially correct."),
        ("incorrectfeedback", "Your answer is incorrect."),
    ):
        _texted(question, tag, f"<p>{words}</p>")
    if shownumcorrect:
        _sub(question, "shownumcorrect")


# --------------------------------------------------------------------------- one activity each


def _ordering(quiz: ET.Element, activity: Activity, report: ExportReport) -> None:
    spec = activity.spec
    whys = (
        "<ol>" + "".join(f"<li><strong>{escape(i.label)}</strong>: {escape(i.why)}</li>" for i in spec.items) + "</ol>"
    )
    # Worth what the lesson's scoring gives for a perfect order (n items, or n - 1 pairs for relative_next).
    question = _question(quiz, "ordering", activity, html_text(spec.instructions), whys, activity_maximum(activity))
    _sub(question, "layouttype", "VERTICAL")
    _sub(question, "selecttype", "ALL")
    _sub(question, "selectcount", str(len(spec.items)))
    _sub(question, "gradingtype", GRADING_TYPES[spec.scoring])
    _sub(question, "showgrading", "SHOW")
    _combined_feedback(question)
    for position, item in enumerate(spec.items, 1):
        answer = _sub(question, "answer", fraction=str(position), format="html")
        _sub(answer, "text", html_text(item.label))
        _texted(answer, "feedback", html_text(item.why))


def _choice(quiz: ET.Element, activity: Activity, report: ExportReport) -> None:
    spec = activity.spec
    right = sum(1 for o in spec.options if o.correct)
    if spec.multiple and not valid_fraction(float(fraction_text(1, right))):
        report.skipped.append(
            (
                activity.id,
                f"{right} right options: Moodle's grades have no 1/{right} share, "
                "so the lesson's marking cannot be written (up to 10 right options can)",
            )
        )
        return
    grade = right if spec.multiple else 1
    question = _question(
        quiz,
        "multichoice",
        activity,
        html_text(spec.prompt),
        html_text(spec.explanation) if spec.explanation else "",
        grade,
    )
    _sub(question, "single", "false" if spec.multiple else "true")
    _sub(question, "shuffleanswers", "false" if spec.fixed_order else "true")
    _sub(question, "answernumbering", "abc")
    _sub(question, "showstandardinstruction", "1")
    _combined_feedback(question)
    for option in spec.options:
        if spec.multiple:
            fraction = fraction_text(1, right) if option.correct else "-" + fraction_text(1, right)
        else:
            fraction = "100" if option.correct else "0"
        answer = _sub(question, "answer", fraction=fraction, format="html")
        _sub(answer, "text", html_text(option.label))
        _texted(answer, "feedback", html_text(option.why))


def _number(quiz: ET.Element, activity: Activity, report: ExportReport) -> None:
    spec = activity.spec
    if spec.answer is None:
        report.skipped.append((activity.id, "a number question whose answer exists only in the notebook"))
        return
    text = html_text(spec.prompt)
    if activity.answer_from_notebook:
        text += _note(
            "This question uses the customer-feedback data from the lesson: give learners the table. "
            "The answer key is for the pack's own dataset."
        )
        report.lossy.append(
            (activity.id, "the answer is worked out from the lesson's data; Moodle gets the pack dataset's figure")
        )
    question = _question(quiz, "numerical", activity, text, html_text(spec.explanation), 1)
    answer = _sub(question, "answer", fraction="100", format="moodle_auto_format")
    _sub(answer, "text", _fmt(spec.answer))
    _texted(answer, "feedback", "")
    _sub(answer, "tolerance", _fmt(spec.tolerance))
    if spec.unit:
        units = _sub(question, "units")
        unit = _sub(units, "unit")
        _sub(unit, "multiplier", "1")
        _sub(unit, "unit_name", spec.unit)
        _sub(question, "unitgradingtype", "0")  # the unit is optional and never costs a mark
        _sub(question, "unitpenalty", "0")
        _sub(question, "showunits", "0")  # a text box for the unit, as the widget allows "62.8 %"
        _sub(question, "unitsleft", "0")
    else:
        _sub(question, "unitgradingtype", "0")
        _sub(question, "unitpenalty", "0")
        _sub(question, "showunits", "3")  # no unit
        _sub(question, "unitsleft", "0")


def _sorting(quiz: ET.Element, activity: Activity, report: ExportReport) -> None:
    spec = activity.spec
    label = {b.id: b.label for b in spec.buckets}
    notes = []
    for card in spec.cards:
        if len(card.accept) > 1:
            others = ", ".join(label[b] for b in card.accept[1:])
            notes.append(
                f"<li><strong>{escape(card.label)}</strong>: {escape(label[card.accept[0]])} "
                f"(the lesson also accepts {escape(others)}): {escape(card.why)}</li>"
            )
            report.lossy.append(
                (
                    activity.id,
                    f"card {card.label!r} is right in {len(card.accept)} categories in the lesson; "
                    f"Moodle accepts only {label[card.accept[0]]!r}",
                )
            )
        else:
            notes.append(
                f"<li><strong>{escape(card.label)}</strong>: {escape(label[card.accept[0]])}: {escape(card.why)}</li>"
            )
    question = _question(
        quiz, "matching", activity, html_text(spec.instructions), "<ul>" + "".join(notes) + "</ul>", len(spec.cards)
    )
    _sub(question, "shuffleanswers", "true")
    _combined_feedback(question)
    used = set()
    for card in spec.cards:
        sub = _sub(question, "subquestion", format="html")
        _sub(sub, "text", html_text(card.label))
        _sub(_sub(sub, "answer"), "text", label[card.accept[0]])
        used.add(card.accept[0])
    for bucket in spec.buckets:
        if bucket.id not in used:  # a category only multi-category cards reach: still offered, as an extra answer
            sub = _sub(question, "subquestion", format="html")
            _sub(sub, "text", "")
            _sub(_sub(sub, "answer"), "text", bucket.label)


def grader_info(
    model_answer: str, points: Sequence[tuple[str, int, str, str]], exemplars: Sequence[tuple[str, str]] = ()
) -> str:
    """The tutor's marking guide as XHTML: the marking points (text, marks, why, look for), the model answer, graded exemplars."""
    items = []
    for text, marks, why, look_for in points:
        item = (
            f'<li><strong>{escape(text)}</strong> <span class="marks">[{marks} mark{"s" if marks != 1 else ""}]</span>'
        )
        if why:
            item += f'<br/><span class="why">Why: {escape(why)}</span>'
        if look_for:
            item += f'<br/><span class="look-for">Look for: {escape(look_for)}</span>'
        items.append(item + "</li>")
    key = f"<p>{escape(LOOK_FOR_KEY)}</p>" if any(look for *_, look in points) else ""
    graded = "".join(f"<h3>{escape(heading)}</h3>{html_text(body)}" for heading, body in exemplars)
    return (
        f"<h3>Marking points</h3>{key}<ol>{''.join(items)}</ol><h3>Model answer</h3>{html_text(model_answer)}{graded}"
    )


def _essay(quiz: ET.Element, activity: Activity, report: ExportReport) -> None:
    spec = activity.spec
    points = [(p.text, p.marks, p.why, "; ".join(", ".join(terms) for _, terms in p.ideas)) for p in spec.points]
    maximum = spec.maximum
    exemplars = [(exemplar_heading(spec, e), e.text) for e in spec.exemplars]
    text = html_text(spec.prompt) + _note(f"[{maximum} mark{'s' if maximum != 1 else ''}]")
    question = _question(quiz, "essay", activity, text, "", maximum)
    _sub(question, "responseformat", "editor")
    _sub(question, "responserequired", "1")
    _sub(question, "responsefieldlines", "15")
    _sub(question, "minwordlimit", str(spec.min_words) if spec.min_words else "")
    _sub(question, "maxwordlimit", "")
    _sub(question, "attachments", "0")
    _sub(question, "attachmentsrequired", "0")
    _sub(question, "maxbytes", "0")
    _sub(question, "filetypeslist", "")
    _texted(question, "graderinfo", grader_info(spec.model_answer, points, exemplars))
    _texted(question, "responsetemplate", "")
    report.lossy.append(
        (activity.id, "marked by a tutor in Moodle (essay); the pack's automatic rubric marking does not carry over")
    )


WRITERS = {
    "ordering": _ordering,
    "choice": _choice,
    "number": _number,
    "sorting": _sorting,
    "written": _essay,
}


def category_path(lesson: Lesson) -> str:
    """The lesson's category path (a '/' inside a name is written '//', as Moodle reads it)."""
    return f"{TOP_CATEGORY}/Lesson {lesson.number} {lesson.title.replace('/', '//')}"


def add_lesson(quiz: ET.Element, lesson: Lesson, report: ExportReport) -> None:
    """Append the lesson's category and every exportable activity to ``quiz``."""
    category = _sub(quiz, "question", type="category")
    _sub(_sub(category, "category"), "text", category_path(lesson))
    _texted(
        category, "info", html_text(f"Questions from lesson {lesson.number} of After-Sales Lessons: {lesson.title}.")
    )
    seen: set[str] = set()
    for activity in lesson.activities:
        if activity.kind in NOT_EXPORTED:
            report.skipped.append((activity.id, NOT_EXPORTED[activity.kind]))
            continue
        if activity.id in seen:
            continue
        seen.add(activity.id)
        before = len(quiz)
        WRITERS[activity.kind](quiz, activity, report)
        report.questions += len(quiz) - before


def export_tree(lessons: Sequence[Lesson]) -> tuple[ET.Element, ExportReport]:
    """The ``<quiz>`` element for ``lessons`` and what the export did."""
    quiz = ET.Element("quiz")
    report = ExportReport()
    for lesson in lessons:
        add_lesson(quiz, lesson, report)
    return quiz, report


def export_xml(lessons: Sequence[Lesson]) -> tuple[str, ExportReport]:
    """Moodle XML text for ``lessons`` and what the export did."""
    quiz, report = export_tree(lessons)
    ET.indent(quiz, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n", report


# --------------------------------------------------------------------------- the pack's side, as plain data


def plain(activity: Activity) -> dict[str, Any] | None:
    """What an exported activity should read back as (see :func:`widgets.export.check.read_moodle`); None if not exported."""
    spec = activity.spec
    base = {"id": activity.id, "name": question_name(activity)}
    if activity.kind == "ordering":
        return {
            **base,
            "type": "ordering",
            "prompt": canonical(spec.instructions),
            "items": [i.label for i in spec.items],
            "why": [canonical(i.why) for i in spec.items],
            "scoring": spec.scoring,
        }
    if activity.kind == "choice":
        return {
            **base,
            "type": "multichoice",
            "prompt": canonical(spec.prompt),
            "multiple": spec.multiple,
            "fixed_order": spec.fixed_order,
            "options": [(o.label, o.correct, canonical(o.why)) for o in spec.options],
            "explanation": canonical(spec.explanation),
        }
    if activity.kind == "number":
        if spec.answer is None:
            return None
        return {
            **base,
            "type": "numerical",
            "prompt": canonical(spec.prompt),
            "answer": spec.answer,
            "tolerance": spec.tolerance,
            "unit": spec.unit,
            "explanation": canonical(spec.explanation),
        }
    if activity.kind == "sorting":
        label = {b.id: b.label for b in spec.buckets}
        return {
            **base,
            "type": "matching",
            "prompt": canonical(spec.instructions),
            "categories": sorted(label.values()),
            "cards": [(c.label, label[c.accept[0]]) for c in spec.cards],
        }
    if activity.kind == "written":
        return {
            **base,
            "type": "essay",
            "prompt": canonical(spec.prompt),
            "model_answer": canonical(spec.model_answer),
            "points": [(p.text, p.marks) for p in spec.points],
            "marks": spec.maximum,
            "min_words": spec.min_words,
        }
    return None
