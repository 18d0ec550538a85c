"""Checking Moodle XML before a tutor imports it, and reading it back into the pack's plain data.

:func:`validate` is a structural check after Moodle's own import rules (``question/format/xml``
and each question type's ``import_from_xml`` and ``save_question_options``): the element names
each type needs, the values Moodle recognises for its options (an unknown value is silently
replaced by a default on import, so it is an error here), and answer fractions from Moodle's
fixed list. It returns one message per problem, naming the question.

Moodle's grade fractions (``question_bank::fraction_options_full``): 100 %, every p/q for
q up to 6, every tenth, 1/q for q up to 10, and 1/20, as positives and negatives. Import
matches a fraction to that list within 0.00001 (of 1) and refuses anything else.

:func:`read_moodle` turns an exported file back into the plain data
:func:`widgets.export.moodle.plain` gives for the content, so a test can compare both ways.

The Moodle names both sides share (grading types, the top category, the class of the export's
own notes) are defined here: :mod:`widgets.export.moodle` imports this module, never the reverse.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from fractions import Fraction
from html.parser import HTMLParser
from typing import Any

# What the export writes and this module reads back: the Moodle side of the pack's names.
#: The pack's ordering methods and qtype_ordering's grading types that score the same way.
GRADING_TYPES = {
    "longest_subsequence": "LONGEST_ORDERED_SUBSET",
    "absolute": "ABSOLUTE_POSITION",
    "relative_next": "RELATIVE_NEXT_EXCLUDE_LAST",
}
#: The top of the category path every lesson's questions go under.
TOP_CATEGORY = "$course$/top/After-Sales Lessons"
#: Paragraphs the export adds for Moodle only (read back as notes, not as content).
NOTE_CLASS = "asl-note"

#: Moodle's fractions as exact values: 1, p/q (q <= 6), tenths, 1/q (q <= 10), 1/20, and their negatives.
_POSITIVE = sorted(
    {Fraction(p, q) for q in range(1, 7) for p in range(0, q + 1)}
    | {Fraction(p, 10) for p in range(0, 11)}
    | {Fraction(1, q) for q in range(1, 11)}
    | {Fraction(1, 20)},
    reverse=True,
)
#: The same as percentages rounded as Moodle writes them (100, 90, 83.33333, ... 5, 0, -5, ... -100).
MOODLE_FRACTIONS = tuple(round(float(f) * 100, 5) for f in _POSITIVE) + tuple(
    -round(float(f) * 100, 5) for f in reversed(_POSITIVE) if f
)
_TOLERANCE = 0.00001 * 100  # Moodle's match_grade_options, in percent

QUESTION_TYPES = (
    "category",
    "multichoice",
    "truefalse",
    "shortanswer",
    "numerical",
    "essay",
    "matching",
    "ddwtos",
    "gapselect",
    "ordering",
    "description",
    "cloze",
    "calculated",
)
TEXT_FORMATS = ("html", "moodle_auto_format", "plain_text", "markdown")
ANSWER_NUMBERING = ("abc", "ABCD", "123", "iii", "IIII", "none")
BOOLEAN = ("true", "false", "1", "0")
ORDERING_LAYOUT = ("VERTICAL", "HORIZONTAL")
ORDERING_SELECT = ("ALL", "RANDOM", "CONTIGUOUS")
ORDERING_GRADING = (
    "ALL_OR_NOTHING",
    "ABSOLUTE_POSITION",
    "RELATIVE_NEXT_EXCLUDE_LAST",
    "RELATIVE_NEXT_INCLUDE_LAST",
    "RELATIVE_ONE_PREVIOUS_AND_NEXT",
    "RELATIVE_ALL_PREVIOUS_AND_NEXT",
    "LONGEST_ORDERED_SUBSET",
    "LONGEST_CONTIGUOUS_SUBSET",
    "RELATIVE_TO_CORRECT",
)
ORDERING_SHOW = ("SHOW", "HIDE")
ESSAY_FORMATS = ("html", "editor", "editorfilepicker", "plain", "monospaced", "noinline")
#: Elements that must never reach a format="html" field from content (they would run or load in the learner's browser).
UNSAFE_TAGS = ("script", "iframe", "object", "embed", "style", "link", "meta", "base", "form")


class _MarkupScan(HTMLParser):
    """Collects the markup in an HTML fragment that would run code: unsafe elements, on* handlers, javascript: links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.unsafe: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in UNSAFE_TAGS:
            self.unsafe.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.unsafe.append(f"{name}= on <{tag}>")
            elif name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.unsafe.append(f"javascript: in {name} on <{tag}>")


