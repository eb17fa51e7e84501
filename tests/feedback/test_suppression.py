"""Small-cell suppression: nobody in a demographic table can be singled out or worked out.

Determinability is checked here by exact rank comparison over the integers, independently of
the module's graph-based null-space check: a hidden unknown x_i can be computed from the
published numbers iff rank(A) == rank(A + e_i), A being the table's equations restricted to
the hidden unknowns.
"""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feedback.suppression import (
    Cell,
    SuppressedTable,
    determinable_cells,
    suppress_counts,
    suppress_table,
)

GRAND = ("grand_total", -1, -1)


def _labelled(table: SuppressedTable) -> dict[tuple[str, int, int], Cell]:
    numbers = {
        ("cell", i, j): cell for i, row in enumerate(table.cells) for j, cell in enumerate(row)
    }
    numbers |= {("row_total", i, -1): cell for i, cell in enumerate(table.row_totals)}
    numbers |= {("column_total", -1, j): cell for j, cell in enumerate(table.column_totals)}
    numbers[GRAND] = table.grand_total
    return numbers


def _true_values(counts: list[list[int]], columns: int) -> dict[tuple[str, int, int], int]:
    values = {("cell", i, j): v for i, row in enumerate(counts) for j, v in enumerate(row)}
    values |= {("row_total", i, -1): sum(row) for i, row in enumerate(counts)}
    values |= {("column_total", -1, j): sum(row[j] for row in counts) for j in range(columns)}
    values[GRAND] = sum(map(sum, counts))
    return values


def _equations(rows: int, columns: int) -> list[dict[tuple[str, int, int], int]]:
    equations = []
    for i in range(rows):
        equation = {("cell", i, j): 1 for j in range(columns)}
        equation[("row_total", i, -1)] = -1
        equations.append(equation)
    for j in range(columns):
        equation = {("cell", i, j): 1 for i in range(rows)}
        equation[("column_total", -1, j)] = -1
        equations.append(equation)
    equations.append({("row_total", i, -1): 1 for i in range(rows)} | {GRAND: -1})
    equations.append({("column_total", -1, j): 1 for j in range(columns)} | {GRAND: -1})
    return equations


