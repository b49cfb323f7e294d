"""Every case of ../shared/RELIABILITY.md, by number, on every input the program reads.

Each test is named after its case. On every error: nothing on stdout, one line per
problem on stderr, the documented exit code, no traceback, no file half-written.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from sockadvisor.cli.app import app

DATA = Path(__file__).parents[1] / "data"
GOOD_CATALOG = (DATA / "catalog.yaml").read_text(encoding="utf-8")
GOOD_RULES = (DATA / "rules.yaml").read_text(encoding="utf-8")

# Every input that is read as YAML, with the command that reads it from FILE.
INPUTS: dict[str, Callable[[str], list[str]]] = {
    "catalog": lambda f: ["recommend", "--catalog", f],
    "rules": lambda f: ["recommend", "--rules", f],
    "profile": lambda f: ["recommend", "--profile", f],
    "validate": lambda f: ["catalog", "validate", f],
}
# Every input at all: the YAML ones and a shop's CSV, for the cases about bytes.
READERS: dict[str, Callable[[str], list[str]]] = {
    **INPUTS,
    "csv": lambda f: ["catalog", "import", f, "-o", f + ".out.yaml"],
}


def run(args: list[str], stdin: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, args, input=stdin)
    return result.exit_code, result.stdout, result.stderr


def refused(args: list[str], code: int, *fragments: str) -> list[str]:
    """Assert the documented failure shape; return the stderr lines."""
    exit_code, out, err = run(args)
    assert (exit_code, out) == (code, ""), err
    assert "Traceback" not in err and err.endswith("\n")
    for fragment in fragments:
        assert fragment in err, err
    return err.splitlines()


def write(tmp_path: Path, text: str | bytes, name: str = "input.yaml") -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def subprocess_run(args: list[str], **env: str) -> subprocess.CompletedProcess[bytes]:
    full = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "sockadvisor", *args],
        capture_output=True,
        env={**full, **env},
        check=False,
    )


# --- Files and reading -------------------------------------------------------------


@pytest.mark.parametrize("kind", READERS)
def test_01_missing_file_and_folder(kind: str, tmp_path: Path) -> None:
    (line,) = refused(READERS[kind](str(tmp_path / "nope.yaml")), 66, "no such file")
    assert line.startswith("sockadvisor: ")
    refused(READERS[kind](str(tmp_path)), 66, "is a folder")


def test_01_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, GOOD_CATALOG)
    real_open = open

    def deny(file: object, *args: object, **kwargs: object) -> object:
        if file == path:
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", deny)
    refused(["recommend", "--catalog", path], 66, "permission denied")


@pytest.mark.parametrize("kind", READERS)
def test_02_size_cap_refuses_without_reading_everything(kind: str, tmp_path: Path) -> None:
    path = write(tmp_path, "title: t\n" + "#" * 5000 + "\n")
    refused(["--max-bytes", "1000", *READERS[kind](path)], 65, "larger than the 1,000-byte cap")


def test_02_dev_zero_is_refused_quickly() -> None:
    start = time.monotonic()
    done = subprocess_run(["--max-bytes", "10000000", "recommend", "--catalog", "/dev/zero"])
    assert done.returncode == 65 and done.stdout == b""
    assert b"larger than the 10,000,000-byte cap" in done.stderr
    assert time.monotonic() - start < 30  # generous: the point is that it ends


def test_02_a_multi_gigabyte_file_is_refused_having_read_only_the_cap(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with open(huge, "wb") as handle:  # sparse: 4 GiB on paper, nothing on disk
        handle.truncate(4 * 1024**3)
    start = time.monotonic()
    refused(["--max-bytes", "100000", "recommend", "--catalog", str(huge)], 65, "100,000-byte")
    assert time.monotonic() - start < 10


def test_02_a_fifo_is_a_legitimate_input(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            "bash",
            "-c",
            f"{sys.executable} -m sockadvisor recommend --json --catalog <(cat "
            f"{DATA / 'catalog.yaml'})",
        ],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0 and json.loads(done.stdout)["matched"] == 83


def test_03_stdin_dash_and_a_terminal() -> None:
    code, out, _ = run(["recommend", "--catalog", "-", "--json"], stdin=GOOD_CATALOG)
    assert code == 0 and json.loads(out)["matched"] == 83
    code, _, _ = run(["recommend", "--rules", "-", "--json"], stdin=GOOD_RULES)
    assert code == 0
    refused(["recommend", "--catalog", "-", "--rules", "-"], 2, "only one of")


@pytest.mark.parametrize("kind", ["catalog", "rules", "validate"])
def test_04_empty_or_comment_only(kind: str, tmp_path: Path) -> None:
    refused(INPUTS[kind](write(tmp_path, "# nothing here\n")), 65, "is empty")


@pytest.mark.parametrize("kind", INPUTS)
@pytest.mark.parametrize("text", ["- a\n- b\n", "just text\n", "42\n"])
def test_05_top_level_not_a_mapping(kind: str, text: str, tmp_path: Path) -> None:
    refused(INPUTS[kind](write(tmp_path, text)), 65, "must be a mapping")


@pytest.mark.parametrize("kind", INPUTS)
def test_06_several_documents(kind: str, tmp_path: Path) -> None:
    (line,) = refused(INPUTS[kind](write(tmp_path, "a: 1\n---\nb: 2\n")), 65)
    assert ":2:1: YAML syntax: several YAML documents" in line


# --- Encoding and syntax -------------------------------------------------------------


@pytest.mark.parametrize("kind", READERS)
def test_07_invalid_utf8_has_line_and_column(kind: str, tmp_path: Path) -> None:
    path = write(tmp_path, "title: t\nnote: caf\xe9\n".encode("latin-1"))
    (line,) = refused(READERS[kind](path), 65, "byte 0xe9 is not valid UTF-8")
    assert line.startswith(f"{path}:2:10: ")


def test_08_bom_is_fine(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + GOOD_CATALOG.encode())
    assert run(["recommend", "--catalog", path])[0] == 0


@pytest.mark.parametrize("kind", READERS)
@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\x85"])
def test_08_control_characters_are_refused(kind: str, char: str, tmp_path: Path) -> None:
    path = write(tmp_path, f"title: t{char}x\n")
    (line,) = refused(READERS[kind](path), 65, f"control character U+{ord(char):04X}")
    assert line.startswith(f"{path}:1:9: ")


@pytest.mark.parametrize("kind", INPUTS)
def test_09_tabs_as_indentation(kind: str, tmp_path: Path) -> None:
    (line,) = refused(INPUTS[kind](write(tmp_path, "a:\n\tb: 1\n")), 65, "YAML syntax")
    assert ":2:1: " in line


@pytest.mark.parametrize("kind", INPUTS)
def test_10_unclosed_quote_and_bad_indent_print_the_line(kind: str, tmp_path: Path) -> None:
    (line,) = refused(INPUTS[kind](write(tmp_path, 'title: "open\n')), 65)
    assert line.endswith("the line reads: 'title: \"open'")
    (line,) = refused(INPUTS[kind](write(tmp_path, "a: 1\n  b: 2\n")), 65, "indentation")


# --- Security ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", INPUTS)
@pytest.mark.parametrize(
    "text",
    ["x: !!python/object/apply:os.system ['touch pwned']\n", "x: !!python/name:os.system\n"],
)
def test_11_python_tags_never_run(kind: str, text: str, tmp_path: Path) -> None:
    refused(INPUTS[kind](write(tmp_path, text)), 65, "is not allowed; plain values only")
    assert not (Path.cwd() / "pwned").exists()


@pytest.mark.parametrize("kind", INPUTS)
def test_12_alias_bombs_are_refused_at_once(kind: str, tmp_path: Path) -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    levels += [
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)
    ]
    start = time.monotonic()
    (line,) = refused(INPUTS[kind](write(tmp_path, "\n".join(levels) + "\n")), 65)
    assert ":2:8: aliases (*name) are not allowed" in line
    assert time.monotonic() - start < 5


@pytest.mark.parametrize("kind", INPUTS)
def test_13_duplicate_keys_and_merges(kind: str, tmp_path: Path) -> None:
    refused(
        INPUTS[kind](write(tmp_path, "a: 1\nb: 2\na: 3\n")),
        65,
        "duplicate key 'a' (first on line 1)",
    )
    refused(INPUTS[kind](write(tmp_path, "a: {x: 1}\nb:\n  <<: {x: 2}\n")), 65, "merge keys")


@pytest.mark.parametrize("kind", INPUTS)
@pytest.mark.parametrize("key", ["1", "yes", "~", "? [a, b]\n"])
def test_14_non_string_keys(kind: str, key: str, tmp_path: Path) -> None:
    text = f"{key}: v\n" if not key.startswith("?") else "? [a, b]\n: v\n"
    refused(INPUTS[kind](write(tmp_path, text)), 65, "keys must be plain text")


@pytest.mark.parametrize("kind", INPUTS)
@pytest.mark.parametrize("depth", [100, 2000, 20000])
def test_15_deep_nesting(kind: str, depth: int, tmp_path: Path) -> None:
    text = "a: " + "[" * depth + "]" * depth + "\n"
    (line,) = refused(INPUTS[kind](write(tmp_path, text)), 65)
    assert "deep" in line or "nest" in line


@pytest.mark.parametrize("kind", INPUTS)
def test_16_a_5000_digit_integer(kind: str, tmp_path: Path) -> None:
    (line,) = refused(INPUTS[kind](write(tmp_path, "a: " + "9" * 5000 + "\n")), 65, "5,000 digits")
    assert "sys." not in line and "set_int_max_str_digits" not in line


# --- Types and schema ------------------------------------------------------------------


def _catalog_with(tmp_path: Path, old: str, new: str) -> str:
    assert old in GOOD_CATALOG
    return write(tmp_path, GOOD_CATALOG.replace(old, new, 1))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("name: Rockgarden OTC", "name: NO", "YAML read a boolean"),
        ("name: Rockgarden OTC", "name: 012", "may not start with 0"),
        ("name: Rockgarden OTC", "name: 2024-01-01", "YAML read a date"),
        ("name: Rockgarden OTC", "name: 12:30", "base-60 numbers"),
        ("price: 49.50", "price: '49.50'", "not text"),
    ],
)
def test_17_yaml_11_surprises_say_quote_it(
    old: str, new: str, message: str, tmp_path: Path
) -> None:
    (line,) = refused(["recommend", "--catalog", _catalog_with(tmp_path, old, new)], 65, message)


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_18_nan_and_infinity_are_refused(value: str, tmp_path: Path) -> None:
    path = _catalog_with(tmp_path, "price: 49.50", f"price: {value}")
    refused(["recommend", "--catalog", path], 65, "finite number")


def test_19_every_schema_error_at_once_sorted_with_paths(tmp_path: Path) -> None:
    text = GOOD_CATALOG.replace("price: 49.50", "price: cheap", 1)
    text = text.replace("length: crew", "length: tall", 1)
    text = text.replace("name: Rockgarden OTC", "name: Rockgarden OTC\n    colour: red", 1)
    lines = refused(["recommend", "--catalog", write(tmp_path, text)], 65)
    assert len(lines) == 3
    positions = [tuple(int(n) for n in line.split(":")[1:3]) for line in lines]
    assert positions == sorted(positions)
    assert any("(SSW-KH-1520).colour: unknown field 'colour'" in line for line in lines)


# --- Output and process ----------------------------------------------------------------


@pytest.mark.parametrize("unbuffered", ["", "1"])
@pytest.mark.parametrize("reader", ["head -c 1", "head -n 1"])
def test_20_piped_into_head(unbuffered: str, reader: str) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": unbuffered}
    for args in ("recommend -d ultra -t technical -n 48 --json", "recommend -n 48"):
        done = subprocess.run(
            ["bash", "-o", "pipefail", "-c", f"{sys.executable} -m sockadvisor {args} | {reader}"],
            capture_output=True,
            env=env,
            check=False,
        )
        assert (done.returncode, done.stderr) == (0, b""), args


def test_21_ctrl_c_mid_output_exits_130_without_half_json(tmp_path: Path) -> None:
    # A reader that never reads: the writer blocks mid-output; then SIGINT.
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    proc = subprocess.Popen(
        [
            "bash",
            "-c",
            f"exec {sys.executable} -m sockadvisor recommend -d ultra -t technical "
            f"-n 48 --json > {fifo}",
        ],
        stderr=subprocess.PIPE,
    )
    reader = os.open(fifo, os.O_RDONLY)  # opens once the writer has
    first = os.read(reader, 100)
    proc.send_signal(2)
    _, err = proc.communicate(timeout=20)
    os.close(reader)
    assert first.startswith(b"{")
    assert proc.returncode == 130
    assert err == b"sockadvisor: interrupted\n"


@pytest.mark.parametrize(
    "env",
    [{"NO_COLOR": "1"}, {"TERM": "dumb"}, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, {}],
)
def test_22_23_no_escape_codes_when_not_wanted(env: dict[str, str]) -> None:
    done = subprocess_run(["recommend", "-d", "ultra"], **env)
    assert done.returncode == 0 and b"\x1b" not in done.stdout


def test_22_json_never_coloured_or_wrapped() -> None:
    done = subprocess_run(["recommend", "-d", "ultra", "--json"], FORCE_COLOR="1", COLUMNS="20")
    assert b"\x1b" not in done.stdout
    json.loads(done.stdout)


def test_22_a_20_column_terminal_still_shows_every_sku() -> None:
    done = subprocess_run(["recommend", "-d", "ultra", "-t", "technical"], COLUMNS="20")
    assert done.returncode == 0
    for sku in ("SSW-KH-1520", "VRS-KH-1520", "CRN-KH-1520"):
        assert sku.encode() in done.stdout


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"Rock\\e[2J"', "control or format character U+001B"),
        ('"Rock\\u202e"', "control or format character U+202E"),
        ('"Rock\\x07"', "control or format character U+0007"),
    ],
)
def test_24_escape_sequences_and_bidi_in_catalog_text(
    text: str, message: str, tmp_path: Path
) -> None:
    path = _catalog_with(tmp_path, "name: Rockgarden OTC", f"name: {text}")
    refused(["recommend", "--catalog", path], 65, message)


# Invisible characters (issue 12): each would pass as "one line" and could make one
# product's row look like two, or like another product's.
INVISIBLE = {
    "\u2028": "line separator",
    "\u2029": "paragraph separator",
    "\u200b": "control or format character U+200B",  # zero-width space
    "\u200d": "control or format character U+200D",  # zero-width joiner
    "\u2066": "control or format character U+2066",  # bidi isolate
    "\u202e": "control or format character U+202E",  # bidi override
    "\ufeff": "control or format character U+FEFF",  # zero-width no-break space
    "\ue000": "invisible character U+E000 (private use)",
    "\U000f0000": "invisible character U+F0000 (private use)",
    "\u3164": "invisible character U+3164 (blank)",  # Hangul filler
    "\u115f": "invisible character U+115F (blank)",
    "\u2800": "invisible character U+2800 (blank)",  # blank Braille pattern
}


@pytest.mark.parametrize(
    ("char", "field"),
    [(char, "name") for char in INVISIBLE]
    + [
        (char, field)
        for char in ("\u2028", "\u3164")
        for field in ("brand", "notes", "title", "label")
    ],
)
def test_24_invisible_characters_are_refused_with_their_position(
    char: str, field: str, tmp_path: Path
) -> None:
    escaped = char.encode("unicode_escape").decode()
    old, new = {
        "name": ("name: Rockgarden OTC", f'name: "Rock{escaped}garden"'),
        "brand": ("brand: Scree & Switchback", f'brand: "Scree{escaped}"'),
        "notes": (
            "notes: Padded shin panel for overgrown and rocky trails.",
            f'notes: "Padded{escaped} shin panel"',
        ),
        "title": ('title: "sockadvisor', f'title: "{escaped}sockadvisor'),
        "label": ("{label: S,", f'{{label: "S{escaped}",'),
    }[field]
    path = _catalog_with(tmp_path, old, new)
    (line,) = refused(["catalog", "validate", path], 65, INVISIBLE[char])
    assert line.startswith(path + ":") and f"{field}: contains the" in line
    assert char not in line  # the message shows U+..., never the character itself


@pytest.mark.parametrize("char", INVISIBLE)
def test_24_invisible_characters_in_json_and_csv(char: str, tmp_path: Path) -> None:
    catalog = yaml.safe_load(GOOD_CATALOG)
    catalog["products"][0]["name"] = f"Rock{char}garden"
    path = write(tmp_path, json.dumps(catalog), "c.json")
    refused(["catalog", "validate", path], 65, INVISIBLE[char], "products[0] (CRN-KH-1520).name")


def test_24_raw_line_separators_are_refused_where_they_are(tmp_path: Path) -> None:
    """Raw in the file, U+2028 would also move YAML's line numbers: refused at its place."""
    for char in ("\u2028", "\u2029"):
        path = _catalog_with(tmp_path, "name: Rockgarden OTC", f"name: Rock{char}garden")
        line_no = GOOD_CATALOG[: GOOD_CATALOG.index("name: Rockgarden OTC")].count("\n") + 1
        (line,) = refused(["catalog", "validate", path], 65, "separator", "is not allowed")
        assert line.startswith(f"{path}:{line_no}:15: ")  # "    name: Rock" is 14 wide


