"""The tutor's tools: the class overview and report, moderation of written answers, role cards.

Nothing is imported here, so that a learner's lesson never loads the tutor's tools.
"""
