"""Tables that fit (issue 15 item 3): every table command at 40, 80 and 160 columns.

Each output is kept as a snapshot (syrupy, tests/__snapshots__/), so a layout change is a
reviewed diff: `pytest tests/test_tables.py --snapshot-update` rewrites them. Beside the
snapshots, invariants that hold at every width: no line wider than the screen, no word of
a sock's name or a rule's id broken across lines, no value column left empty.
"""

from __future__ import annotations

import re

import pytest
from syrupy.assertion import SnapshotAssertion
from typer.testing import CliRunner

from sockadvisor import api
from sockadvisor.cli.app import app

PROFILE = ["-d", "ultra", "-t", "technical", "--calf-cm", "38"]
COMMANDS = {
    "recommend": ["recommend", *PROFILE],
    "explain": ["explain", "CRN-KH-1520", "--against", "TRN-KH-1520", *PROFILE],
    "explain-verbose": ["explain", "TRN-KH-1520", "--verbose", *PROFILE],
    "compare": ["compare", "SSW-KH-1520", "CRN-KH-1520", "TRN-KH-1520", *PROFILE],
    "plan": ["plan", *PROFILE, "--travel-hours", "8"],
    "catalog-list": ["catalog", "list", "--length", "knee_high"],
    "catalog-show": ["catalog", "show", "CRN-KH-1520"],
    "checklist": ["checklist", *PROFILE],
}
WIDTHS = (40, 80, 160)
ADVISOR = api.load()
SPLIT = re.compile(r"[\s│┃┏┓┗┛┡┩━─┼╇╋┬┴├┤┌┐└┘]+")


def show(args: list[str], width: int | None, **env: str) -> str:
    environ = {"COLUMNS": str(width) if width else None, "NO_COLOR": None, "TERM": None, **env}
    result = CliRunner().invoke(app, args, env=environ)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", COMMANDS)
def test_snapshot(command: str, width: int, snapshot: SnapshotAssertion) -> None:
    assert show(COMMANDS[command], width) == snapshot


def known_words() -> set[str]:
    """The words of the catalog's names, the rules' ids and their parts at hyphens (a
    rule id may wrap after a hyphen, never inside a part)."""
    words = {w for p in ADVISOR.products for w in f"{p.sku} {p.brand} {p.name}".split()}
    ids = [rule.id.split("-") for rule in ADVISOR.rules]
    return words | {"-".join(parts[:n]) for parts in ids for n in range(1, len(parts) + 1)}


KNOWN = known_words()
TABLE_WORDS = {"Size", "met"}  # the tables' own words: a column head, "not met"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", COMMANDS)
def test_fits_without_broken_words(command: str, width: int) -> None:
    out = show(COMMANDS[command], width)
    # the words of the same answer as JSON (rules' sentences, sources, warnings) are whole
    known = KNOWN | set(re.findall(r"[^\s\"]+", show([*COMMANDS[command], "--json"], None)))
    known |= {p.strip(":,;.()*>") for t in known for p in [t, *re.split(r"[-_/]", t)]}
    known |= TABLE_WORDS
    for line in out.splitlines():
        assert len(line) <= width or any(len(w) > width for w in line.split()), line
    tokens = {t.strip(":,;.()*>") for t in SPLIT.split(out)} - {""}
    broken = {
        t for t in tokens if t not in known and any(w.startswith(t) and w != t for w in known)
    }
    broken -= {t for t in broken if len(t) < 3}  # "1", "M", "S": sizes and ranks
    broken -= {t for t in broken if re.fullmatch(r"[-+]?[\d.]+", t)}  # points and prices
    assert not broken
    assert command == "checklist" or any(p.sku in tokens for p in ADVISOR.products)


@pytest.mark.parametrize("width", WIDTHS)
def test_compare_never_drops_a_value_column(width: int) -> None:
    skus = ["SSW-KH-1520", "CRN-KH-1520", "TRN-KH-1520"]
    out = show(["compare", *skus, *PROFILE], width)
    comparison = api.compare(
        ADVISOR, skus, api.profile(distance="ultra", terrain="technical", calf_cm=38)
    )
    for standing in comparison.products:
        assert standing.sku in out and f"{standing.score:.1f}" in out
    for row in comparison.attributes:
        for value in row.values:
            assert " ".join(value.split()[:1]) in out


def test_a_pipe_is_80_columns_unless_columns_says() -> None:
    out = show(COMMANDS["catalog-list"], None)
    assert max(len(line) for line in out.splitlines()) == 80
    wide = show(COMMANDS["catalog-list"], 120)
    assert max(len(line) for line in wide.splitlines()) > 80
