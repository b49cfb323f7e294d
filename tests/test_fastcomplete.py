"""SKU completion without typer (cli/fastcomplete.py): byte for byte what typer prints,
for the requests it answers; every other request left to typer."""

from __future__ import annotations

import contextlib
import inspect
import io
import os
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sockadvisor.cli.app import app
from sockadvisor.cli.fastcomplete import COMMANDS, answer
from sockadvisor.cli.options import complete_sku
from sockadvisor.sources.skus import catalog_skus

ROOT = Path(__file__).parents[1]
DATA = Path(__file__).parent / "data"
BUNDLED = (ROOT / "data" / "catalog.yaml").read_text(encoding="utf-8")
COMMAND = typer.main.get_command(app)
# what a shell sets; whatever the test process has is left out of every request
REQUEST_KEYS = (
    "_SOCKADVISOR_COMPLETE",
    "COMP_WORDS",
    "COMP_CWORD",
    "_TYPER_COMPLETE_ARGS",
    "_TYPER_COMPLETE_WORD_TO_COMPLETE",
    "_TYPER_COMPLETE_FISH_ACTION",
    "SOCKADVISOR_CATALOG",
    "SOCKADVISOR_MAP",
)


@contextlib.contextmanager
def environ(values: dict[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    for key in REQUEST_KEYS:
        os.environ.pop(key, None)
    os.environ.update(values)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def typer_path(env: dict[str, str]) -> tuple[int, str, str]:
    """The reference: the request through the typer app, in this process."""
    out, err = io.StringIO(), io.StringIO()
    code: Any = None
    with environ(env), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            COMMAND.main(args=[], prog_name="sockadvisor")
        except SystemExit as exc:
            code = exc.code
    return code, out.getvalue(), err.getvalue()


def fast_path(env: dict[str, str]) -> tuple[int, str, str] | None:
    with environ(env):
        replied = answer()
    return None if replied is None else (replied[0], replied[1], "")


def request(shell: str, words: list[str], incomplete: str, after: list[str]) -> dict[str, str]:
    """The environment a shell's completion script sets for `sockadvisor WORDS INCOMPLETE`."""
    line = " ".join(shlex.quote(w) for w in ["sockadvisor", *words])
    env = {"_SOCKADVISOR_COMPLETE": f"complete_{shell}"}
    if shell == "bash":  # COMP_WORDS: every word, also those after the cursor
        tail = " ".join(shlex.quote(w) for w in [incomplete, *after])
        env.update(COMP_WORDS=f"{line} {tail}", COMP_CWORD=str(len(words) + 1))
    elif shell in ("powershell", "pwsh"):
        env.update(_TYPER_COMPLETE_ARGS=f"{line} {incomplete}".rstrip(" "))
        env["_TYPER_COMPLETE_WORD_TO_COMPLETE"] = incomplete
    else:
        env["_TYPER_COMPLETE_ARGS"] = f"{line} {shlex.quote(incomplete) if incomplete else ''}"
        if shell == "fish":
            env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    return env


@pytest.fixture(scope="module")
def catalogs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, dict[str, str]]]:
    """Catalog name -> (its --catalog value, more environment)."""
    folder = tmp_path_factory.mktemp("catalogs")
    mine = folder / "mine.yaml"
    renamed = BUNDLED.replace("CRN-KH-1520C", "crn-kh-lower").replace(
        "CRN-KH-2030R", "Crn-Kh-Mixed"
    )
    mine.write_text(renamed, encoding="utf-8")
    return {
        "bundled": ("", {}),
        "mine": (str(mine), {}),
        "store": (
            str(DATA / "shopify-products.csv"),
            {"SOCKADVISOR_MAP": str(DATA / "shopify-map.yaml")},
        ),
        "missing": (str(folder / "none.yaml"), {}),
        "stdin": ("-", {}),
    }


