"""The words for the core's data (render.words): a terminal names the options to type, a
document names the profile fields; and no JSON, CSV or Markdown a command prints ever
contains a command-line flag or a terminal instruction."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from typer.testing import CliRunner

from sockadvisor.cli.app import app
from sockadvisor.domain.models import Product
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.results import (
    SCHEMA_VERSION,
    Change,
    Constraint,
    Diagnosis,
    ProductRef,
    Relaxation,
)
from sockadvisor.domain.vocab import Condition, Fibre, Length, Terrain
from sockadvisor.engine import advice, diagnose
from sockadvisor.lint.checks import Finding
from sockadvisor.render import words
from sockadvisor.render.words import Style

from .conftest import product, rules
from .diagnose_cases import BUNDLED_RULES, catalogs, constrained

TERMINAL, PLAIN = Style.terminal, Style.plain
TOP = ProductRef(sku="MED", name="Medium", score=40.0, price=10.0)
ROOT = Path(__file__).parents[1]
FLAG = re.compile(r"(?<![\w-])--[a-z]")  # a command-line option, as a person types it


def change(option: str, old: str | None, new: str | None) -> Change:
    return Change(option=option, old=old, new=new, cost=1.0, profile=RunnerProfile(), top=TOP)


@pytest.mark.parametrize(
    ("option", "old", "new", "terminal", "plain"),
    [
        (
            "terrain",
            "technical",
            "mixed",
            "--terrain mixed instead of technical",
            "terrain: mixed instead of technical",
        ),
        ("terrain", "technical", None, "without --terrain technical", "without terrain: technical"),
        ("budget", None, "15.00", "--budget 15.00", "budget: 15.00"),
        (
            "blister_prone",
            "true",
            "false",
            "without --blister-prone",
            "blister_prone: false instead of true",
        ),
        (
            "new_to_compression",
            "false",
            "true",
            "--new-to-compression",
            "new_to_compression: true instead of false",
        ),
        (
            "exclude_materials",
            None,
            "merino",
            "--exclude-material merino",
            "exclude_materials: merino",
        ),
        (
            "exclude_materials",
            "merino, cotton",
            "merino",
            "without --exclude-material cotton",
            "without exclude_materials: cotton",
        ),
        ("length", "crew", None, "without --length crew", "without length: crew"),
    ],
)
def test_a_change_in_each_style(
    option: str, old: str | None, new: str | None, terminal: str, plain: str
) -> None:
    assert words.change(change(option, old, new), TERMINAL) == terminal
    assert words.change(change(option, old, new), PLAIN) == plain


def test_what_if_changes_read_as_options_at_a_terminal() -> None:
    terrain = rules(
        {
            "id": "tech-max",
            "when": {"terrain": ["technical"]},
            "prefer": {"cushion": ["max"]},
            "weight": 2,
        },
        {"id": "crew", "prefer": {"length": ["crew"]}, "weight": 1},
    )
    items = [
        product(sku="MAX", cushion="max", price=20.0),
        product(sku="MED", cushion="medium", price=10.0),
    ]
    result = diagnose.what_if(items, terrain, RunnerProfile(terrain=Terrain.technical))
    assert words.what_if_lines(result, TERMINAL) == [
        "What if: the smallest changes that replace the top pick, MAX:",
        "  --terrain mixed instead of technical: MED, Plain crew (score 100.0)",
        "  without --terrain technical: MED, Plain crew (score 100.0)",
        "  --budget 10.00: MED, Plain crew (score 33.3)",
    ]
    assert words.what_if_lines(result, PLAIN)[1:] == [
        "  terrain: mixed instead of technical: MED, Plain crew (score 100.0)",
        "  without terrain: technical: MED, Plain crew (score 100.0)",
        "  budget: 10.00: MED, Plain crew (score 33.3)",
    ]


@settings(max_examples=30, deadline=None)
@given(items=catalogs(max_size=4), profile=constrained)
def test_plain_words_never_name_an_option(items: list[Product], profile: RunnerProfile) -> None:
    result = diagnose.what_if(items, BUNDLED_RULES, profile)
    for item in result.changes:
        assert not FLAG.search(words.change(item, PLAIN))
        assert f"{item.option}:" in words.change(item, PLAIN)
        assert words.flag(item.option) in words.change(item, TERMINAL)
    assert not any(FLAG.search(line) for line in words.what_if_lines(result, PLAIN))


def test_constraints_read_the_same_in_every_style() -> None:
    profile = RunnerProfile(
        budget=15,
        exclude_materials=(Fibre.merino,),
        length=Length.knee_high,
        calf_cm=48,
        ankle_cm=22.5,
        shoe_eu=43,
    )
    assert [words.constraint(u.constraint) for u in diagnose.constraints(profile)] == [
        "budget <= 15.00",
        "no merino",
        "length knee_high",
        "calf 48 cm",
        "ankle 22.5 cm",
        "shoe EU 43",
    ]


def test_diagnosis_lines_tell_only_a_terminal_to_run_a_command() -> None:
    budget = Constraint(id="budget", kind="budget", field="budget", value=12.0)
    length = Constraint(id="length", kind="length", field="length", value="crew")
    diagnosis = Diagnosis(
        schema_version=SCHEMA_VERSION,
        profile=RunnerProfile(budget=12, length=Length.crew),
        constraints=[budget, length],
        relaxations=[
            Relaxation(relax=[budget, length], profile=RunnerProfile(), unlocks=1, best=TOP)
        ],
        blocked_by_safety=2,
        warnings=[],
    )
    plain = [
        "Ways out (each the least you would have to relax):",
        "  relax budget <= 12.00 and length crew: 1 product; best MED (Medium), score 40.0, "
        "price 10.00",
        "2 products removed for your safety; that is never relaxed.",
    ]
    assert words.diagnosis_lines(diagnosis, PLAIN) == plain
    assert words.diagnosis_lines(diagnosis, TERMINAL) == [
        *plain,
        "`sockadvisor explain SKU` shows why one product was removed.",
    ]


def test_the_measuring_hint_names_the_options_only_at_a_terminal() -> None:
    hint = advice.MEASURE_HINT
    assert not FLAG.search(hint.message)
    assert words.notice(hint, PLAIN) == hint.message
    terminal = words.notice(hint, TERMINAL)
    assert terminal.startswith(hint.message)
    assert all(f in terminal for f in ("--calf-cm", "--ankle-cm", "--shoe-eu"))
    (clinician,) = advice.profile_warnings(RunnerProfile(conditions=(Condition.pad,), shoe_eu=42))
    assert words.notice(clinician, TERMINAL) == clinician.message


def test_options_give_back_the_profile() -> None:
    profile = RunnerProfile(
        distance="ultra",
        terrain="technical",
        use="travel",
        climate="wet",
        new_to_compression=True,
        blister_prone=True,
        length=Length.crew,
    )
    assert words.options(profile) == (
        "--distance ultra --terrain technical --use travel --climate wet "
        "--new-to-compression --blister-prone --length crew"
    )
    many = RunnerProfile(
        budget=45,
        exclude_materials=(Fibre.merino, Fibre.cotton),
        calf_cm=38.5,
        shoe_eu=42,
        conditions=(Condition.pad,),
    )
    assert words.options(many) == (
        "--use run --climate mild --budget 45.00 --exclude-material merino "
        "--exclude-material cotton --calf-cm 38.5 --shoe-eu 42 --condition pad"
    )


def test_a_finding_prints_like_a_problem_with_severity_and_code() -> None:
    f = Finding("c.yaml", 3, 5, "never-top", "products[0] (A-1)", "never in the top 5")
    assert words.finding(f) == (
        "c.yaml:3:5: products[0] (A-1): warning[never-top]: never in the top 5"
    )
    assert words.finding(Finding("c.yaml", 1, 1, "x", "", "m")) == "c.yaml:1:1: warning[x]: m"
    best = Finding("c.yaml", 1, 1, "never-top", "", "m", profile=RunnerProfile(climate="hot"))
    assert words.finding(best) == (
        "c.yaml:1:1: warning[never-top]: m (its best rank is for "
        "`recommend --use run --climate hot`)"
    )


# --- No command-line text in any document a command prints --------------------------

SKU, OTHER = "CRN-KH-1520", "SSW-KH-1520"
PROFILES = [
    [],  # unmeasured: the measuring hint
    ["--distance", "ultra", "--terrain", "technical", "--budget", "45", "--what-if"],
    ["--budget", "5", "--length", "knee_high", "--what-if"],  # nothing matched: a diagnosis
    ["--budget", "12", "--exclude-material", "merino", "--condition", "pad", "--what-if"],
    ["--use", "recovery", "--blister-prone", "--new-to-compression", "--what-if"],
    ["--calf-cm", "38", "--exclude-material", "cotton", "--exclude-material", "polyester"],
]
DOCUMENTS = ["json", "csv", "markdown"]
COMMANDS = [
    *[["recommend", *p, "--format", f] for p in PROFILES for f in DOCUMENTS],
    *[
        [cmd, *args, *[a for a in p if a != "--what-if"], "--format", f]
        for cmd, args in (
            ("explain", [SKU]),
            ("explain", [SKU, "--against", OTHER]),
            ("compare", [SKU, OTHER, "TRN-KH-1520"]),
        )
        for p in PROFILES
        for f in DOCUMENTS
    ],
    *[
        ["plan", *p, "--format", f]
        for p in (["--distance", "ultra"], ["--travel-hours", "2"], ["--travel-hours", "8"])
        for f in DOCUMENTS
    ],
    *[["catalog", "list", "--format", f] for f in DOCUMENTS],
    *[["catalog", "show", SKU, "--format", f] for f in DOCUMENTS],
    ["catalog", "export", "--csv"],
    ["catalog", "validate", "--json", "-"],
    ["rules", "validate", "--json", "-"],
    ["catalog", "lint", "--json"],
    ["catalog", "lint", "--json", "--top", "1"],  # never-top findings, each with a profile
]


@pytest.fixture(scope="module")
def quiet() -> CliRunner:
    return CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1"})


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_documents_never_name_an_option_or_a_command(quiet: CliRunner, args: list[str]) -> None:
    given = None
    if args[-1] == "-":
        kind = "catalog.yaml" if args[0] == "catalog" else "rules.yaml"
        given = (ROOT / "data" / kind).read_text(encoding="utf-8")
    result = quiet.invoke(app, args, input=given)
    assert result.exit_code in (0, 1), result.stderr
    assert result.stderr == "" and result.stdout.strip()
    assert not FLAG.search(result.stdout), FLAG.findall(result.stdout)
    assert "sockadvisor " not in result.stdout
