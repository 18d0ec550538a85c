"""One source, more outputs: printable worksheets and answer sheets, and Moodle XML.

Everything here reads the same content files the widgets use (``data/``), found through the
lessons that use them, and turns them into strings with pure functions:

``activities``   which activities a lesson uses, in lesson order, loaded from ``data/``
``worksheets``   print-friendly HTML: a worksheet per lesson and an answer sheet for tutors
``moodle``       Moodle XML for a question bank (ordering, multichoice, numerical, matching, essay)
``check``        a structural validator for Moodle XML, and a reader back to plain data (round trip)

Command lines: ``after-sales worksheets`` and ``after-sales moodle`` (:mod:`widgets.cli`; also
``make worksheets``, ``make moodle``).
"""
