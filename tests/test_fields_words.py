"""The words runners use (issue 15 item 2): any case, hyphens or underscores, synonyms,
"did you mean", money with a currency, calf and ankle in inches -- on the command line
and in profile files alike, all from the one table (sockadvisor.domain.fields)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from sockadvisor.cli.app import app
from sockadvisor.domain import fields
from sockadvisor.domain.fields import BY_NAME, FIELDS, SYNONYMS, parse_choice, parse_number
from sockadvisor.domain.vocab import Climate, Condition, Cushion, Fibre, Length, Terrain


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("enum", "text", "value"),
    [
        (Terrain, "trail", Terrain.groomed),
        (Terrain, "Technical", Terrain.technical),
        (Length, "knee-high", Length.knee_high),
        (Length, "OTC", Length.knee_high),
        (Length, "over the calf", Length.knee_high),
        (Length, "No-Show", Length.no_show),
        (Fibre, "wool", Fibre.merino),
        (Fibre, "Spandex", Fibre.elastane),
        (Fibre, "LYCRA", Fibre.elastane),
        (Fibre, "polyamide", Fibre.nylon),
        (Climate, "Hot", Climate.hot),
        (Condition, "heart_failure", Condition.heart_failure),
        (Condition, "Heart Failure", Condition.heart_failure),
        (Cushion, "Thick", Cushion.max),
        (Cushion, "thin", Cushion.light),
    ],
)
def test_words_runners_use(enum: type, text: str, value: object) -> None:
    assert parse_choice(enum, text) is value


@given(st.sampled_from([f for f in FIELDS if f.enum is not None]), st.data())
def test_every_word_in_any_case_and_separator_is_accepted(
    field: fields.ProfileField, data: st.DataObject
) -> None:
    word = data.draw(st.sampled_from(field.words))
    sep = data.draw(st.sampled_from(["-", "_", " "]))
    text = data.draw(st.sampled_from([str.upper, str.lower, str.title]))(word)
    text = text.replace("-", sep).replace("_", sep)
    assert field.enum is not None
    expected = field.synonyms.get(word, word)
    assert parse_choice(field.enum, text).value == field.enum(expected).value or (
        field.enum(fields.parse_distance_word(text)).value == expected
    )


def test_every_synonym_names_a_choice() -> None:
    for enum, words in SYNONYMS.items():
        for word, value in words.items():
            assert enum(value)  # raises if the synonym points nowhere
            assert fields._key(word) not in {fields._key(m.value) for m in enum}, word


@pytest.mark.parametrize(
    ("args", "fix"),
    [
        (["--distance", "ultr"], "did you mean 'ultra'?"),
        (["--terrain", "technicl"], "did you mean 'technical'?"),
        (["--length", "knee-hgh"], "did you mean 'knee-high'?"),
        (["-x", "merin"], "did you mean 'merino'?"),
        (["--calf-cm", "15"], "if you meant inches, give 15in (38.1 cm)"),
    ],
)
def test_near_misses_get_did_you_mean(runner: CliRunner, args: list[str], fix: str) -> None:
    code, out, err = run(runner, "recommend", *args)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and fix in err


@pytest.mark.parametrize(
    ("text", "value"),
    [("$45", 45.0), ("45€", 45.0), ("£40", 40.0), ("45 EUR", 45.0), ("45,50", 45.5)],
)
def test_money_with_a_currency(text: str, value: float) -> None:
    assert parse_number(BY_NAME["budget"], text) == value


@pytest.mark.parametrize(
    ("text", "cm"), [("15in", 38.1), ('15"', 38.1), ("15 inches", 38.1), ("38cm", 38.0)]
)
def test_lengths_in_inches(text: str, cm: float) -> None:
    assert parse_number(BY_NAME["calf_cm"], text) == cm


def test_the_refused_command_line_is_accepted(runner: CliRunner) -> None:
    args = ["--terrain", "trail", "--length", "knee-high", "-x", "wool", "--budget", "$45"]
    args += ["--distance", "Ultra", "--calf", "15in", "--ankle", "8.5in", "--json"]
    code, out, err = run(runner, "recommend", *args)
    assert code in (0, 1) and err == ""
    profile = json.loads(out)["profile"]
    assert profile["terrain"] == "groomed" and profile["length"] == "knee_high"
    assert profile["exclude_materials"] == ["merino"] and profile["budget"] == 45.0
    assert profile["calf_cm"] == 38.1 and profile["ankle_cm"] == 21.6


def test_catalog_list_takes_the_same_lengths(runner: CliRunner) -> None:
    code, out, err = run(runner, "catalog", "list", "--length", "OTC", "--json")
    assert (code, err) == (0, "")
    assert {p["length"] for p in json.loads(out)["products"]} == {"knee_high"}


def test_profile_files_take_the_same_words(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "me.yaml"
    path.write_text(
        "budget: $40\nclimate: Hot\nterrain: trail\nexclude_material: [wool]\ncalf_cm: 15in\n",
        encoding="utf-8",
    )
    code, out, err = run(runner, "recommend", "--profile", str(path), "--json")
    assert err == "" and code in (0, 1)
    profile = json.loads(out)["profile"]
    assert (profile["budget"], profile["climate"], profile["terrain"]) == (
        40.0,
        ["hot"],
        "groomed",
    )
    assert profile["calf_cm"] == 38.1


def test_a_near_miss_in_a_file_says_where_and_what(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "me.yaml"
    path.write_text("climate: Hott\n", encoding="utf-8")
    code, out, err = run(runner, "recommend", "--profile", str(path))
    assert (code, out) == (65, "")
    fix = "did you mean 'hot'? use one of hot, mild, cold, wet"
    assert err == f"{path}:1:10: climate: 'Hott' is not a climate; {fix}\n"


def test_help_lists_the_synonyms(runner: CliRunner) -> None:
    result = runner.invoke(app, ["recommend", "--help"], env={"COLUMNS": "300"})
    words = " ".join(result.stdout.split())
    assert "trail, gravel = groomed" in words
    assert "wool = merino" in words
