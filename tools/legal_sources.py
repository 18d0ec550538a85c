"""Rewrite lessons/tutor-notes/legal-sources.md from data/law/ and data/policies/.

    python tools/legal_sources.py          # rewrite the page
    python tools/legal_sources.py --check  # exit 1 if the page is out of date

tests/unit/test_law.py runs the same comparison, so a content edit without a rebuilt page fails.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from widgets.content import load_kind  # noqa: E402
from widgets.activities.law import legal_sources_markdown  # noqa: E402

PAGE = ROOT / "lessons" / "tutor-notes" / "legal-sources.md"


def main(argv: list[str]) -> int:
    text = legal_sources_markdown(load_kind("law"), load_kind("policies"))
    if argv[:1] == ["--check"]:
        if PAGE.read_text(encoding="utf-8") != text:
            print(f"{PAGE.relative_to(ROOT)} is out of date: run python tools/legal_sources.py")
            return 1
        print(f"{PAGE.relative_to(ROOT)} is up to date")
        return 0
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
