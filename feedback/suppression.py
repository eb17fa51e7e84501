"""Small-cell suppression for tables of self-reported demographics.

Every summary, chart and export of demographic counts goes through `suppress_table` (or
`suppress_counts` for a one-dimensional breakdown, which is a one-row table). The threshold
comes from ``settings.SUPPRESSION_THRESHOLD`` (default 11, CMS practice); the functions take it
explicitly so they stay pure and testable.

Policy
------
A table has cells, one total per row, one total per column and a grand total. All of them are
*published numbers*, bound by the table's equations:

- each row: the sum of its cells equals its row total;
- each column: the sum of its cells equals its column total;
- the sum of the row totals equals the grand total, and so does the sum of the column totals.

1. **Primary suppression.** Any number (cell or total) whose value is 1 .. threshold-1 is
   hidden and marked ``primary``. Zero is published: it discloses nobody.
2. **Secondary (complementary) suppression.** After primary suppression, no hidden number may
   be exactly determinable from the published numbers by any linear combination of the
   equations. More numbers are hidden until that holds:

   a. Cheap line pass: an equation (a "line") with exactly one hidden member would give that
      member away, so another member of the line is hidden. Lines are visited in a fixed order
      (rows, columns, the row-totals line, the column-totals line) until none has exactly one
      hidden member.
   b. Exact check: a hidden number can also be given away by summing several equations, for
      example a cell that bridges two otherwise protected groups of hidden cells. The exact
      check below finds every determinable hidden number; for the first one (in the order
      cells row by row, row totals, column totals, grand total) a number in one of its two
      lines is hidden so that it is no longer determinable, and the process starts again at (a).

   A complement is chosen, among the members of the offending line that would protect it, by
   preferring the smallest nonzero interior cell, then zero cells, then totals (smallest first);
   ties go to the lowest index in the order above. The result is therefore deterministic.

The attacker model is linear: hidden sums (e.g. of two hidden cells in the same row) may be
derivable, individual hidden values are not. Bounds from non-negativity are not considered.

The exact check
---------------
Every number appears in exactly two equations with coefficients +1 and -1 (after negating
the column equations and the column-totals equation), so the system is the incidence matrix of
a graph: one node per equation, one edge per number. This is the usual view of a table with its
margins as an (r+1) x (c+1) complete bipartite graph: rows plus the column-totals line on one
side, columns plus the row-totals line on the other. Once the published numbers move to the
right-hand side, a hidden number x_i is determinable iff every vector of the null space of the
hidden part of the matrix is zero at i. The fundamental cycles of a spanning forest of the hidden
edges form an integer basis of that null space, so x_i is determinable iff its edge lies on no
fundamental cycle. This is exact (no floating point) and linear in the table size, which keeps a
12 x 25 table in a few milliseconds.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

_INTERIOR_NONZERO, _INTERIOR_ZERO, _TOTAL = range(3)


@dataclass(frozen=True)
class Cell:
    value: int  # the true count: callers must not publish it when hidden
    hidden: bool
    primary: bool  # hidden because it is itself small, not to protect another number

    def published(self) -> int | None:
        return None if self.hidden else self.value


@dataclass(frozen=True)
class SuppressedTable:
    threshold: int
    cells: tuple[tuple[Cell, ...], ...]  # rows x columns
    row_totals: tuple[Cell, ...]
    column_totals: tuple[Cell, ...]
    grand_total: Cell

    def hidden_label(self) -> str:
        return f"<{self.threshold}"


class _Layout:
    """The table's numbers as edges of the equation graph.

    Numbers are indexed: cells row by row (r * c), then row totals (r), column totals (c) and
    the grand total. Nodes are the equations: rows 0..r-1, columns r..r+c-1, then the
    row-totals line and the column-totals line.
    """

    def __init__(self, *, rows: int, columns: int) -> None:
        self.rows = rows
        self.columns = columns
        self.cell_count = rows * columns
        row_totals_line = rows + columns
        column_totals_line = row_totals_line + 1
        self.node_count = column_totals_line + 1
        ends = [(i, rows + j) for i in range(rows) for j in range(columns)]
        ends += [(i, row_totals_line) for i in range(rows)]
        ends += [(rows + j, column_totals_line) for j in range(columns)]
        ends.append((row_totals_line, column_totals_line))
        self.ends = ends
        # Built in index order, so every scan over a line meets its members lowest index first.
        self.incident: list[list[int]] = [[] for _ in range(self.node_count)]
        for index, (a, b) in enumerate(ends):
            self.incident[a].append(index)
            self.incident[b].append(index)

    def other_end(self, index: int, node: int) -> int:
        a, b = self.ends[index]
        return b if a == node else a

    def label(self, index: int) -> tuple[str, int, int]:
        if index < self.cell_count:
            return ("cell", *divmod(index, self.columns))
        index -= self.cell_count
        if index < self.rows:
            return ("row_total", index, -1)
        index -= self.rows
        if index < self.columns:
            return ("column_total", -1, index)
        return ("grand_total", -1, -1)


def suppress_table(counts: Sequence[Sequence[int]], *, threshold: int) -> SuppressedTable:
    """Suppress a rows x columns table of counts; totals are computed from the cells."""
    _check_threshold(threshold)
    rows = [list(row) for row in counts]
    columns = len(rows[0]) if rows else 0
    for row in rows:
        if len(row) != columns:
            raise ValueError("counts must be rectangular: every row needs the same length")
        for value in row:
            # bool is an int subclass, but True is not a count.
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"counts must be non-negative integers, got {value!r}")
    layout = _Layout(rows=len(rows), columns=columns)
    values = [value for row in rows for value in row]
    values += [sum(row) for row in rows]
    values += [sum(row[j] for row in rows) for j in range(columns)]
    values.append(sum(values[: layout.cell_count]))

    primary = [0 < value < threshold for value in values]
    hidden = list(primary)
    _protect(layout, values, hidden)
    return _assemble(layout, values, hidden, primary, threshold)


def suppress_counts(counts: Sequence[int], *, threshold: int) -> SuppressedTable:
    """Suppress a one-dimensional breakdown with its total, as a one-row table.

    Each column total equals its single cell and the row total equals the grand total, so they
    are hidden together.
    """
    return suppress_table([counts], threshold=threshold)


def determinable_cells(table: SuppressedTable) -> set[tuple[str, int, int]]:
    """The hidden numbers an attacker could compute exactly from the published ones.

    Labels: ("cell", r, c), ("row_total", r, -1), ("column_total", -1, c),
    ("grand_total", -1, -1). Empty for every table `suppress_table` returns.
    """
    layout = _Layout(rows=len(table.cells), columns=len(table.column_totals))
    numbers = [cell for row in table.cells for cell in row]
    numbers += [*table.row_totals, *table.column_totals, table.grand_total]
    hidden = [number.hidden for number in numbers]
    return {layout.label(index) for index in _determinable(layout, hidden)}


def _check_threshold(threshold: int) -> None:
    if not isinstance(threshold, int) or isinstance(threshold, bool) or threshold < 1:
        raise ValueError(f"threshold must be an integer >= 1, got {threshold!r}")


def _protect(layout: _Layout, values: list[int], hidden: list[bool]) -> None:
    """Hide complements in place until no hidden number is determinable."""
    while True:
        _line_pass(layout, values, hidden)
        exposed = _determinable(layout, hidden)
        if not exposed:
            return
        hidden[_bridge_complement(layout, values, hidden, exposed[0])] = True


def _line_pass(layout: _Layout, values: list[int], hidden: list[bool]) -> None:
    changed = True
    while changed:
        changed = False
        for members in layout.incident:
            if sum(hidden[index] for index in members) == 1:
                candidates = [index for index in members if not hidden[index]]
                hidden[min(candidates, key=lambda i: _preference(layout, values, i))] = True
                changed = True


def _preference(layout: _Layout, values: list[int], index: int) -> tuple[int, int, int]:
    if index >= layout.cell_count:
        category = _TOTAL
    elif values[index]:
        category = _INTERIOR_NONZERO
    else:
        category = _INTERIOR_ZERO
    return (category, values[index], index)


def _determinable(layout: _Layout, hidden: list[bool]) -> list[int]:
    """Hidden indices on no fundamental cycle of the hidden edges, i.e. exactly determinable."""
    parent_edge = [-1] * layout.node_count
    depth = [-1] * layout.node_count
    tree = [False] * len(hidden)
    for root in range(layout.node_count):
        if depth[root] != -1:
            continue
        depth[root] = 0
        queue = deque([root])
        while queue:
            node = queue.popleft()
            for index in layout.incident[node]:
                if not hidden[index]:
                    continue
                neighbour = layout.other_end(index, node)
                if depth[neighbour] == -1:
                    depth[neighbour] = depth[node] + 1
                    parent_edge[neighbour] = index
                    tree[index] = True
                    queue.append(neighbour)

    on_cycle = [False] * len(hidden)
    for index, is_hidden in enumerate(hidden):
        if not is_hidden or tree[index]:
            continue
        # A non-tree edge closes the cycle made of itself and the tree path between its ends.
        on_cycle[index] = True
        a, b = layout.ends[index]
        while a != b:
            if depth[a] < depth[b]:
                a, b = b, a
            edge = parent_edge[a]
            on_cycle[edge] = True
            a = layout.other_end(edge, a)
    return [index for index, is_hidden in enumerate(hidden) if is_hidden and not on_cycle[index]]


def _bridge_complement(layout: _Layout, values: list[int], hidden: list[bool], bridge: int) -> int:
    """A published number in one of the bridge's two lines that puts the bridge on a cycle.

    After the line pass every line has zero or at least two hidden members, so each side of the
    bridge holds a cycle and, the graph being complete bipartite, such a number always exists.
    """
    u, v = layout.ends[bridge]
    u_side = _reachable(layout, hidden, start=u, without=bridge)
    v_side = _reachable(layout, hidden, start=v, without=bridge)
    candidates = [
        index
        for end, far_side in ((u, v_side), (v, u_side))
        for index in layout.incident[end]
        if not hidden[index] and layout.other_end(index, end) in far_side
    ]
    return min(candidates, key=lambda i: _preference(layout, values, i))


def _reachable(layout: _Layout, hidden: list[bool], *, start: int, without: int) -> set[int]:
    seen = {start}
    stack = [start]
    while stack:
        node = stack.pop()
        for index in layout.incident[node]:
            if hidden[index] and index != without:
                neighbour = layout.other_end(index, node)
                if neighbour not in seen:
                    seen.add(neighbour)
                    stack.append(neighbour)
    return seen


def _assemble(
    layout: _Layout, values: list[int], hidden: list[bool], primary: list[bool], threshold: int
) -> SuppressedTable:
    numbers = [
        Cell(value=value, hidden=is_hidden, primary=is_primary)
        for value, is_hidden, is_primary in zip(values, hidden, primary, strict=True)
    ]
    rows, columns, cell_count = layout.rows, layout.columns, layout.cell_count
    return SuppressedTable(
        threshold=threshold,
        cells=tuple(tuple(numbers[i * columns : (i + 1) * columns]) for i in range(rows)),
        row_totals=tuple(numbers[cell_count : cell_count + rows]),
        column_totals=tuple(numbers[cell_count + rows : cell_count + rows + columns]),
        grand_total=numbers[-1],
    )