@pytest.fixture(autouse=True, scope="module")
def own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ["SOCKADVISOR_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    os.environ.pop("SOCKADVISOR_NO_CACHE", None)
    yield
    os.environ.clear()
    os.environ.update(saved)


SHELLS = ["bash", "zsh", "fish", "powershell", "pwsh"]
FISH_ACTIONS = ["get-args", "is-args", ""]
# words the fast path does not know: a request with one is typer's
REFUSED = ["--json", "-d", "--distance", "--", "--help", "-v", "--no-cache", "--debug", "--rules"]


@st.composite
def sku_requests(
    draw: st.DrawFn, catalogs: dict[str, tuple[str, dict[str, str]]]
) -> dict[str, str]:
    """A SKU completion request in any shell, for any command that completes SKUs."""
    shell = draw(st.sampled_from(SHELLS))
    command = draw(st.sampled_from(sorted(COMMANDS)))
    _, many, has_against = COMMANDS[command]
    name = draw(st.sampled_from(sorted(catalogs)))
    value, extra_env = catalogs[name]
    env: dict[str, str] = dict(extra_env)
    known = catalog_skus(value or None, extra_env.get("SOCKADVISOR_MAP")) or ["CRN-KH-1520"]
    sku = st.sampled_from(known) | st.sampled_from(["NOPE-1", "crn-kh-1520"])
    groups: list[list[str]] = []  # an option and its value stay together
    catalog_words: list[str] = []
    how = draw(st.sampled_from(["flag", "flag=", "env", "none"]))
    if value and how == "flag":
        catalog_words = ["--catalog", value]
    elif value and how == "flag=":
        catalog_words = [f"--catalog={value}"]
    elif value and how == "env":
        env["SOCKADVISOR_CATALOG"] = value
    if draw(st.booleans()):
        env.setdefault("SOCKADVISOR_CATALOG", str(ROOT / "data" / "catalog.yaml"))
    against = has_against and draw(st.booleans())
    given = draw(st.lists(sku, max_size=3 if many or against else 0))
    if has_against and not against and draw(st.booleans()):
        given_against = draw(sku)
        groups.append(
            draw(st.sampled_from([["--against", given_against], [f"--against={given_against}"]]))
        )
    groups += [[s] for s in (given if many else given[:1])]
    groups.insert(draw(st.integers(0, len(groups))), catalog_words)
    words = [w for group in groups for w in group]
    prefix = draw(st.sampled_from(known + given))[: draw(st.integers(0, 6))]  # given: left out
    if draw(st.booleans()):
        prefix = prefix.lower()
    incomplete = prefix
    if against:
        if draw(st.booleans()):
            words.append("--against")
        else:
            incomplete = f"--against={prefix}"
    full = request(shell, [*command, *words], incomplete, draw(st.lists(sku, max_size=2)))
    if shell == "fish":
        full["_TYPER_COMPLETE_FISH_ACTION"] = draw(st.sampled_from(FISH_ACTIONS))
    return {**env, **full}


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_answers_sku_requests_as_typer_does(
    data: st.DataObject, catalogs: dict[str, tuple[str, dict[str, str]]]
) -> None:
    env = data.draw(sku_requests(catalogs))
    fast = fast_path(env)
    assert fast is not None, env
    assert fast == typer_path(env), env


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_leaves_requests_with_other_words_to_typer(
    data: st.DataObject, catalogs: dict[str, tuple[str, dict[str, str]]]
) -> None:
    env = data.draw(sku_requests(catalogs))
    shell = env["_SOCKADVISOR_COMPLETE"].partition("_")[2]
    key = "COMP_WORDS" if shell == "bash" else "_TYPER_COMPLETE_ARGS"
    words = shlex.split(env[key])
    cut = int(env["COMP_CWORD"]) if shell == "bash" else len(words) - (not env[key].endswith(" "))
    if shell in ("powershell", "pwsh") and not env["_TYPER_COMPLETE_WORD_TO_COMPLETE"]:
        cut = len(words)
    place = data.draw(st.integers(1, cut))
    words.insert(place, data.draw(st.sampled_from(REFUSED)))
    line = " ".join(shlex.quote(w) for w in words)
    if shell == "bash":
        env.update(COMP_WORDS=line, COMP_CWORD=str(cut + 1))
    else:
        env[key] = line + (" " if env[key].endswith(" ") else "")
    assert fast_path(env) is None, env


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    shell=st.sampled_from(SHELLS),
    words=st.lists(
        st.sampled_from(
            [
                "explain",
                "compare",
                "catalog",
                "show",
                "--against",
                "--catalog",
                "-",
                "--",
                "=",
                "--catalog=-",
                "--against=",
                "CRN-KH-1520",
                "CRN",
                "crn",
                "'",
                '"',
                "--json",
                "x y",
            ]
        ),
        max_size=6,
    ),
    trailing=st.sampled_from(["", " ", "  "]),
    action=st.sampled_from(FISH_ACTIONS),
)
def test_any_line_it_answers_is_answered_as_typer_does(
    shell: str, words: list[str], trailing: str, action: str
) -> None:
    line = " ".join(["sockadvisor", *words]) + trailing
    env = {"_SOCKADVISOR_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        env.update(COMP_WORDS=line, COMP_CWORD=str(len(words) + (trailing != "")))
    else:
        env["_TYPER_COMPLETE_ARGS"] = line
        env["_TYPER_COMPLETE_FISH_ACTION"] = action
        env["_TYPER_COMPLETE_WORD_TO_COMPLETE"] = "" if trailing else (words or [""])[-1]
    fast = fast_path(env)
    if fast is not None:
        assert fast == typer_path(env), env


@pytest.mark.parametrize(
    "line",
    [
        "sockadvisor recommend --di",
        "sockadvisor explain --",
        "sockadvisor explain CRN-KH-1520 ",
        "sockadvisor explain --catalog ",
        "sockadvisor explain --catalog=da",
        "sockadvisor explain -d ultra CRN",
        "sockadvisor compare -- CRN",
        "sockadvisor --debug explain CRN",
        "sockadvisor catalog list CRN",
        "sockadvisor explain --against --catalog ",
        "sockadvisor explain CRN-KH-1520 CRN-KH-1520C --against=",
    ],
)
def test_other_requests_go_to_typer(line: str) -> None:
    env = {"_SOCKADVISOR_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line}
    assert fast_path(env) is None
    assert fast_path({**env, "_SOCKADVISOR_COMPLETE": "source_zsh"}) is None
    assert fast_path({**env, "_SOCKADVISOR_COMPLETE": "complete_tcsh"}) is None


@pytest.mark.parametrize(
    ("line", "first"),
    [
        # click stops at an option without its value: the SKU before it is not given
        ("sockadvisor explain CRN-KH-1520 --against ", "CRN-KH-1520"),
        ("sockadvisor explain CRN-KH-1520 --against=", "CRN-KH-1520C"),
        ("sockadvisor explain CRN-KH-1520 --against X --against ", "CRN-KH-1520"),
        ("sockadvisor compare CRN-KH-1520 --catalog= ", "CRN-KH-1520C"),
        ("sockadvisor explain --catalog - ", None),
    ],
)
def test_answers_as_typer_where_click_surprises(line: str, first: str | None) -> None:
    env = {"_SOCKADVISOR_COMPLETE": "complete_bash", "COMP_WORDS": line}
    env["COMP_CWORD"] = str(len(line.split(" ")) - 1)
    fast = fast_path(env)
    assert fast is not None and fast == typer_path(env)
    assert fast[1].split("\n")[0] == (first or "")


def test_a_broken_request_goes_to_typer() -> None:
    base = {"_SOCKADVISOR_COMPLETE": "complete_bash", "COMP_WORDS": "sockadvisor explain C"}
    for cword in ("x", "0", "-1", ""):
        assert fast_path({**base, "COMP_CWORD": cword}) is None
    assert fast_path({"_SOCKADVISOR_COMPLETE": "complete_bash", "COMP_CWORD": "2"}) is None


def _sku_params(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[Any, ...]]:
    for name, sub in getattr(command, "commands", {}).items():
        yield from _sku_params(sub, (*path, name))
    for param in getattr(command, "params", []):
        completer = param._custom_shell_complete
        if completer is None:
            continue
        wrapped = inspect.getclosurevars(completer).nonlocals["autocompletion"]
        if getattr(wrapped, "__wrapped__", None) is complete_sku:
            yield path, param.name, param.nargs == -1, tuple(param.opts)


def test_the_table_is_every_option_and_argument_that_completes_skus() -> None:
    found = set(_sku_params(COMMAND))
    expected = set()
    for path, (name, many, has_against) in COMMANDS.items():
        expected.add((path, name, many, (name,)))
        if has_against:
            expected.add((path, "against", False, ("--against",)))
    assert found == expected


def _subprocess(env: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k not in REQUEST_KEYS}
    full.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=full, timeout=60
    )


def test_a_sku_request_imports_neither_typer_nor_pydantic() -> None:
    env = request("bash", ["explain"], "TRN-KH-15", [])
    code = (
        "import sys\nfrom sockadvisor.cli import main\nmain()\n"
        "heavy = {m.split('.')[0] for m in sys.modules} & {'typer', 'pydantic', 'yaml', 'rich'}\n"
        "sys.stderr.write(repr(sorted(heavy)))"
    )
    _subprocess(env, code)  # the first <TAB> on a catalog fills the cache
    done = _subprocess(env, code)
    assert (done.returncode, done.stdout, done.stderr) == (0, "TRN-KH-1520\n", "[]")


def test_the_console_script_answers_and_falls_back() -> None:
    for env, out in [
        (
            request("zsh", ["compare", "TRN-KH-1520"], "TRN-KH-", []),
            '_arguments \'*: :(("TRN-KH-2030"\n"TRN-KH-0815"))\'\n',
        ),
        (request("bash", ["recommend"], "--dista", []), "--distance\n"),
    ]:
        done = subprocess.run(
            [sys.executable, "-m", "sockadvisor"],
            capture_output=True,
            text=True,
            env={**{k: v for k, v in os.environ.items() if k not in REQUEST_KEYS}, **env},
            timeout=60,
        )
        assert (done.returncode, done.stdout, done.stderr) == (0, out, "")


def test_a_closed_stdout_is_no_error() -> None:
    env = request("bash", ["explain"], "TRN-KH-15", [])
    done = _subprocess(env, "import os\nos.close(1)\nfrom sockadvisor.cli import main\nmain()")
    assert (done.returncode, done.stderr) == (0, "")


def test_fish_is_args_says_by_its_exit_code() -> None:
    env = request("fish", ["explain"], "TRN", [])
    for typed, code in (("TRN", 0), ("NOPE", 1)):
        env["_TYPER_COMPLETE_ARGS"] = f"sockadvisor explain {typed}"
        env["_TYPER_COMPLETE_FISH_ACTION"] = "is-args"
        assert fast_path(env) == (code, "", "") == typer_path(env)
