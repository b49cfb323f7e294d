"""Errors are one line each, whatever the user's file holds."""

from __future__ import annotations

from sockadvisor.errors import DataError, InputError, Problem


def test_a_problem_is_one_line_even_with_line_breaks_in_its_parts() -> None:
    problem = Problem("c\n.yaml", 1, 2, "products.a\nb", "unknown field 'a\nb\x1b'; remove it")
    assert str(problem) == "c\\n.yaml:1:2: products.a\\nb: unknown field 'a\\nb\\x1b'; remove it"


def test_long_parts_are_cut() -> None:
    line = str(Problem("f", 1, 1, "x" * 1000, "y" * 5000))
    assert len(line) < 800 and line.endswith("...")


def test_data_errors_sort_by_position_and_input_errors_are_one_line() -> None:
    error = DataError([Problem("f", 3, 1, "", "b"), Problem("f", 1, 9, "", "a")])
    assert error.lines() == ["f:1:9: a", "f:3:1: b"]
    assert InputError("sockadvisor: x\ny: no such file").lines() == [
        "sockadvisor: x\\ny: no such file"
    ]
