"""After-Sales Lessons: the widget library behind the lesson notebooks."""

from .content import ContentError, ContentNotice, check_all
from .ordering import OrderTask
from .progress import progress_summary
from .questions import Question
from .scoring import score_order

__all__ = ["ContentError", "ContentNotice", "OrderTask", "Question", "check_all", "progress_summary", "score_order"]
