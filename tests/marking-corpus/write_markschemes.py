"""Write markschemes.md: what the blind examiner sees for each written question.

Run from the repository root: ``python tests/marking-corpus/write_markschemes.py``. Each question's
prompt, its marking points in order (the point's text as the learner reads it, and its marks) and
nothing else: no idea lists, no exemplars and no model answer, so the examiner marks the way an
exam-board examiner does, from the question and the mark scheme alone.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from widgets.content import load_kind  # noqa: E402


def schemes() -> str:
    lines = [
        "# Mark schemes for the written questions",
        "",
        "Written by `write_markschemes.py` from `data/written/*.toml` when the corpus was marked.",
        "Each point is worth the marks shown; a point worth more than one mark gives one mark for",
        "each different idea. Total = the sum of the points.",
        "",
    ]
    for qid, question in load_kind("written").items():
        total = sum(p.marks for p in question.points)
        lines += [
            f"## {qid} ({total} marks)",
            "",
            f"**Question:** {question.prompt.strip()}",
            "",
            "**Mark scheme:**",
            "",
        ]
        for number, point in enumerate(question.points, 1):
            each = " (one mark for each different idea)" if point.marks > 1 else ""
            mark_word = "mark" if point.marks == 1 else "marks"
            lines.append(f"{number}. {point.text.strip()} [{point.marks} {mark_word}{each}]")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    (HERE / "markschemes.md").write_text(schemes(), encoding="utf-8")
    print("wrote", HERE / "markschemes.md")