def unsafe_markup(fragment: str) -> list[str]:
    """What in an HTML fragment would run in the browser (an empty list for escaped content text)."""
    scan = _MarkupScan()
    scan.feed(fragment)
    scan.close()
    return scan.unsafe


def valid_fraction(value: float) -> bool:
    """True when Moodle's import accepts ``value`` (a percentage) as an answer's fraction."""
    return any(abs(value - allowed) < _TOLERANCE for allowed in MOODLE_FRACTIONS)


def _text(element: ET.Element | None, path: str = "text") -> str | None:
    if element is None:
        return None
    found = element.find(path)
    return None if found is None else (found.text or "")


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None and value.strip() != "" else None
    except ValueError:
        return None


def validate(xml: str) -> list[str]:
    """Every structural problem in a Moodle XML document, one message each (an empty list when it is fine)."""
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        return [f"not well-formed XML: {exc}"]
    if root.tag != "quiz":
        return [f"the root element must be <quiz>, not <{root.tag}>"]
    problems: list[str] = []
    ids_in_category: dict[str, str] = {}
    category = ""
    for number, question in enumerate(root, 1):
        if question.tag != "question":
            problems.append(f"element {number}: <{question.tag}> where a <question> was expected")
            continue
        qtype = question.get("type", "")
        name = _text(question.find("name")) or ""
        where = f"question {number} ({qtype or 'no type'}{': ' + name if name else ''})"

        def report(message: str, _where: str = where) -> None:
            problems.append(f"{_where}: {message}")

        if qtype not in QUESTION_TYPES:
            report(f"unknown question type {qtype!r}")
            continue
        if qtype == "category":
            category = _text(question.find("category")) or ""
            if not category.strip():
                report("a category question needs <category><text>path</text></category>")
            ids_in_category = {}
            continue
        if not name.strip():
            report("needs <name><text>...</text></name>")
        _check_text_field(question, "questiontext", report, required=True)
        _check_text_field(question, "generalfeedback", report, required=False)
        for tag, low, high in (("defaultgrade", 0, None), ("penalty", 0, 1)):
            value = question.findtext(tag)
            if value is not None and (
                _number(value) is None or _number(value) < low or (high is not None and _number(value) > high)
            ):
                report(f"<{tag}> {value!r} is not a number in range")
        if question.findtext("hidden") not in (None, "0", "1"):
            report("<hidden> must be 0 or 1")
        idnumber = (question.findtext("idnumber") or "").strip()
        if idnumber:
            if idnumber in ids_in_category:
                report(f"idnumber {idnumber!r} is already used in category {category!r} by {ids_in_category[idnumber]}")
            ids_in_category[idnumber] = name
        for answer in question.findall("answer"):
            _check_text_field(answer, "feedback", report, required=False)
        CHECKS.get(qtype, lambda q, r: None)(question, report)
    if not any(q.get("type") not in (None, "category") for q in root):
        problems.append("the file has no questions")
    return problems


