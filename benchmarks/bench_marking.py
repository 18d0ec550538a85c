"""Benchmark the rubric marker against a blind examiner: does it mark the way a fair examiner marks?

Run from the repository root::

    python benchmarks/bench_marking.py [--corpus FOLDER] [--by-question] [--show-held-out]

Without ``--corpus`` it measures the tuning corpus (``tests/marking-corpus`` and its ``dev``, ``dev-2``,
``fresh``, ``fresh-2`` and ``fresh-3`` sets, whose answers the rubrics were tuned on) and then the
held-out set (``tests/marking-corpus/fresh-4``,
answers by other writers that no rubric edit looked at), so over-fitting shows as a gap between them. The
held-out answers off by 2 or more are listed by id and marks only: their text and the examiner's
note are printed with ``--show-held-out``, for the closing note once tuning is over, so that a
rubric edit is never made while looking at them.

Reads the examiner-marked corpus (``answers.toml`` and ``examiner-marks.toml``, see
``tests/marking-corpus/README.md``), marks every answer with its question's rubric from
``data/written``, and prints, overall and by kind of answer: exact agreement, agreement within one
mark, quadratic weighted kappa (QWK, over totals on the scale 0..the largest question maximum;
per question on 0..that question's maximum) and the mean signed difference (rubric minus
examiner); then every answer off by 2 or more, and whether each of issue 16's goals is met (QWK at
least 0.85, within one at least 95%, |mean difference| at most 0.2, no answer over-marked by 2).
Unlike the timing benchmarks the baseline is a person, not a run on this machine. Exits 0 (also
when the corpus is missing, saying so); ``tests/unit/test_marking_corpus.py`` holds the floors.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from _common import ROOT

from widgets.content import load_kind
from widgets.scoring.agreement import agreement, grouped, load_corpus, mark_corpus, quadratic_weighted_kappa

DEFAULT_CORPUS = ROOT / "tests" / "marking-corpus"
#: The set no rubric edit may look at (see tests/marking-corpus/README.md).
HELD_OUT = "fresh-4"


def row(label: str, pairs, qwk: float | None = None) -> str:
    figures = agreement(pairs)
    qwk = figures.qwk if qwk is None else qwk
    return (
        f"{label:32} {figures.count:4} {figures.exact:7.0%} {figures.within_one:8.0%} {qwk:6.2f} "
        f"{figures.mean_difference:+7.2f} {figures.under_by_two:6} {figures.over_by_two:5}"
    )


HEAD = f"{'':32} {'n':>4} {'exact':>7} {'within1':>8} {'QWK':>6} {'mean':>7} {'under2':>6} {'over2':>5}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", type=Path, help="one corpus folder (default: the tuning corpus, then the held-out set)"
    )
    parser.add_argument("--by-question", action="store_true", help="also print the figures per question")
    parser.add_argument(
        "--show-held-out",
        action="store_true",
        help="print the held-out answers off by 2 or more in full (only once no more rubric edits are coming)",
    )
    args = parser.parse_args(argv)
    tuning = [
        DEFAULT_CORPUS,
        DEFAULT_CORPUS / "dev",
        DEFAULT_CORPUS / "dev-2",
        DEFAULT_CORPUS / "fresh",
        DEFAULT_CORPUS / "fresh-2",
        DEFAULT_CORPUS / "fresh-3",
    ]
    folders = [args.corpus] if args.corpus else [*tuning, DEFAULT_CORPUS / HELD_OUT]
    for folder in folders:
        held_out = folder.name == HELD_OUT
        title = f"held-out set {folder.name}/ (never used to tune the rubrics)" if held_out else f"corpus {folder}"
        print(f"=== {title}")
        report(folder, args.by_question, show_answers=args.show_held_out or not held_out)
    return 0


def report(folder: Path, by_question: bool, *, show_answers: bool = True) -> None:
    """Print the figures for one corpus folder."""
    missing = [name for name in ("answers.toml", "examiner-marks.toml") if not (folder / name).is_file()]
    if missing:
        print(f"no marking corpus: {', '.join(missing)} not found in {folder}; nothing to measure")
        return
    corpus = load_corpus(folder)
    questions = load_kind("written")
    unknown = sorted({a.question for a in corpus} - set(questions))
    if unknown:
        print(f"corpus answers name questions data/written does not have: {', '.join(unknown)} (left out)")
        corpus = [a for a in corpus if a.question in questions]
    pairs = mark_corpus(corpus, questions)
    overall = agreement(pairs)
    print(f"{len(pairs)} answers to {len({p.question for p in pairs})} questions, marked by the rubric and an examiner")
    print(HEAD)
    print(row("all answers", pairs))
    print("by kind of answer:")
    for kind, group in grouped(pairs, "kind").items():
        print(row(f"  {kind}", group))
    if by_question:
        print("by question (QWK on 0..the question's maximum):")
        for question, group in grouped(pairs, "question").items():
            qwk = quadratic_weighted_kappa([p.rubric for p in group], [p.examiner for p in group], group[0].maximum + 1)
            print(row(f"  {question}", group, qwk))
    off = sorted((p for p in pairs if abs(p.difference) >= 2), key=lambda p: (p.difference, p.id))
    texts = {a.id: a for a in corpus}
    print(f"answers off by 2 or more: {len(off)}")
    for pair in off:
        answer = texts[pair.id]
        print(f"  {pair.id} ({pair.kind}): rubric {pair.rubric}, examiner {pair.examiner} of {pair.maximum}")
        if not show_answers:
            continue
        print(textwrap.indent(textwrap.fill(answer.text, 100), "      | "))
        if answer.note:
            print(f"      examiner: {answer.note}")
    for goal, met in overall.goals.items():
        print(f"GOAL {goal}: {'met' if met else 'MISSED'}")
    print(
        f"RESULT marking agreement: QWK {overall.qwk:.2f}, within one {overall.within_one:.0%}, "
        f"exact {overall.exact:.0%}, mean difference {overall.mean_difference:+.2f}, "
        f"over by 2+ {overall.over_by_two}, under by 2+ {overall.under_by_two} "
        f"({'every goal met' if all(overall.goals.values()) else 'GOAL MISSED'})"
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
