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
