"""After-Sales Lessons: the widget library behind the lesson notebooks.

Importing the package stays light: each public name (``OrderTask``, ``feedback``, ...) is
loaded from its module the first time a lesson uses it (the table ``_LAZY`` below), and each
kind of content is registered the first time content of that kind is looked up
(``load_kind_module`` in :mod:`widgets.content`), so the content checks still see every kind.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from . import feedback
    from .content import ContentError, ContentNotice, check_all
    from .feedback.explorer import FeedbackExplorer
    from .activities.flowbuild import FlowBuildTask
    from .activities.flowchart import FlowchartSpec, describe
    from .activities.flowchart_widget import Flowchart
    from .activities.law import law_summary, policy
    from .activities.ordering import OrderTask
    from .activities.paper import MockPaper
    from .progress.store import progress_summary
    from .activities.questions import Question
    from .activities.scenario import ScenarioTask
    from .scoring import score_order, score_sort
    from .activities.sorting import SortTask
    from .activities.written import WrittenAnswer

#: Every public name and the module it comes from, loaded the first time it is used, so that
#: ``import widgets`` costs next to nothing and a lesson loads only the activities it shows.
#: The kinds of content are found the same way, from the table in :mod:`widgets.content`.
_LAZY = {
    "ContentError": ".content",
    "ContentNotice": ".content",
    "check_all": ".content",
    "FeedbackExplorer": ".feedback.explorer",
    "feedback": ".feedback",
    "FlowBuildTask": ".activities.flowbuild",
    "FlowchartSpec": ".activities.flowchart",
    "describe": ".activities.flowchart",
    "Flowchart": ".activities.flowchart_widget",
    "law_summary": ".activities.law",
    "policy": ".activities.law",
    "OrderTask": ".activities.ordering",
    "MockPaper": ".activities.paper",
    "progress_summary": ".progress.store",
    "Question": ".activities.questions",
    "ScenarioTask": ".activities.scenario",
    "score_order": ".scoring",
    "score_sort": ".scoring",
    "SortTask": ".activities.sorting",
    "WrittenAnswer": ".activities.written",
}

__all__ = [
    "ContentError",
    "ContentNotice",
    "FeedbackExplorer",
    "FlowBuildTask",
    "Flowchart",
    "FlowchartSpec",
    "MockPaper",
    "OrderTask",
    "Question",
    "ScenarioTask",
    "SortTask",
    "WrittenAnswer",
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
        # ``widgets.tutor`` and the like: a submodule not imported yet.
        try:
            return importlib.import_module(f".{name}", __name__)
        except ModuleNotFoundError as error:
            if error.name != f"{__name__}.{name}":
                raise
            raise AttributeError(f"module 'widgets' has no attribute {name!r}") from None
    module = importlib.import_module(_LAZY[name], __name__)
    value = module if name == "feedback" else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
