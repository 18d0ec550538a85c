"""After-Sales Lessons: the widget library behind the lesson notebooks."""

from .content import ContentError, ContentNotice, check_all
from .explorer import FeedbackExplorer
from .flowbuild import FlowBuildTask
from .flowchart import FlowChart, describe  # importing it registers the flowcharts content kind
from .flowchart_widget import Flowchart
from .law import law_summary, policy  # registers the law and policies content kinds
from .ordering import OrderTask
from .progress import progress_summary
from .questions import Question
from .scoring import score_order
from .sort_scoring import score_sort
from .sorting import SortTask

__all__ = ["ContentError", "ContentNotice", "FeedbackExplorer", "FlowBuildTask", "FlowChart", "Flowchart", "OrderTask", "Question", "SortTask", "check_all", "describe", "progress_summary", "score_order", "score_sort"]
