"""Plain text for the learner: one table formatter and byte sizes.

Every table the course prints (a comparison of runs, model sizes, the bench's results) goes
through :func:`format_table`, so they all align the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def format_table(
    table: Sequence[Sequence[str]],
    *,
    align: str | None = None,
    rule: bool = False,
    markdown: bool = False,
) -> str:
    """Format rows of strings (the first row is the header) as one table.

    Args:
        table: the header, then the rows; every row has the header's number of cells.
        align: in plain text, ``"l"`` (left) or ``"r"`` (right) for each column; by default
            the first column left and the others right, so that numbers line up. Columns
            stand two spaces apart; trailing spaces are dropped.
        rule: in plain text, a line of dashes under the header.
        markdown: a Markdown table (``| a | b |`` with a ``| --- |`` line) instead.

    Raises:
        ValueError: if the table has no header, a row's length differs from the header's,
            or ``align`` is not one ``l``/``r`` per column.
    """
    if not table or not table[0]:
        raise ValueError("table must hold at least a header row")
    for row in table:
        if len(row) != len(table[0]):
            raise ValueError(f"every row must have {len(table[0])} cells, got {list(row)}")
    if markdown:
        lines = ["| " + " | ".join(row) + " |" for row in table]
        lines.insert(1, "|" + " --- |" * len(table[0]))
        return "\n".join(lines)
    align = align or "l" + "r" * (len(table[0]) - 1)
    if len(align) != len(table[0]) or set(align) - {"l", "r"}:
        raise ValueError(f"align must be one 'l' or 'r' per column, got {align!r}")
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    lines = [
        "  ".join(
            cell.ljust(width) if side == "l" else cell.rjust(width)
            for cell, width, side in zip(row, widths, align, strict=True)
        ).rstrip()
        for row in table
    ]
    if rule:
        lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def human_bytes(n: float) -> str:
    """Format a number of bytes with a decimal unit: ``425924 → '425.9 KB'``.

    Raises:
        ValueError: if ``n`` is negative or not a number.
    """
    if not isinstance(n, (int, float, np.integer, np.floating)) or not n >= 0:
        raise ValueError(f"n must be a number of bytes >= 0, got {n!r}")
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if n < 1000 or unit == "TB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1000
    raise AssertionError("unreachable")