def test_24_a_product_cannot_forge_a_row(tmp_path: Path) -> None:
    """A name that would draw a second, fake row under the first is refused."""
    fake = "Rockgarden OTC\u2028 2  FAKE-SKU      Bargain Pro        100.0  knee_high"
    for quoted in (json.dumps(fake), f'"{fake.encode("unicode_escape").decode()}"'):
        path = _catalog_with(tmp_path, "name: Rockgarden OTC", f"name: {quoted}")
        refused(["recommend", "--catalog", path], 65, "line separator")
    done = subprocess_run(["recommend", "--catalog", path, "-n", "3"])
    assert done.returncode == 65 and done.stdout == b""


def test_24_markup_in_catalog_text_is_literal(tmp_path: Path) -> None:
    path = _catalog_with(tmp_path, "name: Rockgarden OTC", 'name: "[/][bold red]x"')
    done = subprocess_run(["explain", "SSW-KH-1520", "--catalog", path], FORCE_COLOR="1")
    assert done.returncode == 0 and b"[/][bold red]x" in done.stdout


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_25_narrow_output_encodings(encoding: str) -> None:
    for args in (["recommend", "-d", "ultra"], ["recommend", "--json"], ["explain", "SSW-KH-1520"]):
        done = subprocess_run(args, PYTHONIOENCODING=encoding)
        assert (done.returncode, done.stderr) == (0, b""), args
        done.stdout.decode(encoding)


