"""The safe YAML reader and the JSON one: plain data only, positions, a size cap."""

from __future__ import annotations

from pathlib import Path

import pytest

from sockadvisor.errors import DataError, InputError, UsageError
from sockadvisor.sources.jsonsource import parse_json
from sockadvisor.sources.yamlsource import (
    MAX_BYTES_ENV,
    decode,
    load,
    parse,
    parse_file,
)


def problem(text: str) -> str:
    with pytest.raises(DataError) as info:
        parse("f.yaml", text)
    assert len(info.value.problems) == 1
    return str(info.value.problems[0])


def test_plain_data_with_positions() -> None:
    doc = parse("f.yaml", "a:\n  b: [1, 2.5, x]\n  c: true\n")
    assert doc.data == {"a": {"b": [1, 2.5, "x"], "c": True}}
    assert doc.position(("a", "b", 2)) == (2, 15)
    assert doc.position(("a", "b", 9)) == (2, 6)
    assert doc.position(("a", "c", "missing")) == (3, 6)


def test_empty_document_is_none() -> None:
    assert parse("f.yaml", "# only a comment\n").data is None


def test_aliases_are_refused() -> None:
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: [*b,*b]\n'
    assert problem(bomb).startswith("f.yaml:2:8: aliases (*name) are not allowed")


def test_alias_used_as_key_is_refused() -> None:
    assert "aliases" in problem("a: &k key\n*k : 1\n")


def test_duplicate_keys_name_the_first() -> None:
    assert problem("sku: A\nname: x\nsku: B\n") == (
        "f.yaml:3:1: duplicate key 'sku' (first on line 1); keep one"
    )


def test_merge_keys_are_refused() -> None:
    assert "merge keys" in problem("base: {a: 1}\nother:\n  <<: {a: 2}\n")


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['true']\n",
        "a: !!python/name:os.system\n",
        "a: !custom 1\n",
        "a: !!binary aGVsbG8=\n",
        "a: !!set {x}\n",
    ],
)
def test_tags_are_refused(text: str) -> None:
    assert "is not allowed; plain values only" in problem(text)


@pytest.mark.parametrize("key", ["1", "yes", "~", "[a, b]", "2024-01-01"])
def test_non_string_keys_are_refused(key: str) -> None:
    text = f"{key}: v\n" if not key.startswith("[") else f"? {key}\n: v\n"
    assert "keys must be plain text" in problem(text)


def test_several_documents_are_refused() -> None:
    assert problem("a: 1\n---\nb: 2\n").startswith("f.yaml:2:1: YAML syntax: several YAML")


def test_syntax_error_has_position() -> None:
    assert problem('a: "unclosed\n') == (
        "f.yaml:1:4: YAML syntax: while scanning a quoted scalar found unexpected end of "
        "stream; the line reads: 'a: \"unclosed'"
    )


def test_colon_in_plain_text_hints_quotes() -> None:
    assert "in quotes" in problem("a: note: this\n")


def test_tabs_as_indentation() -> None:
    assert problem("a:\n\tb: 1\n").startswith("f.yaml:2:1: YAML syntax:")


def test_deep_nesting_is_refused() -> None:
    assert "nested deeper than 64" in problem("a: " + "[" * 70 + "]" * 70 + "\n")


def test_very_deep_nesting_is_refused() -> None:
    with pytest.raises(DataError, match="deep|nest"):
        parse("f.yaml", "[" * 5000 + "]" * 5000)


def test_huge_integer_is_a_data_error() -> None:
    assert problem("a: " + "9" * 5000 + "\n") == (
        "f.yaml:1:4: a: a number with 5,000 digits is too long to read; "
        "a price or a measurement has a few digits"
    )
    assert "malformed date" in problem("a: 2024-13-45\n")


def test_invalid_utf8_has_line_and_column() -> None:
    with pytest.raises(DataError) as info:
        decode("f.yaml", b"a: 1\nname: caf\xe9\n")
    assert str(info.value) == "f.yaml:2:10: byte 0xe9 is not valid UTF-8; save the file as UTF-8"


def test_bom_is_fine_and_control_characters_are_not() -> None:
    assert decode("f.yaml", b"\xef\xbb\xbfa: 1\n") == "a: 1\n"
    with pytest.raises(DataError, match=r"f.yaml:1:4: control character U\+0000"):
        decode("f.yaml", b"a: \x00\n")


def test_missing_file_folder_and_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InputError, match="no such file"):
        load(str(tmp_path / "nope.yaml"), "catalog")
    with pytest.raises(InputError, match="is a folder"):
        load(str(tmp_path), "catalog")
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * 200 + "\n")
    monkeypatch.setenv(MAX_BYTES_ENV, "100")
    with pytest.raises(DataError, match="larger than the 100-byte cap"):
        load(str(big), "catalog")
    monkeypatch.setenv(MAX_BYTES_ENV, "lots")
    with pytest.raises(UsageError, match="not a positive whole number"):
        load(str(big), "catalog")


def test_stdin_that_is_a_terminal_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Tty())
    with pytest.raises(InputError, match="standard input is a terminal"):
        load("-", "catalog")


# --- JSON catalogs ---------------------------------------------------------------------


def json_problem(text: str) -> str:
    with pytest.raises(DataError) as info:
        parse_json("f.json", text)
    assert len(info.value.problems) == 1
    return str(info.value.problems[0])


def test_json_is_read_with_positions_on_demand() -> None:
    doc = parse_json("f.json", '{"a": {"b": [1, 2.5, "x"]},\n "c": true}')
    assert doc.data == {"a": {"b": [1, 2.5, "x"]}, "c": True}
    assert doc.position(("c",)) == (2, 7)
    assert doc.position(("a", "b", 2)) == (1, 22)


def test_json_refusals() -> None:
    assert json_problem('{"a": 1, "a": 2}') == (
        "f.json:1:10: duplicate key 'a' (first on line 1); keep one"
    )
    assert json_problem('{"a": NaN}') == (
        "f.json:1:7: NaN is not a number JSON allows; use a finite number"
    )
    assert json_problem('{"a": [}') == "f.json:1:8: JSON syntax: Expecting value"
    assert "nesting too deep" in json_problem("[" * 100_000 + "]" * 100_000)


def test_the_file_name_chooses_json_or_yaml() -> None:
    assert parse_file("c.JSON", '{"a": 1}').compose_on_demand
    assert not parse_file("c.yaml", "a: 1").compose_on_demand
