"""The learner's progress: the file it is kept in (``store``), its format (``schema``,
``PROGRESS.md``), the summaries a page shows (``report``) and the My progress panel (``widget``).

Nothing is imported here: each module loads when first used.
"""
