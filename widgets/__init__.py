"""After-Sales Lessons: the widget library behind the lesson notebooks.

Importing the package registers every kind of content and stays light: the feedback
dataset helpers (:mod:`widgets.feedback`) and :class:`FeedbackExplorer` need pandas
and matplotlib, so they are loaded the first time a lesson asks for them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .content import ContentError, ContentNotice, check_all
from .flowbuild import FlowBuildTask
from .flowchart import FlowchartSpec, describe  # importing it registers the flowcharts content kind
from .flowchart_widget import Flowchart
from .law import law_summary, policy  # registers the law and policies content kinds
from .ordering import OrderTask
from .progress import progress_summary
from .questions import Question
from .scenario import ScenarioTask
from .scoring import score_order, score_sort
from .sorting import SortTask

if TYPE_CHECKING:  # pragma: no cover
    from . import feedback
    from .explorer import FeedbackExplorer

#: Public names loaded on first use, and the module each comes from.
_LAZY = {"FeedbackExplorer": ".explorer", "feedback": ".feedback"}

__all__ = [
    "ContentError",
    "ContentNotice",
    "FeedbackExplorer",
    "FlowBuildTask",
    "Flowchart",
    "FlowchartSpec",
    "OrderTask",
    "Question",
    "ScenarioTask",
    "SortTask",
    "check_all",
    "describe",
    "feedback",
    "law_summary",
    "policy",
    "progress_summary",
    "score_order",
    "score_sort",
]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'widgets' has no attribute {name!r}")
    module = importlib.import_module(_LAZY[name], __name__)
    value = module if name == "feedback" else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
