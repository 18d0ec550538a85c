"""Tutor moderation of written answers: the names a notebook or script needs.

A *moderation* is a tutor's mark for one written answer, with a one-line reason, kept beside the
rubric's mark (never in place of it). A *claim* is the learner's "I did cover this" for one missed
marking point; the tutor accepts it (that point's marks are granted) or refuses it, each with a
reason, and the decision is itself a moderation. Both are kept in the learner's progress file
(``widgets/progress/PROGRESS.md``); decisions made in the class overview go to the tutor's own moderation
file, which a learner imports on My progress.

The records are made and checked in ``widgets/tutor/moderation_records.py``; the moderation file,
merging and corpus cases are in ``widgets/tutor/moderation_files.py``. This module gathers both;
``after-sales moderation FILES --out DIR`` (:mod:`widgets.cli`) turns moderations into corpus cases.
"""

from __future__ import annotations

from .moderation_files import (  # noqa: F401 - gathered here for notebooks and scripts
    ANSWERS_FILE,
    ClaimItem,
    Entry,
    HEADER,
    MARKS_FILE,
    ReadFiles,
    cases_toml,
    claim_items,
    corpus_cases,
    current_entries,
    entries_from_progress,
    merge_entries,
    per_mark,
    read_files,
    toml_string,
)
from .moderation_records import (  # noqa: F401 - gathered here for notebooks and scripts
    DECISIONS,
    FILE_FORMAT,
    FILE_VERSION,
    MAX_ENTRIES,
    MAX_FILE_BYTES,
    add_to_file,
    empty_file,
    parse_file,
    serialise_file,
    validate_file,
    MAX_CLAIM,
    MAX_REASON,
    MAX_TEXT,
    ModerationError,
    add_claim,
    check_points,
    check_reason,
    check_total,
    claim_problem,
    clean_claim,
    clean_moderation,
    decide_claim,
    is_count,
    latest_for,
    make_claim,
    marking,
    merge_records,
    moderate,
    moderation_line,
    moderation_problem,
    record_key,
    same_text,
    withdraw_claim,
)
