"""A shell's SKU completion request, answered before typer is imported.

Each <TAB> runs sockadvisor once; importing typer (and pydantic through it) costs more
than the answer. `answer` reads the request as typer's completion classes do, and when
the word being completed is a SKU (`explain`, `explain --against`, `compare`,
`catalog show`) and every other word is one it knows (`--catalog FILE`, `--against SKU`,
SKUs), it returns exactly what typer would print. Anything else returns None and the
request goes to typer, unchanged (docs/performance.md#completion). The formats copy
typer 0.29's completion classes; tests/test_fastcomplete.py compares the two on
generated requests, so a typer that prints otherwise fails there.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Mapping

# command words -> the name of its SKU argument, whether it takes many, has --against
COMMANDS: dict[tuple[str, ...], tuple[str, bool, bool]] = {
    ("explain",): ("sku", False, True),
    ("compare",): ("skus", True, False),
    ("catalog", "show"): ("sku", False, False),
}
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
_PLAIN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")


def split_arg_string(string: str) -> list[str]:
    """The words of a command line as click splits them (a copy of its shell_completion's)."""
    import shlex

    lex = shlex.shlex(string, posix=True)
    lex.whitespace_split = True
    lex.commenters = ""
    out = []
    try:
        for token in lex:
            out.append(token)
    except ValueError:  # an open quote or escape: the partial word as it is
        out.append(lex.token)
    return out


def _request(shell: str, env: Mapping[str, str]) -> tuple[list[str], str]:
    """(the words before the one being completed, that word): typer's get_completion_args."""
    if shell == "bash":
        words = split_arg_string(env["COMP_WORDS"])
        cword = int(env["COMP_CWORD"])
        if cword < 1:
            raise ValueError("the program's own name")
        return words[1:cword], words[cword] if cword < len(words) else ""
    line = env.get("_TYPER_COMPLETE_ARGS", "")
    words = split_arg_string(line)
    if shell in ("powershell", "pwsh"):
        incomplete = env.get("_TYPER_COMPLETE_WORD_TO_COMPLETE", "")
        return (words[1:-1] if incomplete else words[1:]), incomplete
    args = words[1:]
    if args and not line.endswith(" "):
        return args[:-1], args[-1]
    return args, ""


def _option(word: str, rest: list[str], name: str) -> tuple[bool, str | None]:
    """Whether `word` is option `name`, and its value (None: the value is missing)."""
    if word.startswith(name + "="):
        return True, word[len(name) + 1 :]
    if word != name:
        return False, None
    if not rest or (rest[0].startswith("-") and rest[0] != "-"):
        return True, None
    return True, rest.pop(0)


def _skus_wanted(args: list[str], incomplete: str, env: Mapping[str, str]) -> list[str] | None:
    """The SKUs typer's complete_sku would offer, or None when not sure."""
    command = next((c for c in COMMANDS if tuple(args[: len(c)]) == c), None)
    if command is None:
        return None
    _, many, has_against = COMMANDS[command]
    rest = args[len(command) :]
    catalog: str | None = None
    given: list[str] = []
    against = False  # the word being completed is --against's value
    if has_against and incomplete.startswith("--against="):
        against, incomplete = True, incomplete[len("--against=") :]
    if incomplete.startswith("-") or incomplete == "=":
        return None  # an option's name (or a value typer splits differently)
    while rest:
        word = rest.pop(0)
        is_catalog, value = _option(word, rest, "--catalog")
        if is_catalog:
            if value is None:
                return None  # the catalog's own name is being typed, or a doubt
            catalog = value
            continue
        if has_against and word == "--against" and not rest:
            # completing its value; click stops at an option without its value, so
            # the SKU argument is left unparsed and no SKU counts as given
            if against:
                return None
            against, given = True, []
            break
        is_against, value = _option(word, rest, "--against") if has_against else (False, None)
        if is_against:
            if value is None:
                return None
            continue
        if word.startswith("-"):
            return None  # any other option, '--', or '-'
        given.append(word)
    if not many and len(given) > (1 if against else 0):
        return None  # the SKU is given already: typer completes nothing or something else
    catalog = catalog or env.get("SOCKADVISOR_CATALOG") or None
    store_map = env.get("SOCKADVISOR_MAP") or None
    from sockadvisor.sources.skus import catalog_skus

    typed = incomplete.upper()
    return [
        s
        for s in catalog_skus(catalog, store_map)
        if s.upper().startswith(typed) and s not in given and s.startswith(incomplete)
    ]


def _zsh_escape(s: str) -> str:
    return (
        s.replace('"', '""')
        .replace("'", "''")
        .replace("$", "\\$")
        .replace("`", "\\`")
        .replace(":", r"\\:")
    )


def _reply(shell: str, skus: list[str], env: Mapping[str, str]) -> tuple[int, str]:
    """(exit code, stdout) as typer's completion class for the shell gives them."""
    if shell == "bash":
        text = "\n".join(skus)
    elif shell == "zsh":
        if skus:
            lines = "\n".join(f'"{_zsh_escape(s)}"' for s in skus)
            text = f"_arguments '*: :(({lines}))'"
        else:
            text = "_files"
    elif shell == "fish":
        action = env.get("_TYPER_COMPLETE_FISH_ACTION", "")
        if action == "is-args":
            return (0 if skus else 1), ""
        text = "\n".join(skus) if action == "get-args" else ""
    else:
        text = "\n".join(f"{s}::: " for s in skus)
    return 0, text + "\n"


def answer(env: Mapping[str, str] | None = None) -> tuple[int, str] | None:
    """(exit code, stdout) for a SKU completion request; None for anything else."""
    env = os.environ if env is None else env
    instruction = env.get("_SOCKADVISOR_COMPLETE", "")
    kind, _, shell = instruction.partition("_")
    if kind != "complete" or shell not in SHELLS:
        return None
    try:
        args, incomplete = _request(shell, env)
        skus = _skus_wanted(args, incomplete, env)
    except (KeyError, ValueError):
        return None
    if skus is None or not all(set(s) <= _PLAIN for s in skus):
        return None  # a name click would print differently (colours stripped, say)
    return _reply(shell, skus, env)


def run() -> bool:
    """Answer a SKU completion request on stdout; False when it is not one."""
    replied = answer()
    if replied is None or sys.stdout is None:
        return False
    code, text = replied
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except (OSError, ValueError):  # the shell stopped reading: not an error to show
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # a quiet exit
    if code:
        sys.exit(code)
    return True
