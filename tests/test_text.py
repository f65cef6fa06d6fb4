"""course_utils.text: the one table formatter (plain and Markdown) and byte sizes."""

import pytest

from course_utils.text import format_table, human_bytes

TABLE = [["setting", "accuracy", "note"], ["relu", "0.97", "fast"], ["sigmoid", "0.9", ""]]


def test_plain_tables_pad_the_first_column_left_and_numbers_right():
    assert format_table(TABLE).splitlines() == [
        "setting  accuracy  note",
        "relu         0.97  fast",
        "sigmoid       0.9",
    ]


def test_align_and_rule():
    lines = format_table(TABLE, align="lrl", rule=True).splitlines()
    assert lines == [
        "setting  accuracy  note",
        "-----------------------",
        "relu         0.97  fast",
        "sigmoid       0.9",
    ]


def test_markdown_tables():
    assert format_table(TABLE, markdown=True).splitlines() == [
        "| setting | accuracy | note |",
        "| --- | --- | --- |",
        "| relu | 0.97 | fast |",
        "| sigmoid | 0.9 |  |",
    ]


@pytest.mark.parametrize(
    ("table", "align", "message"),
    [
        ([], None, "header"),
        ([["a", "b"], ["1"]], None, "2 cells"),
        ([["a", "b"]], "l", "align"),
        ([["a", "b"]], "lc", "align"),
    ],
)
def test_bad_tables_are_refused(table, align, message):
    with pytest.raises(ValueError, match=message):
        format_table(table, align=align)


@pytest.mark.parametrize(
    "n, text", [(0, "0 bytes"), (999, "999 bytes"), (425_924, "425.9 KB"), (28e9, "28.0 GB")]
)
def test_human_bytes(n, text):
    assert human_bytes(n) == text


@pytest.mark.parametrize("n", [-1, "12", None])
def test_human_bytes_rejects_non_sizes(n):
    with pytest.raises(ValueError, match="bytes"):
        human_bytes(n)
