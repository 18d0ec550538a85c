"""How each activity is checked: pure functions over plain data, one module per activity type.

=============  ==========================================  ==============================
module         checks                                      main entry point
=============  ==========================================  ==============================
``order``      put-in-order tasks (Moodle's three methods)  :func:`score_order`
``sort``       sort-into-groups tasks                       :func:`score_sort`
``choice``     typed numbers and chosen options             :func:`check_number`, :func:`score_choice`
``flow``       build-your-own flowcharts                    :func:`check_flow`
``graph``      reachable nodes, loops (content checks)      :func:`reachable`, :func:`find_cycle`
``rubric``     written answers against marking points      :func:`score_answer`
``scenario``   branching role-play: graph checks, paths     :func:`graph_problems`, :func:`score_path`
=============  ==========================================  ==============================

Nothing in this package imports ipywidgets, anywidget or pandas, so every rule can
be unit- and property-tested without a kernel or a browser.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .choice import (
        OPTION_MARKS,
        ChoiceScore,
        NumberVerdict,
        OptionVerdict,
        check_number,
        count_words,
        parse_number,
        read_number,
        score_choice,
        validate_options,
    )
    from .flow import FlowCheck, FlowMessage, check_flow
    from .scenario import GraphProblem, ScenarioGraph, ScenarioScore, best_path, graph_problems, score_path
    from .order import DEFAULT_METHOD, ORDER_METHODS, ItemVerdict, OrderScore, longest_increasing_run, score_order
    from .sort import BucketScore, CardVerdict, SortScore, score_sort

#: Each public name and its module, imported on first use: an activity loads only the rules it checks by.
_LAZY = {
    "OPTION_MARKS": ".choice",
    "ChoiceScore": ".choice",
    "NumberVerdict": ".choice",
    "OptionVerdict": ".choice",
    "check_number": ".choice",
    "count_words": ".choice",
    "parse_number": ".choice",
    "read_number": ".choice",
    "score_choice": ".choice",
    "validate_options": ".choice",
    "FlowCheck": ".flow",
    "FlowMessage": ".flow",
    "check_flow": ".flow",
    "GraphProblem": ".scenario",
    "ScenarioGraph": ".scenario",
    "ScenarioScore": ".scenario",
    "best_path": ".scenario",
    "graph_problems": ".scenario",
    "score_path": ".scenario",
    "DEFAULT_METHOD": ".order",
    "ORDER_METHODS": ".order",
    "ItemVerdict": ".order",
    "OrderScore": ".order",
    "longest_increasing_run": ".order",
    "score_order": ".order",
    "BucketScore": ".sort",
    "CardVerdict": ".sort",
    "SortScore": ".sort",
    "score_sort": ".sort",
}

__all__ = [
    "DEFAULT_METHOD",
    "OPTION_MARKS",
    "ORDER_METHODS",
    "BucketScore",
    "CardVerdict",
    "ChoiceScore",
    "FlowCheck",
    "FlowMessage",
    "GraphProblem",
    "ItemVerdict",
    "NumberVerdict",
    "OptionVerdict",
    "OrderScore",
    "ScenarioGraph",
    "ScenarioScore",
    "SortScore",
    "best_path",
    "check_flow",
    "check_number",
    "count_words",
    "graph_problems",
    "longest_increasing_run",
    "parse_number",
    "read_number",
    "score_choice",
    "score_order",
    "score_path",
    "score_sort",
    "validate_options",
]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