def test_26_nothing_partial_and_no_clobbering(tmp_path: Path) -> None:
    target = tmp_path / "profile.yaml"
    target.write_text("mine\n")
    refused(["profile", "init", str(target)], 2, "use --force")
    assert target.read_text() == "mine\n"
    refused(["profile", "init", str(tmp_path / "missing" / "p.yaml")], 66, "cannot write")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["profile.yaml"]


def test_27_unexpected_exception_is_one_line_and_exit_70(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sockadvisor.engine.ranking.rank", lambda *a, **k: 1 / 0)
    monkeypatch.setattr("sockadvisor.engine.kernel.rank", lambda *a, **k: 1 / 0)  # warm path
    (line,) = refused(["recommend"], 70, "internal error (ZeroDivisionError)", "--debug")


def test_28_errors_never_echo_the_input(tmp_path: Path) -> None:
    huge = "x" * 100_000
    path = _catalog_with(tmp_path, "price: 49.50", f"price: {huge}")
    (line,) = refused(["recommend", "--catalog", path], 65)
    assert len(line) < 300 and "xxxxxxxxxx" not in line


# --- Issue 12: second round ------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [["catalog", "export", "--csv"], ["catalog", "list", "-f", "csv"], ["recommend", "-f", "csv"]],
)
def test_i12_06_csv_output_escapes_formulas(command: list[str], tmp_path: Path) -> None:
    hostile = re.sub(r"(?m)^(\s+)brand: .*$", "\\1brand: \"=cmd|' /C calc'!A0\"", GOOD_CATALOG)
    hostile = re.sub(r"(?m)^(\s+)name: .*$", "\\1name: '@SUM(1+1)'", hostile)
    code, out, err = run([*command, "--catalog", write(tmp_path, hostile)])
    assert (code, err) == (0, "")
    cells = [cell for row in csv.reader(io.StringIO(out)) for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells and "'@SUM(1+1)" in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


CSV_HEADER = "sku,brand,name,price,mmhg,graduated,length,materials,sizes,calf_cm\n"


@pytest.mark.parametrize(
    ("price", "fragment"),
    [
        ("0x1F", "written in hexadecimal"),
        ("0b101", "written in binary"),
        ("0o40", "written in octal"),
        ("1__0", "'_' between its digits"),
        ("2e1", "has an exponent"),
        ("1.0e309", "has an exponent"),
        ("inf", "is not a number"),
        ("nan", "is not a number"),
        ("9" * 5000, "too long for a number (5000 characters)"),
    ],
)
def test_i12_03_csv_numbers_mean_what_a_person_reads(
    price: str, fragment: str, tmp_path: Path
) -> None:
    path = write(tmp_path, CSV_HEADER + f"C-1,B,C,{price},,,crew,nylon 100,M:39-42,\n", "p.csv")
    (line,) = refused(READERS["csv"](path), 65, "row 2 (C-1) column price: ", fragment)
    assert "sys." not in line and "()" not in line and len(line) < 300


def test_i12_03_csv_leading_zero_is_decimal(tmp_path: Path) -> None:
    path = write(tmp_path, CSV_HEADER + "C-1,B,C,040,,,crew,nylon 100,M:039-042,\n", "p.csv")
    code, out, err = run(["catalog", "import", path])
    assert (code, err) == (0, "")
    assert "price: 40\n" in out and "shoe_eu: {min: 39, max: 42}" in out
