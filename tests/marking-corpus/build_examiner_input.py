"""Build the corpus from the answer writers' files, and the examiner's input, in one step.

Run from the repository root::

    python tests/marking-corpus/build_examiner_input.py [--out FOLDER] WRITTEN_ANSWERS.toml [...]

(``--out tests/marking-corpus/fresh`` for the held-out set; ``--schemes FILE``, after ``--out``, for a set
whose writers and examiner saw other mark schemes than ``markschemes.md``, as ``fresh/`` did.)

Reads the answers the writers wrote (``[[answer]]`` with question, kind, text), shuffles each
question's answers with a fixed seed, numbers them ``<question>/01``, ``/02`` ... in that order, and
writes ``answers.toml`` (with the kinds) and ``examiner-input.md`` (each question's prompt and mark
scheme from ``markschemes.md``, then its answers by id, with no kinds), so an examiner sees only
what an exam-board examiner sees, in an order that gives nothing away.
"""

from __future__ import annotations

import random
import re
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 16  # the number: any fixed seed keeps the numbering reproducible


def toml_string(text: str) -> str:
    """A TOML basic string for any text (quotes, backslashes and newlines escaped)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def scheme_sections(markdown: str) -> dict[str, str]:
    """markschemes.md split into {question id: its section}."""
    sections = {}
    for block in re.split(r"^## ", markdown, flags=re.M)[1:]:
        qid = block.split(" ", 1)[0].strip()
        sections[qid] = "## " + block.rstrip() + "\n"
    return sections


def main(paths: list[str]) -> int:
    out, schemes_file = HERE, HERE / "markschemes.md"
    if paths[:1] == ["--out"]:
        out, paths = Path(paths[1]), paths[2:]
    if paths[:1] == ["--schemes"]:
        schemes_file, paths = Path(paths[1]), paths[2:]
    answers: dict[str, list[dict]] = {}
    writers: dict[str, str] = {}
    parts: dict[str, list[str]] = {}
    for path in paths:
        for answer in tomllib.loads(Path(path).read_text(encoding="utf-8"))["answer"]:
            answers.setdefault(answer["question"], []).append(answer)
            writers.setdefault(answer["question"], Path(path).stem)
    schemes = scheme_sections(schemes_file.read_text(encoding="utf-8"))
    unknown = sorted(set(answers) - set(schemes))
    if unknown:
        print("no mark scheme for:", ", ".join(unknown), file=sys.stderr)
        return 1
    corpus = ["# The marking corpus's learner answers: see README.md. Written by build_examiner_input.py.", ""]
    examiner = [
        "# Learner answers to mark",
        "",
        "Mark each answer against its question's mark scheme, as a fair exam-board examiner would.",
        "",
    ]
    for qid in schemes:
        if qid not in answers:
            continue
        batch = list(answers[qid])
        # Each question has its own seeded order, so adding a question never renumbers another's answers.
        random.Random(f"{SEED}/{qid}").shuffle(batch)
        section = [schemes[qid], "### Answers", ""]
        for number, answer in enumerate(batch, 1):
            aid = f"{qid}/{number:02d}"
            corpus += [
                "[[answer]]",
                f"id = {toml_string(aid)}",
                f"question = {toml_string(qid)}",
                f"kind = {toml_string(answer['kind'])}",
                f"text = {toml_string(answer['text'].strip())}",
                "",
            ]
            quoted = "\n".join("> " + line if line else ">" for line in answer["text"].strip().splitlines())
            section += [f"#### {aid}", "", quoted, ""]
        examiner += section
        parts.setdefault(writers[qid], []).extend(section)
    (out / "answers.toml").write_text("\n".join(corpus), encoding="utf-8")
    (out / "examiner-input.md").write_text("\n".join(examiner), encoding="utf-8")
    # One part per writer's file, so several examiners can mark at the same time.
    for stem, section in parts.items():
        (out / f"examiner-input-{stem}.md").write_text("\n".join(examiner[:4] + section), encoding="utf-8")
    print(f"{sum(map(len, answers.values()))} answers to {len(answers)} questions")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
