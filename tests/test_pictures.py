"""Pictures of a score (issue 15 item 4): bars in explain, compare and recommend; plain
characters without colour or Unicode; never in JSON, CSV or Markdown."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from sockadvisor.cli.app import app
from sockadvisor.domain.results import Term
from sockadvisor.render.pictures import BAR, PLAIN, UNICODE, bar, term_bar, term_note, term_points

PROFILE = ["-d", "ultra", "-t", "technical"]
BLOCKS = set("█▓░✓")


def show(*args: str, **env: str | None) -> str:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "100", **env})
    assert result.exit_code == 0 and result.stderr == ""
    return result.stdout


@given(st.floats(0, 100), st.floats(0.1, 100), st.booleans())
def test_a_bar_is_always_its_width_and_partial_is_never_full_or_empty(
    points: float, most: float, penalty: bool
) -> None:
    picture = bar(points, most, UNICODE, penalty=penalty)
    assert len(picture) == BAR
    share = min(round(points, 1) / round(most, 1), 1.0)  # as shown, to one decimal
    if 0 < share < 1:
        assert UNICODE.empty in picture and picture[0] != UNICODE.empty


def term(weight: float, degree: float | None, points: float, most: float) -> Term:
    return Term(
        rule="r",
        label="r",
        weight=weight,
        degree=degree,
        points=points,
        max_points=most,
        because="b",
        source="s",
    )


def test_each_kind_of_term_has_its_bar_and_words() -> None:
    avoided = term(-1.0, 0.0, 0.0, 7.7)
    assert (term_bar(avoided, UNICODE), term_note(avoided, UNICODE)) == ("░" * BAR, "✓ avoided")
    assert term_points(avoided) == "0.0 / -7.7"  # never "7.7 / 7.7 Met 0%"
    incurred = term(-1.0, 0.4, -3.0, 7.5)
    assert term_bar(incurred, UNICODE) == "▓" * 4 + "░" * 6
    assert term_note(incurred, UNICODE) == "penalty: lost 3.0"
    assert term_note(term(1.0, 1.0, 10.3, 10.3), UNICODE) == "gained"
    assert term_note(term(1.0, 0.5, 5.0, 10.0), UNICODE) == "gained 50%"
    assert term_note(term(1.0, 0.0, 0.0, 10.0), UNICODE) == "not met"
    assert term_note(term(1.0, None, 0.0, 10.0), UNICODE) == "unknown: no data"
    assert term_note(term(-1.0, None, 0.0, 10.0), PLAIN) == "unknown: no data"


def rows(out: str) -> dict[str, str]:
    return {line.split()[0]: line for line in out.splitlines() if line.split()}


def test_explain_shows_bars_gains_and_penalties_apart() -> None:
    out = show("explain", "CRN-KH-1520", *PROFILE)
    row = rows(out)
    assert "██████████" in row["long-run-band"] and "gained" in row["long-run-band"]
    assert "✓ avoided" in row["run-firm-restricts"] and "▓" not in row["run-firm-restricts"]
    lines = out.splitlines()
    gains, penalties = lines.index("Gains"), lines.index("Penalties")
    assert gains < lines.index(row["long-run-band"]) < penalties
    assert penalties < lines.index(row["run-firm-restricts"])
    assert "Met" not in out and "0%" not in out  # the old "7.7 / 7.7  Met 0%" is gone
    assert "[Engel et al." not in out and "--verbose" in out


def test_explain_shows_a_penalty_incurred_as_points_lost() -> None:
    out = show("explain", "QRY-QT-COT", *PROFILE, "--climate", "wet")
    row = rows(out)
    assert "▓▓▓▓▓▓▓▓▓▓" in row["cotton-rich-long"]
    assert "penalty: lost" in row["cotton-rich-long"]
    assert "not met" in row["seamless-toe"]


def test_explain_verbose_gives_the_sentence_and_source() -> None:
    out = show("explain", "CRN-KH-1520", "--verbose", *PROFILE)
    assert "[Engel et al. 2016" in out and "Why each rule" in out
    assert "run-firm-restricts: avoids: over 20 mmHg while running" in out


def test_compare_shows_the_deciding_rules_as_paired_bars() -> None:
    out = show("compare", "SSW-KH-1520", "CRN-KH-1520", *PROFILE)
    assert "SSW-KH-1520 beats CRN-KH-1520" in out
    paired = [line for line in out.splitlines() if line.startswith("    ") and "█" in line]
    assert [line.split()[0] for line in paired[:2]] == ["SSW-KH-1520", "CRN-KH-1520"]


def test_recommend_shows_the_score_as_a_bar() -> None:
    out = show("recommend", *PROFILE)
    assert any("100.0 █████" in line for line in out.splitlines())


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}])
def test_plain_characters_without_colour(env: dict[str, str]) -> None:
    out = show("explain", "QRY-QT-COT", *PROFILE, **env)
    assert not BLOCKS & set(out) and "✓" not in out
    assert "#####" in out and "xxxxxxxxxx" in out and "ok avoided" in out and ".........." in out


def test_plain_characters_on_an_ascii_terminal() -> None:
    environ = {**os.environ, "PYTHONIOENCODING": "ascii", "COLUMNS": "100"}
    environ.pop("NO_COLOR", None)
    done = subprocess.run(
        [sys.executable, "-m", "sockadvisor", "compare", "SSW-KH-1520", "CRN-KH-1520", *PROFILE],
        capture_output=True,
        env=environ,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.isascii() and b"#####" in done.stdout


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
@pytest.mark.parametrize(
    "args",
    [
        ["explain", "CRN-KH-1520", *PROFILE],
        ["compare", "SSW-KH-1520", "CRN-KH-1520", *PROFILE],
        ["recommend", *PROFILE],
    ],
)
def test_never_in_json_csv_or_markdown(args: list[str], fmt: str) -> None:
    out = show(*args, "--format", fmt)
    assert not BLOCKS & set(out) and PLAIN.empty * 3 not in out


def test_markdown_words_a_term_by_its_kind_as_the_terminal_does() -> None:
    """Markdown goes on web pages: an avoided penalty reads 'avoided', never 'Met 0%'."""
    out = show("explain", "QRY-QT-COT", *PROFILE, "--climate", "wet", "--format", "markdown")
    cells = {
        line.split(" | ")[0].removeprefix("| ").split(":")[0]: line.split(" | ")[1:3]
        for line in out.splitlines()
        if line.startswith("| ") and ": " in line.split(" | ")[0]
    }
    assert cells["cotton"][1].startswith("penalty: lost ") and cells["cotton"][0].startswith("-")
    assert cells["run-firm-restricts"][1] == "avoided"
    assert cells["run-firm-restricts"][0].startswith("0.0 / -")
    assert "| Met |" not in out and "| 0% |" not in out


def test_a_preference_not_met_is_not_listed_under_gains() -> None:
    out = show("explain", "LWA-CR-1520", "-d", "ultra", "--climate", "cold", "--climate", "wet")
    lines = out.splitlines()
    gains, not_met, penalties = (lines.index(h) for h in ("Gains", "Not met", "Penalties"))
    row = rows(out)
    assert not_met < lines.index(row["breathable"]) < penalties
    assert "not met" in row["breathable"]
    assert all("not met" not in line for line in lines[gains:not_met])
