"""Subset relations form a cycle.

`subset_of` is a hierarchy: if A is part of B, B cannot also be part of A, directly or through
other sectors. A cycle makes "which sector is broader" unanswerable and breaks the relations
picture. Every relation on the cycle is reported, with the whole cycle in the message.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from sectorlint.model import Model
from sectorlint.problem import Problem, Severity

CODE = "R004"
NAME = "subset-cycle"
SEVERITY = Severity.ERROR
# Of the sectors it walks, it reads only their ids and relations: a session runs it again only
# when one of those changes (or a sector it reports in, or one it looks up).
READS = "relations"

BAD = {
    "help-desk.yaml": """\
id: help-desk
scope: moderate
relations:
  subset_of:
    - sector: service-desk
#             ^ R004
""",
    "service-desk.yaml": """\
id: service-desk
scope: moderate
relations:
  subset_of:
    - sector: help-desk
#             ^ R004
""",
}
GOOD = {
    "help-desk.yaml": """\
id: help-desk
relations:
  subset_of:
    - sector: service-desk
""",
    "service-desk.yaml": "id: service-desk\n",
}


def check(model: Model) -> Iterator[Problem]:
    # Ids only, not sectors, and only the edges a cycle could use (into a sector that is itself
    # a subset of another): in most sets that leaves nothing, however large the set.
    subsets = {sys.intern(s.id) for s, r in model.relations() if r.kind == "subset_of"}
    graph: dict[str, list[str]] = {}
    for sector, relation in model.relations():
        if relation.kind == "subset_of" and relation.target in subsets:
            graph.setdefault(sys.intern(sector.id), []).append(sys.intern(relation.target))
    cycles = [c for c in strongly_connected(graph) if len(c) > 1 or _loops(graph, c)]
    in_cycle = {node: component for component in cycles for node in component}
    if not in_cycle:
        return
    for sector, relation in model.relations():
        component = in_cycle.get(sector.id)
        if relation.kind != "subset_of" or component is None or relation.target not in component:
            continue
        node = sector.id
        cycle = " -> ".join([node, *_path(graph, relation.target, node, component)])
        others = tuple(sorted({model.by_id[n].path for n in component} - {sector.path}))
        message = f"subset relations form a cycle: {cycle}"
        yield sector.problem(CODE, (*relation.path, "sector"), message, related=others)


def _loops(graph: dict[str, list[str]], component: set[str]) -> bool:
    """Whether a one-sector component is a sector that is a subset of itself."""
    (node,) = component
    return node in graph.get(node, [])


def strongly_connected(graph: dict[str, list[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative so that long chains cannot exhaust the stack."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[set[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, child_index = work.pop()
            if child_index == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            children = graph.get(node, [])
            if child_index < len(children):
                work.append((node, child_index + 1))
                child = children[child_index]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return components


def _path(graph: dict[str, list[str]], start: str, goal: str, within: set[str]) -> list[str]:
    """The shortest way from `start` back to `goal` inside one component (breadth first)."""
    previous: dict[str, str | None] = {start: None}
    queue = [start]
    for node in queue:
        if node == goal:
            break
        for child in graph.get(node, []):
            if child in within and child not in previous:
                previous[child] = node
                queue.append(child)
    path: list[str] = []
    step: str | None = goal
    while step is not None:
        path.append(step)
        step = previous.get(step)
    return path[::-1]