def _check_text_field(parent: ET.Element, tag: str, report, *, required: bool) -> None:
    element = parent.find(tag)
    if element is None:
        if required:
            report(f"needs <{tag}>")
        return
    fmt = element.get("format", "html")
    if fmt not in TEXT_FORMATS:
        report(f"<{tag}> format {fmt!r} is not one of {', '.join(TEXT_FORMATS)}")
    text = element.find("text")
    if text is None:
        report(f"<{tag}> needs a <text> element")
        return
    if required and not (text.text or "").strip():
        report(f"<{tag}> is empty")
    unsafe = unsafe_markup(text.text or "") if fmt == "html" else []
    if unsafe:
        report(f"<{tag}> holds markup that would run in the browser ({', '.join(unsafe)}): content must be escaped")


def _fractions(question: ET.Element, report) -> list[float]:
    values = []
    for index, answer in enumerate(question.findall("answer"), 1):
        raw = answer.get("fraction")
        value = _number(raw)
        if value is None:
            report(f"answer {index} has no numeric fraction (fraction={raw!r})")
            continue
        if not valid_fraction(value):
            report(
                f"answer {index} has fraction {raw}, which Moodle does not accept (allowed: {', '.join(_fmt(f) for f in MOODLE_FRACTIONS)})"
            )
        values.append(value)
        if not (_text(answer) or "").strip():
            report(f"answer {index} has no text")
    return values


