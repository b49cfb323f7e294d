"""Numbers mean what a person reads (sources/numbers.py), in YAML and in JSON files.

One test per form, each through the catalog, the rules and a profile, as YAML and as
JSON. YAML 1.1 would silently read `040` as 32, `0x1F` as 31, `1:30` as 90, `0b101` as
5 and `1__0` as 10, and `yes` as a boolean that then became a shoe size.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from sockadvisor.cli.app import app
from sockadvisor.sources import numbers
from sockadvisor.sources.jsonsource import parse_json
from sockadvisor.sources.yamlsource import parse

DATA = Path(__file__).parents[1] / "data"
CATALOG = yaml.safe_load((DATA / "catalog.yaml").read_text(encoding="utf-8"))
RULES = yaml.safe_load((DATA / "rules.yaml").read_text(encoding="utf-8"))
MARK = "31337.25"  # a number no file has, replaced by the form under test


def run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.stdout, result.stderr


def files(tmp_path: Path, ext: str, value: str) -> dict[str, list[str]]:
    """A catalog, rules and a profile, each with `value` written where a number goes."""
    catalog = json.loads(json.dumps(CATALOG))
    catalog["products"][0]["price"] = float(MARK)
    rules = json.loads(json.dumps(RULES))
    rules["rules"][0]["weight"] = float(MARK)
    profile = {"budget": float(MARK)}
    out: dict[str, list[str]] = {}
    for what, data, args in (
        ("catalog", catalog, ["catalog", "validate"]),
        ("rules", rules, ["recommend", "--rules"]),
        ("profile", profile, ["recommend", "--profile"]),
    ):
        path = tmp_path / f"{what}.{ext}"
        text = json.dumps(data, indent=1) if ext == "json" else yaml.safe_dump(data)
        assert text.count(MARK) == 1
        path.write_text(text.replace(MARK, value), encoding="utf-8")
        out[what] = [*args, str(path)]
    return out


def refused(args: list[str], *fragments: str) -> str:
    code, out, err = run(args)
    assert (code, out) == (65, ""), err
    (line,) = err.splitlines()
    for fragment in fragments:
        assert fragment in line, line
    assert "sys." not in line and "Traceback" not in line
    return line


WHERE = {"catalog": "price", "rules": "weight", "profile": "budget"}
INPUTS = ["catalog", "rules", "profile"]


@pytest.mark.parametrize("what", INPUTS)
def test_040_a_leading_zero_is_refused_not_octal(what: str, tmp_path: Path) -> None:
    yaml_line = refused(files(tmp_path, "yaml", "040")[what], "may not start with 0", WHERE[what])
    assert "octal" in yaml_line
    refused(files(tmp_path, "json", "040")[what], "JSON syntax: a number may not start with 0")


@pytest.mark.parametrize("what", INPUTS)
def test_0x1f_hexadecimal_is_refused(what: str, tmp_path: Path) -> None:
    refused(files(tmp_path, "yaml", "0x1F")[what], "hexadecimal numbers", WHERE[what])
    refused(files(tmp_path, "json", "0x1F")[what], "JSON syntax: hexadecimal numbers")


@pytest.mark.parametrize("what", INPUTS)
def test_1_30_base_60_is_refused(what: str, tmp_path: Path) -> None:
    refused(files(tmp_path, "yaml", "1:30")[what], "base-60 numbers", WHERE[what])
    refused(files(tmp_path, "json", "1:30")[what], "JSON syntax: base-60 numbers")


@pytest.mark.parametrize("what", INPUTS)
def test_0b101_binary_is_refused(what: str, tmp_path: Path) -> None:
    refused(files(tmp_path, "yaml", "0b101")[what], "binary numbers", WHERE[what])
    refused(files(tmp_path, "json", "0b101")[what], "JSON syntax: binary numbers")


@pytest.mark.parametrize("what", INPUTS)
@pytest.mark.parametrize("value", ["1__0", "1_000.5"])
def test_underscores_are_refused(what: str, value: str, tmp_path: Path) -> None:
    refused(files(tmp_path, "yaml", value)[what], "digit separators", WHERE[what])
    refused(files(tmp_path, "json", value)[what], "JSON syntax: digit separators")


@pytest.mark.parametrize("what", INPUTS)
@pytest.mark.parametrize("value", ["yes", "on", "off", "no"])
def test_yes_on_are_no_numbers(what: str, value: str, tmp_path: Path) -> None:
    refused(files(tmp_path, "yaml", value)[what], "not a boolean", WHERE[what])
    refused(files(tmp_path, "json", value)[what], "JSON's booleans are true and false")


@pytest.mark.parametrize("what", INPUTS)
def test_2e1_says_exponent_not_quotes(what: str, tmp_path: Path) -> None:
    line = refused(files(tmp_path, "yaml", "2e1")[what], "exponent notation", WHERE[what])
    assert "quotes" not in line
    # JSON's own syntax has exponents, and every JSON reader takes 2e1 for 20
    assert parse_json("n.json", '{"n": 2e1}').data == {"n": 20.0}


@pytest.mark.parametrize("what", INPUTS)
def test_1e309_is_too_large_not_text(what: str, tmp_path: Path) -> None:
    line = refused(files(tmp_path, "yaml", "1.0e309")[what], "too large to read", WHERE[what])
    assert "quotes" not in line
    refused(files(tmp_path, "yaml", "1.0e+309")[what], "too large to read", WHERE[what])
    refused(files(tmp_path, "json", "1e309")[what], "too large to read", WHERE[what])


@pytest.mark.parametrize("what", INPUTS)
@pytest.mark.parametrize("ext", ["yaml", "json"])
def test_5000_digits_say_too_long_and_no_python(what: str, ext: str, tmp_path: Path) -> None:
    refused(files(tmp_path, ext, "9" * 5000)[what], "5,000 digits is too long to read")


@pytest.mark.parametrize(
    ("value", "fragment"),
    [("0o17", "octal numbers"), ("-.5", "write a 0 before the point"), ("1,5", "commas")],
)
def test_other_yaml_text_that_looks_like_a_number(
    value: str, fragment: str, tmp_path: Path
) -> None:
    refused(files(tmp_path, "yaml", value)["catalog"], fragment, "price")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("46.95", 46.95), ("+12", 12), ("12.", 12.0), (".5", 0.5), ("1.5e+1", 15.0), ("0", 0)],
)
def test_plain_decimal_is_read_as_written(value: str, expected: float) -> None:
    data = parse("n.yaml", f"n: {value}\n").data
    assert data == {"n": expected} and type(data["n"]) is type(expected)


# --- Booleans only where a field is a boolean ---------------------------------------


def test_a_profile_shoe_size_of_yes_is_an_error(tmp_path: Path) -> None:
    for name, text in (("p.yaml", "shoe_us: yes\n"), ("p.json", '{"shoe_uk": true}')):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        refused(["recommend", "--profile", str(path)], "should be text or a number, not a boolean")


def test_yes_and_no_still_work_where_a_field_is_a_boolean(tmp_path: Path) -> None:
    text = (DATA / "catalog.yaml").read_text(encoding="utf-8")
    path = tmp_path / "c.yaml"
    path.write_text(text.replace("seamless_toe: true", "seamless_toe: yes", 1), encoding="utf-8")
    assert run(["catalog", "validate", str(path)])[0] == 0


def _scalars(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in _scalars(v, (*path, k))]
    if isinstance(data, list):
        return [s for i, v in enumerate(data) for s in _scalars(v, (*path, i))]
    return [(path, data)]


def _replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    copy = json.loads(json.dumps(data))
    node = copy
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return copy


FULL_PROFILE = {
    "distance": "ultra",
    "terrain": "technical",
    "use": "run",
    "climate": "wet",
    "new_to_compression": False,
    "blister_prone": True,
    "budget": 40,
    "exclude_material": ["cotton"],
    "length": "crew",
    "calf_cm": 38,
    "ankle_cm": 22,
    "shoe_eu": 42,
    "shoe_us": 9.5,
    "shoe_uk": "8",
    "condition": ["diabetes"],
}


@pytest.mark.parametrize(
    ("model", "document"),
    [
        ("Catalog", {**CATALOG, "products": CATALOG["products"][:2]}),
        ("RuleSet", RULES),
        ("ProfileFile", FULL_PROFILE),
    ],
)
def test_no_field_but_a_boolean_takes_a_boolean(model: str, document: Any) -> None:
    """The whole class: `yes` anywhere but in a boolean field is an error, never a number."""
    from pydantic import BaseModel, ValidationError

    from sockadvisor.domain import models, profile, rules

    classes: dict[str, type[BaseModel]] = {
        "Catalog": models.Catalog,
        "RuleSet": rules.RuleSet,
        "ProfileFile": profile.ProfileFile,
    }
    cls = classes[model]
    cls.model_validate(document)
    for path, value in _scalars(document):
        if isinstance(value, bool) or value is None:
            continue
        with pytest.raises(ValidationError):
            cls.model_validate(_replaced(document, path, True))


# --- The classifier itself ------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["0", "12", "-3", "+7", "46.95", "12.", ".5", "0.5", "1.5e+3", "-2.0E-1"]
)
def test_plain_forms_have_no_problem(text: str) -> None:
    assert numbers.problem(text) is None


@pytest.mark.parametrize("text", ["cheap", "A-1", "yes", "2024-01-01", "", "e", "1e"])
def test_text_that_is_no_number_has_no_problem(text: str) -> None:
    assert numbers.problem(text) is None


def test_the_quote_hint_is_only_for_yaml() -> None:
    assert (numbers.problem("040") or "").endswith("or put it in quotes if it is text")
    assert "quotes" not in (numbers.problem("040", quote_hint=False) or "")
