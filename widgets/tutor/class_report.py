"""The class overview joined to the content: common mistakes with the explanation to discuss, and a demo class.

``widgets/tutor/class_overview.py`` counts mistakes from plain data; this module looks up each
activity's answer key and explanations in ``data/`` so the tutor notebook can show
"what learners did" next to "what to say about it".
"""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

from .class_overview import (
    ClassProgress,
    LearnerProgress,
    answers,
    choice_mistakes,
    class_table,
    flowchart_mistakes,
    learner_table,
    ordering_mistakes,
    scenario_branches,
    score_distribution,
    sorting_mistakes,
)
from ..content import find_task
from .moderation_records import make_claim
from ..progress.store import export_progress, record_attempt, record_claim, update_store

#: Content folders whose activities have a "most common mistakes" table.
MISTAKE_KINDS = ("ordering", "sorting", "questions", "flowcharts", "scenarios")


def activity_kinds(learners: list[LearnerProgress]) -> dict[str, str]:
    """Activity id -> its content folder, as recorded in the learners' files."""
    kinds: dict[str, str] = {}
    for learner in learners:
        for activity_id, activity in learner.document["activities"].items():
            if activity.get("kind"):
                kinds.setdefault(activity_id, activity["kind"])
    return dict(sorted(kinds.items()))


def common_mistakes(learners: list[LearnerProgress], activity_id: str, kind: str, top: int = 3) -> list[dict]:
    """The ``top`` most common mistakes in learners' first answers, each with the explanation to discuss.

    Rows are plain dicts: item, what learners did, what is right, how many answers, and the
    discussion point (the item's own explanation from the content file). An activity whose
    content cannot be found (renamed, or from another pack) gives no rows.
    """
    given = answers(learners, activity_id)
    if kind == "scenarios":
        return [
            {"item": f"{a} -> {b}", "learners did": "took this branch", "right": "", "answers": n, "discuss": ""}
            for a, b, n in scenario_branches(given)[:top]
        ]
    spec, _problems = find_task(kind, activity_id)
    if spec is None:
        return []
    if kind == "ordering":
        why = {item.label: item.why for item in spec.items}
        mistakes = ordering_mistakes([item.label for item in spec.items], given)
    elif kind == "sorting":
        why = {card.label: card.why for card in spec.cards}
        names = {bucket.id: bucket.label for bucket in spec.buckets}
        mistakes = sorting_mistakes({card.label: list(card.accept) for card in spec.cards}, given, names)
    elif kind == "questions" and spec.type == "choice":
        why = {option.label: option.why for option in spec.options}
        said = {"chosen": "chose it, but it is wrong", "missed": "left it out, but it is right"}
        return [
            {
                "item": m.item,
                "learners did": said[m.given],
                "right": "",
                "answers": m.count,
                "discuss": why.get(m.item, ""),
            }
            for m in choice_mistakes({option.label: option.correct for option in spec.options}, given)[:top]
        ]
    elif kind == "flowcharts":
        why = {d.label: d.why for d in spec.distractors}
        mistakes = flowchart_mistakes(list(spec.stages), given)
    else:
        return []
    return [
        {
            "item": m.item,
            "learners did": m.given,
            "right": m.expected,
            "answers": m.count,
            "discuss": why.get(m.item, ""),
        }
        for m in mistakes[:top]
    ]


# --------------------------------------------------------------------------- the report as text (after-sales class-report)


#: The report's lines are wrapped to this width, to read on screen and print on A4.
WIDTH = 100


def plain(value: object) -> str:
    """Text from a learner's file, safe to print: control characters (a terminal's escape codes) become '?'."""
    return "".join(c if c.isprintable() else "?" for c in str(value))