def _fmt(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _check_bool(question: ET.Element, tag: str, report, required: bool = True) -> None:
    value = question.findtext(tag)
    if value is None:
        if required:
            report(f"needs <{tag}>")
    elif value.strip().lower() not in BOOLEAN:
        report(f"<{tag}> {value!r} is not true/false")


def _check_multichoice(question: ET.Element, report) -> None:
    _check_bool(question, "single", report)
    _check_bool(question, "shuffleanswers", report)
    numbering = question.findtext("answernumbering")
    if numbering is not None and numbering not in ANSWER_NUMBERING:
        report(f"<answernumbering> {numbering!r} is not one of {', '.join(ANSWER_NUMBERING)}")
    fractions = _fractions(question, report)
    if len(question.findall("answer")) < 2:
        report("a multichoice question needs at least 2 answers")
        return
    single = (question.findtext("single") or "").strip().lower() in ("true", "1")
    if single:
        if not any(abs(f - 100) < _TOLERANCE for f in fractions):
            report("a single-answer question needs one answer with fraction 100")
        if any(f < 0 for f in fractions):
            report("a single-answer question cannot have negative fractions")
    else:
        total = round(sum(f for f in fractions if f > 0) / 100, 2)  # Moodle rounds the total to 2 places
        if total != 1:
            report(f"the positive fractions of a multiple-answer question add up to {total * 100:g} %, not 100 %")


def _check_numerical(question: ET.Element, report) -> None:
    answers = question.findall("answer")
    if not answers:
        report("a numerical question needs at least one <answer>")
    fractions = _fractions(question, report)
    if answers and not any(abs(f - 100) < _TOLERANCE for f in fractions):
        report("a numerical question needs an answer with fraction 100")
    for index, answer in enumerate(answers, 1):
        value = (_text(answer) or "").strip()
        if value != "*" and _number(value) is None:
            report(f"answer {index} {value!r} is not a number")
        tolerance = answer.findtext("tolerance")
        if tolerance is not None and (_number(tolerance) is None or _number(tolerance) < 0):
            report(f"answer {index} has tolerance {tolerance!r}; it must be a number, 0 or more")
    for unit in question.findall("units/unit"):
        if not (unit.findtext("unit_name") or "").strip() or _number(unit.findtext("multiplier")) is None:
            report("each <unit> needs a <unit_name> and a numeric <multiplier>")
    for tag, allowed in (
        ("unitgradingtype", ("0", "1", "2")),
        ("showunits", ("0", "1", "2", "3")),
        ("unitsleft", ("0", "1")),
    ):
        value = question.findtext(tag)
        if value is not None and value.strip() not in allowed:
            report(f"<{tag}> {value!r} is not one of {', '.join(allowed)}")


def _check_matching(question: ET.Element, report) -> None:
    _check_bool(question, "shuffleanswers", report)
    subquestions = question.findall("subquestion")
    with_text = 0
    rows = 0
    for index, sub in enumerate(subquestions, 1):
        text = (_text(sub) or "").strip()
        answer = (_text(sub.find("answer")) or "").strip()
        if sub.find("answer") is None:
            report(f"subquestion {index} needs <answer><text>...</text></answer>")
        if text:
            with_text += 1
            if not answer:
                report(f"subquestion {index} has a question but no matching answer")
        if text or answer:
            rows += 1
    if with_text < 2 or rows < 3:
        report(f"a matching question needs at least 2 subquestions and 3 answers (found {with_text} and {rows})")


def _check_ordering(question: ET.Element, report) -> None:
    answers = question.findall("answer")
    for tag, allowed in (
        ("layouttype", ORDERING_LAYOUT),
        ("selecttype", ORDERING_SELECT),
        ("gradingtype", ORDERING_GRADING),
        ("showgrading", ORDERING_SHOW),
    ):
        value = question.findtext(tag)
        if value is None:
            report(f"needs <{tag}> (qtype_ordering would otherwise use its default)")
        elif value.strip() not in allowed:
            report(
                f"<{tag}> {value!r} is not one of {', '.join(allowed)} (qtype_ordering would silently use its default)"
            )
    count = question.findtext("selectcount")
    if count is None or not count.strip().isdigit() or not 0 <= int(count) <= len(answers):
        report(f"<selectcount> {count!r} must be a whole number from 0 (all) to the number of items ({len(answers)})")
    if len(answers) < 2:
        report("an ordering question needs at least 2 items")
    texts = [(_text(a) or "").strip() for a in answers]
    if any(not t for t in texts):
        report("every ordering item needs text")
    if len(set(texts)) != len(texts):
        report("two ordering items have the same text, so the right order is ambiguous")


def _check_essay(question: ET.Element, report) -> None:
    fmt = question.findtext("responseformat")
    if fmt is None or fmt not in ESSAY_FORMATS:
        report(f"<responseformat> {fmt!r} is not one of {', '.join(ESSAY_FORMATS)}")
    if question.findtext("responserequired") not in (None, "0", "1"):
        report("<responserequired> must be 0 or 1")
    lines = question.findtext("responsefieldlines")
    if lines is not None and (not lines.isdigit() or int(lines) < 1):
        report("<responsefieldlines> must be a whole number of lines")
    attachments = question.findtext("attachments")
    if attachments is not None and attachments not in ("-1", "0", "1", "2", "3"):
        report("<attachments> must be -1 (unlimited) or 0 to 3")
    for tag in ("minwordlimit", "maxwordlimit"):
        value = question.findtext(tag)
        if value and not value.isdigit():
            report(f"<{tag}> must be empty or a whole number")
    if fmt == "noinline" and attachments in (None, "0"):
        report("a response format of 'noinline' needs attachments")
    _check_text_field(question, "graderinfo", report, required=False)


CHECKS = {
    "multichoice": _check_multichoice,
    "numerical": _check_numerical,
    "matching": _check_matching,
    "ordering": _check_ordering,
    "essay": _check_essay,
}


# --------------------------------------------------------------------------- reading back


def from_html(fragment: str) -> str:
    """Content text from an exported XHTML fragment: the inverse of :func:`widgets.export.moodle.html_text`."""
    if not fragment.strip():
        return ""
    root = ET.fromstring(f"<div>{fragment}</div>")
    paragraphs = [p for p in root if p.tag == "p" and p.get("class") != NOTE_CLASS]
    if not paragraphs:
        return _inline(root).strip()
    return "\n\n".join(_inline(p) for p in paragraphs)


def _inline(element: ET.Element) -> str:
    out = [element.text or ""]
    for child in element:
        if child.tag == "br":
            out.append("\n")
        elif child.tag == "strong":
            out.append("**" + _inline(child) + "**")
        else:
            out.append(_inline(child))
        out.append(child.tail or "")
    return "".join(out)


def _field(question: ET.Element, tag: str) -> str:
    return from_html(_text(question.find(tag)) or "")


def _read_grader_info(fragment: str) -> tuple[list[tuple[str, int]], str]:
    root = ET.fromstring(f"<div>{fragment}</div>")
    points = []
    for item in root.iter("li"):
        text = "".join(item.find("strong").itertext())
        marks = int(re.search(r"\[(\d+) marks?\]", "".join(item.find("span").itertext())).group(1))
        points.append((text, marks))
    model, inside = [], False
    for child in root:  # the paragraphs between the "Model answer" heading and the next heading
        if child.tag == "h3":
            inside = "".join(child.itertext()) == "Model answer"
        elif inside and child.tag == "p":
            model.append(_inline(child))
    return points, "\n\n".join(model)


def read_moodle(xml: str) -> list[dict[str, Any]]:
    """The questions of an exported file as the pack's plain data (categories give each a ``lesson``)."""
    root = ET.fromstring(xml)
    grading = {moodle: pack for pack, moodle in GRADING_TYPES.items()}
    questions: list[dict[str, Any]] = []
    lesson = ""
    for question in root:
        qtype = question.get("type")
        if qtype == "category":
            path = _text(question.find("category")) or ""
            match = re.match(re.escape(TOP_CATEGORY) + r"/Lesson (\d+) ", path)
            lesson = match.group(1) if match else path
            continue
        base = {"id": question.findtext("idnumber"), "name": _text(question.find("name")), "lesson": lesson}
        answers = question.findall("answer")
        if qtype == "ordering":
            ordered = sorted(answers, key=lambda a: int(a.get("fraction")))
            questions.append(
                {
                    **base,
                    "type": "ordering",
                    "prompt": _field(question, "questiontext"),
                    "items": [from_html(_text(a)) for a in ordered],
                    "why": [_field(a, "feedback") for a in ordered],
                    "scoring": grading.get(question.findtext("gradingtype"), question.findtext("gradingtype")),
                }
            )
        elif qtype == "multichoice":
            multiple = question.findtext("single") == "false"
            questions.append(
                {
                    **base,
                    "type": "multichoice",
                    "prompt": _field(question, "questiontext"),
                    "multiple": multiple,
                    "fixed_order": question.findtext("shuffleanswers") == "false",
                    "options": [
                        (from_html(_text(a)), float(a.get("fraction")) > 0, _field(a, "feedback")) for a in answers
                    ],
                    "explanation": _field(question, "generalfeedback"),
                }
            )
        elif qtype == "numerical":
            answer = answers[0]
            questions.append(
                {
                    **base,
                    "type": "numerical",
                    "prompt": _field(question, "questiontext"),
                    "answer": float(_text(answer)),
                    "tolerance": float(answer.findtext("tolerance") or 0),
                    "unit": question.findtext("units/unit/unit_name") or "",
                    "explanation": _field(question, "generalfeedback"),
                }
            )
        elif qtype == "matching":
            subs = question.findall("subquestion")
            questions.append(
                {
                    **base,
                    "type": "matching",
                    "prompt": _field(question, "questiontext"),
                    "categories": sorted({_text(s.find("answer")) for s in subs}),
                    "cards": [(from_html(_text(s)), _text(s.find("answer"))) for s in subs if (_text(s) or "").strip()],
                }
            )
        elif qtype == "essay":
            points, model = _read_grader_info(_text(question.find("graderinfo")) or "")
            questions.append(
                {
                    **base,
                    "type": "essay",
                    "prompt": _field(question, "questiontext"),
                    "model_answer": model,
                    "points": points,
                    "marks": int(float(question.findtext("defaultgrade"))),
                    "min_words": int(question.findtext("minwordlimit") or 0),
                }
            )
        else:
            questions.append({**base, "type": qtype})
    return questions