def _rank(matrix: list[list[int]]) -> int:
    """Exact rank by fraction-free elimination, rows kept small by dividing out their gcd."""
    rows = [list(row) for row in matrix if any(row)]
    width = len(rows[0]) if rows else 0
    rank = 0
    for column in range(width):
        pivot = next((k for k in range(rank, len(rows)) if rows[k][column]), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        a = rows[rank][column]
        for k in range(rank + 1, len(rows)):
            b = rows[k][column]
            if b:
                reduced = [a * x - b * y for x, y in zip(rows[k], rows[rank], strict=True)]
                divisor = math.gcd(*reduced) or 1
                rows[k] = [x // divisor for x in reduced]
        rank += 1
    return rank


def _determinable_by_rank(table: SuppressedTable) -> set[tuple[str, int, int]]:
    hidden = [label for label, cell in _labelled(table).items() if cell.hidden]
    equations = _equations(len(table.cells), len(table.column_totals))
    matrix = [[equation.get(label, 0) for label in hidden] for equation in equations]
    base = _rank(matrix)
    found = set()
    for position, label in enumerate(hidden):
        unit = [int(k == position) for k in range(len(hidden))]
        if _rank([*matrix, unit]) == base:
            found.add(label)
    return found


def _hidden(table: SuppressedTable) -> set[tuple[str, int, int]]:
    return {label for label, cell in _labelled(table).items() if cell.hidden}


def _with_hidden(counts: list[list[int]], hidden: set) -> SuppressedTable:
    """A table hiding exactly `hidden`, to test the attacker check on patterns of our choosing."""
    columns = len(counts[0])
    values = _true_values(counts, columns)

    def cell(label):
        return Cell(value=values[label], hidden=label in hidden, primary=False)

    return SuppressedTable(
        threshold=11,
        cells=tuple(
            tuple(cell(("cell", i, j)) for j in range(columns)) for i in range(len(counts))
        ),
        row_totals=tuple(cell(("row_total", i, -1)) for i in range(len(counts))),
        column_totals=tuple(cell(("column_total", -1, j)) for j in range(columns)),
        grand_total=cell(GRAND),
    )


def test_nothing_is_hidden_when_every_count_is_zero_or_at_least_the_threshold():
    table = suppress_table([[0, 11, 40], [25, 0, 11]], threshold=11)

    assert _hidden(table) == set()
    assert [[c.published() for c in row] for row in table.cells] == [[0, 11, 40], [25, 0, 11]]
    assert [c.published() for c in table.row_totals] == [51, 36]
    assert [c.published() for c in table.column_totals] == [25, 11, 51]
    assert table.grand_total.published() == 87


def test_a_single_small_cell_hides_the_smallest_complements_in_its_row_and_column():
    table = suppress_table([[5, 20, 30], [40, 50, 60], [70, 80, 90]], threshold=11)

    assert _hidden(table) == {("cell", 0, 0), ("cell", 0, 1), ("cell", 1, 0), ("cell", 1, 1)}
    assert table.cells[0][0] == Cell(value=5, hidden=True, primary=True)
    assert table.cells[0][1] == Cell(value=20, hidden=True, primary=False)
    assert table.cells[0][1].published() is None
    assert table.hidden_label() == "<11"
    assert determinable_cells(table) == set()


def test_totals_under_the_threshold_are_hidden_and_cannot_be_worked_out():
    table = suppress_table([[3, 0], [0, 40]], threshold=11)

    assert table.row_totals[0] == Cell(value=3, hidden=True, primary=True)
    assert table.column_totals[0] == Cell(value=3, hidden=True, primary=True)
    assert table.row_totals[1].hidden
    assert not table.row_totals[1].primary
    assert determinable_cells(table) == set()
    assert _determinable_by_rank(table) == set()


def test_a_grand_total_under_the_threshold_is_hidden():
    table = suppress_table([[2, 3], [0, 4]], threshold=11)

    assert table.grand_total == Cell(value=9, hidden=True, primary=True)
    assert _determinable_by_rank(table) == set()


# Two hidden 2 x 2 cycles joined by the cell (1, 2): every row and column holds zero or at least
# two hidden cells, yet summing rows 0 and 1 and columns 0 and 1 gives the bridge away.
BRIDGE_COUNTS = [
    [3, 3, 50, 100],
    [3, 3, 3, 60],
    [100, 100, 3, 3],
    [100, 100, 3, 3],
]
BRIDGE_PRIMARY = {
    ("cell", 0, 0),
    ("cell", 0, 1),
    ("cell", 1, 0),
    ("cell", 1, 1),
    ("cell", 1, 2),
    ("cell", 2, 2),
    ("cell", 2, 3),
    ("cell", 3, 2),
    ("cell", 3, 3),
}


def test_a_bridge_between_two_hidden_cycles_is_determinable_although_no_line_has_one_hidden():
    primary_only = _with_hidden(BRIDGE_COUNTS, BRIDGE_PRIMARY)
    for equation in _equations(4, 4):
        assert sum(label in BRIDGE_PRIMARY for label in equation) != 1

    assert determinable_cells(primary_only) == {("cell", 1, 2)}
    assert _determinable_by_rank(primary_only) == {("cell", 1, 2)}


def test_suppression_protects_the_bridge_with_the_smallest_cell_in_its_lines():
    table = suppress_table(BRIDGE_COUNTS, threshold=11)

    # (0, 2) = 50 in the bridge's column beats (1, 3) = 60 in its row.
    assert _hidden(table) == BRIDGE_PRIMARY | {("cell", 0, 2)}
    assert {label for label, cell in _labelled(table).items() if cell.primary} == BRIDGE_PRIMARY
    assert determinable_cells(table) == set()
    assert _determinable_by_rank(table) == set()


def test_a_one_dimensional_breakdown_hides_a_second_category_and_keeps_the_total():
    table = suppress_counts([4, 30, 25, 0], threshold=11)

    assert [c.published() for c in table.cells[0]] == [None, 30, None, 0]
    assert table.cells[0][0].primary
    assert not table.cells[0][2].primary
    # In a one-row table each column total is its cell: it must not show what the cell hides.
    assert [c.published() for c in table.column_totals] == [None, 30, None, 0]
    assert table.row_totals[0].published() == table.grand_total.published() == 59
    assert table == suppress_table([[4, 30, 25, 0]], threshold=11)


def test_a_one_dimensional_breakdown_with_a_small_total_hides_everything_but_zeros():
    table = suppress_counts([3, 0, 4], threshold=11)

    assert [c.published() for c in table.cells[0]] == [None, 0, None]
    assert table.grand_total.published() is None
    assert table.row_totals[0].published() is None


def test_threshold_one_hides_nothing():
    table = suppress_table([[1, 0, 2], [1, 1, 0]], threshold=1)

    assert _hidden(table) == set()
    assert table.hidden_label() == "<1"


def test_the_threshold_is_configurable():
    counts = [[15, 30], [40, 50]]

    assert _hidden(suppress_table(counts, threshold=11)) == set()
    assert ("cell", 0, 0) in _hidden(suppress_table(counts, threshold=20))
    assert suppress_table(counts, threshold=20).hidden_label() == "<20"


@pytest.mark.parametrize(
    "counts",
    [[], [[], []]],
    ids=["no rows", "no columns"],
)
def test_empty_tables_publish_zero_totals(counts):
    table = suppress_table(counts, threshold=11)

    assert table.cells == tuple(() for _ in counts)
    assert [c.published() for c in table.row_totals] == [0] * len(counts)
    assert table.column_totals == ()
    assert table.grand_total == Cell(value=0, hidden=False, primary=False)


def test_an_empty_breakdown_publishes_a_zero_total():
    table = suppress_counts([], threshold=11)

    assert table.cells == ((),)
    assert table.grand_total.published() == 0


@pytest.mark.parametrize(
    ("counts", "threshold"),
    [
        ([[1, 2], [3]], 11),
        ([[1], [2, 3]], 11),
        ([[-1, 20]], 11),
        ([[1.0, 20]], 11),
        ([[True, 20]], 11),
        ([["3", 20]], 11),
        ([[12, 20]], 0),
        ([[12, 20]], -5),
        ([[12, 20]], 2.5),
        ([[12, 20]], True),
    ],
    ids=[
        "ragged short",
        "ragged long",
        "negative",
        "float",
        "bool",
        "string",
        "threshold 0",
        "negative threshold",
        "fractional threshold",
        "bool threshold",
    ],
)
def test_invalid_input_is_rejected(counts, threshold):
    with pytest.raises(ValueError):
        suppress_table(counts, threshold=threshold)


def test_invalid_breakdown_is_rejected():
    with pytest.raises(ValueError):
        suppress_counts([5, -1], threshold=11)


COUNT = st.one_of(st.just(0), st.integers(1, 15), st.integers(11, 500))


@st.composite
def tables(draw):
    rows = draw(st.integers(1, 6))
    columns = draw(st.integers(1, 8))
    counts = draw(
        st.lists(st.lists(COUNT, min_size=columns, max_size=columns), min_size=rows, max_size=rows)
    )
    return counts, draw(st.integers(2, 20))


@settings(deadline=None, max_examples=300)
@given(tables())
def test_every_small_count_is_hidden_as_primary_and_only_small_counts_are(case):
    counts, threshold = case
    table = suppress_table(counts, threshold=threshold)

    for label, cell in _labelled(table).items():
        small = 0 < cell.value < threshold
        assert cell.primary == small, label
        if small:
            assert cell.hidden, label


@settings(deadline=None, max_examples=300)
@given(tables())
def test_no_hidden_count_can_be_worked_out_from_the_published_ones(case):
    counts, threshold = case
    table = suppress_table(counts, threshold=threshold)

    assert _determinable_by_rank(table) == set()


@settings(deadline=None, max_examples=300)
@given(tables())
def test_published_counts_are_the_true_counts(case):
    counts, threshold = case
    table = suppress_table(counts, threshold=threshold)

    truth = _true_values(counts, len(counts[0]))
    labelled = _labelled(table)
    assert labelled.keys() == truth.keys()
    for label, cell in labelled.items():
        assert cell.value == truth[label], label
        assert cell.published() == (None if cell.hidden else truth[label]), label


@settings(deadline=None, max_examples=300)
@given(tables())
def test_the_same_table_is_always_suppressed_the_same_way(case):
    counts, threshold = case

    first = suppress_table(counts, threshold=threshold)
    again = suppress_table(tuple(tuple(row) for row in counts), threshold=threshold)

    assert first == again


@settings(deadline=None, max_examples=300)
@given(tables(), st.data())
def test_the_attacker_check_agrees_with_exact_rank_on_any_hiding_pattern(case, data):
    counts, _ = case
    labels = list(_true_values(counts, len(counts[0])))
    hidden = set(data.draw(st.lists(st.sampled_from(labels), unique=True)))
    table = _with_hidden(counts, hidden)

    assert determinable_cells(table) == _determinable_by_rank(table)