def _table(headings: list[str], rows: list[list[str]]) -> list[str]:
    """Columns padded to their widest cell; numbers (the later columns) right-aligned."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headings)]

    def line(cells: list[str]) -> str:
        first, *rest = cells
        return "  ".join([first.ljust(widths[0]), *(c.rjust(w) for c, w in zip(rest, widths[1:]))]).rstrip()

    return [line(headings), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def class_report_text(overview: ClassProgress, top: int = 3) -> str:
    """The class overview notebook's tables as plain text, for the screen, a printout or an email.

    Files skipped or combined; for each activity how many attempted it, reached full marks and saw the
    solution, with the median and range of best scores; the ``top`` most common first-attempt mistakes
    with the explanation to discuss; one line per learner. Everything from the files is shown as text.
    """
    learners = overview.learners
    lines = [f"Class overview: {len(learners)} learner{'s' if len(learners) != 1 else ''}"]
    if overview.messages:
        lines += ["", "Files skipped or combined:", *(f"- {plain(m)}" for m in overview.messages)]
    rows = class_table(learners)
    completion = []
    for r in rows:
        spread = score_distribution(learners, r.activity)
        completion.append(
            [
                plain(r.activity),
                f"{r.attempted} of {r.learners}",
                str(r.full_marks),
                str(r.solution_shown),
                "" if r.median_best_percent is None else f"{r.median_best_percent:g}",
                f"{min(spread):g}-{max(spread):g}" if spread else "",
            ]
        )
    lines += ["", "Completion (best scores in %):"]
    if completion:
        headings = ["activity", "attempted", "full marks", "saw solution", "median", "range"]
        lines += _table(headings, completion)
    else:
        lines.append("No activity has been attempted yet.")
    lines += ["", "Most common mistakes in first attempts, with the point to discuss:"]
    found = False
    for activity, kind in activity_kinds(learners).items():
        mistakes = common_mistakes(learners, activity, kind, top)
        if not mistakes:
            continue
        found = True
        lines.append(f"{plain(activity)} ({kind})")
        for m in mistakes:
            right = f" (right: {plain(m['right'])})" if m["right"] else ""
            said = f"{m['answers']} x {plain(m['item'])}: {m['learners did']}{right}"
            lines += textwrap.wrap(said, WIDTH, initial_indent="  ", subsequent_indent="      ")
            if m["discuss"]:
                discuss = f"Discuss: {plain(m['discuss'])}"
                lines += textwrap.wrap(discuss, WIDTH, initial_indent="      ", subsequent_indent="      ")
    if not found:
        lines.append("None recorded.")
    per_learner = [
        [plain(row["learner"]), str(row["attempted"]), str(row["full_marks"]), str(row["activities"])]
        for row in learner_table(learners, [r.activity for r in rows])
    ]
    lines += ["", "Learners (to see who may need help, not to rank the class):"]
    lines += _table(["learner", "attempted", "full marks", "of activities"], per_learner)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- a synthetic class for trying it out


DEMO_NAMES = ("Amira", "Ben", "Chloe", "Dev", "Ewa", "Finn", "Grace", "Hamid", "Isla", "Jon", "Kemi", "Leo")
#: Written answers the first demo learners give (misspelt, everyday words, textbook), for the moderation board.
DEMO_WRITTEN = (
    "custmer servey by emial and a folow up call",
    "A questionnaire and ring them up.",
    "Surveys and online reviews, like Trustpilot.",
)
DEMO_CLAIM = "I put servey and a folow up call, thats two ways."


def _demo_written_answer(store: Path, text: str, claim: bool) -> None:
    """One marked written answer (and, if asked and a point was missed, the learner's claim on it)."""
    spec = find_task("written", "mock-feedback-methods")[0]
    result = spec.score(text)
    points = [p.marks for p in result.points]
    record_attempt(spec.id, result.score, result.maximum, store, response=text, kind="written", points=points)
    missed = next((i for i, p in enumerate(result.points) if not p.earned), None)
    if claim and missed is not None:
        maxima = [p.marks for p in spec.points]
        record = make_claim(
            point=missed,
            reason=DEMO_CLAIM,
            answer_text=text,
            point_text=spec.points[missed].text,
            point_maxima=maxima,
            rubric_points=points,
        )
        record_claim(spec.id, record, store)


def write_demo_class(folder: Path, learners: int = 10, seed: int = 7) -> Path:
    """Fill ``folder`` with synthetic exported progress files (made-up learners) plus one damaged and one duplicate file."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    order = find_task("ordering", "customer-service-cycle")[0]
    sort = find_task("sorting", "before-during-after-sale")[0]
    question = find_task("questions", "reactive-or-proactive-check")[0]
    labels = [item.label for item in order.items]
    stores = folder / ".stores"
    for n in range(learners):
        store = stores / f"learner-{n}.json"
        if rng.random() < 0.9:  # most learners tried the ordering task; many swapped two neighbouring steps
            given = list(labels)
            for _ in range(rng.choice((0, 1, 1, 2))):
                i = rng.randrange(len(given) - 1)
                given[i], given[i + 1] = given[i + 1], given[i]
            score = sum(a == b for a, b in zip(given, labels))
            record_attempt(order.id, score, len(labels), store, answer={"order": given}, kind="ordering")
            if given != labels:
                record_attempt(order.id, len(labels), len(labels), store, answer={"order": labels}, kind="ordering")
        placements = {}
        for card in sort.cards:
            wrong = [b.id for b in sort.buckets if b.id not in card.accept]
            placements[card.label] = rng.choice(wrong) if wrong and rng.random() < 0.25 else card.accept[0]
        right = sum(placements[c.label] in c.accept for c in sort.cards)
        record_attempt(sort.id, right, len(sort.cards), store, answer={"placements": placements}, kind="sorting")
        right_options = [o.label for o in question.options if o.correct]
        chosen = rng.choice(right_options) if rng.random() < 0.6 else rng.choice([o.label for o in question.options])
        correct = next(o.correct for o in question.options if o.label == chosen)
        record_attempt(
            question.id,
            int(correct),
            1,
            store,
            answer={"selected": [chosen], "response": ""},
            kind="questions",
        )
        if n < len(DEMO_WRITTEN):
            _demo_written_answer(store, DEMO_WRITTEN[n], claim=n == 0)
        name = DEMO_NAMES[n % len(DEMO_NAMES)]
        update_store(lambda document, name=name: {**document, "learner": name}, store)
        (folder / f"{name.lower()}-progress.json").write_bytes(export_progress(store))
    first = sorted(folder.glob("*-progress.json"))[0]
    (folder / "copy-of-the-first.json").write_bytes(first.read_bytes())
    (folder / "sent-by-mistake.json").write_text('{"format": "after-sales-lessons-progress", "ver', encoding="utf-8")
    for leftover in stores.iterdir():
        leftover.unlink()
    stores.rmdir()
    return folder
