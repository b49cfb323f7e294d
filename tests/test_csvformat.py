"""The CSV format's shared words (domain/csvformat.py), above all the formula escape that
every CSV writer applies and the reader undoes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sockadvisor.domain.csvformat import COLUMNS, OPTIONAL, REQUIRED, escape_cell, unescape_cell

FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"]


def test_columns() -> None:
    assert set(REQUIRED) | set(OPTIONAL) == set(COLUMNS) and not set(REQUIRED) & set(OPTIONAL)


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-", "'-"),
        ("+3", "'+3"),
        ("'=1", "''=1"),  # already quoted: one more, so that reading takes one away
        ("''@x", "'''@x"),
        # left as they are
        ("-3", "-3"),  # a plain number is read as a number, never run
        ("-3.50", "-3.50"),
        ("'Tis", "'Tis"),
        ("'", "'"),
        ("a=b", "a=b"),
        (" =1", " =1"),
        ("", ""),
        ("Trail Pro", "Trail Pro"),
    ],
)
def test_escape_cell(cell: str, written: str) -> None:
    assert escape_cell(cell) == written
    assert unescape_cell(written) == cell


@pytest.mark.parametrize(
    ("cell", "read"),
    [("'=1", "=1"), ("''-x", "'-x"), ("'-3", "-3"), ("'x", "'x"), ("'", "'"), ("=1", "=1")],
)
def test_unescape_cell_takes_one_quote_before_a_formula_start(cell: str, read: str) -> None:
    assert unescape_cell(cell) == read


formula_like = st.builds(
    lambda quotes, start, rest: "'" * quotes + start + rest,
    st.integers(0, 3),
    st.sampled_from(FORMULA_STARTS),
    st.text(max_size=20),
)


@settings(max_examples=500)
@given(cell=st.one_of(st.text(max_size=20), formula_like))
def test_escape_is_undone_by_unescape_and_never_leaves_a_formula(cell: str) -> None:
    written = escape_cell(cell)
    assert unescape_cell(written) == cell
    plain_number = written.lstrip("-").replace(".", "", 1).isdigit() and written.isascii()
    assert not written.startswith(tuple(FORMULA_STARTS)) or plain_number
