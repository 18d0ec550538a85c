"""Walking a small directed graph: what can be reached, and where a loop is (pure).

Content checks use these on flowcharts (arrows between stages) and branching scenarios
(choices between steps). Graphs in lesson content have tens of nodes, so plain searches do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence


def successors_of(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """``{source: [targets...]}`` from ``(source, target)`` pairs, in the order given."""
    successors: dict[str, list[str]] = {}
    for source, target in pairs:
        successors.setdefault(source, []).append(target)
    return successors


def reachable(starts: Iterable[str], successors: Mapping[str, Sequence[str]]) -> set[str]:
    """Every node that can be reached from ``starts`` (the starts included)."""
    reached = set(starts)
    frontier = list(reached)
    while frontier:
        for nxt in successors.get(frontier.pop(), ()):
            if nxt not in reached:
                reached.add(nxt)
                frontier.append(nxt)
    return reached


def find_cycle(
    successors: Mapping[str, Sequence[str]], starts: Iterable[str] | None = None, allowed: set[str] | None = None
) -> list[str]:
    """One loop, as node ids with the first repeated at the end, or ``[]`` when there is none.

    The search begins at ``starts`` (every node with an arrow out, if not given) and, when
    ``allowed`` is given, only walks through those nodes.
    """
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in successors.get(node, ()):
            if allowed is not None and nxt not in allowed:
                continue
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return []

    for start in list(successors if starts is None else starts):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return []
