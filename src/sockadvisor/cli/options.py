"""Options shared by the commands: the runner-profile options, made from the one table of
profile fields (sockadvisor.domain.fields), and the output and data options.

`profile_options()` gives a command every profile option plus `--profile FILE`, and
hands it one validated `RunnerProfile` in its `profile` parameter (with `plain=True`,
`recommend`'s, a plain `Profile` when the options alone make one: domain/runner.py).
"""

from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sockadvisor.cli.help import DATA, MEASUREMENTS, OUTPUT, PROFILE
from sockadvisor.domain import fields as table
from sockadvisor.domain.fields import SHOE_SYSTEMS, Kind, ProfileField
from sockadvisor.domain.vocab import Format

if TYPE_CHECKING:
    from sockadvisor.domain.profile import RunnerProfile
    from sockadvisor.domain.runner import Profile

Command = Callable[..., int]

SHOE_HELP = {
    "eu": "EU shoe size (sizes plain socks).",
    "us": "US shoe size, men's (9) or women's (8W); converted to EU.",
    "uk": "UK shoe size; converted to EU.",
}


def _checked(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """A parser whose ValueError becomes typer's "Invalid value for '--x'" error."""

    def run(text: str) -> Any:
        try:
            return parse(text)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None

    return run


def number_parser(field: ProfileField) -> Callable[[str], float]:
    return _checked(functools.partial(table.parse_number, field))


def _shoe(field: ProfileField, system: str, text: str) -> Any:
    """A shoe size option: EU as a number; US or UK as (EU, the size as given)."""
    from sockadvisor.domain.units import shoe_as_given

    eu = table.parse_shoe(field, system, text)
    return eu if system == "eu" else (eu, shoe_as_given(text, system))


def _names(field: ProfileField, flag: str | None = None) -> list[str]:
    return [
        flag or field.flag,
        *("--" + a for a in field.aliases),
        *([field.short] if field.short else []),
    ]


def choice_parser(enum: type[StrEnum]) -> Callable[[str], Any]:
    """Any case, hyphens or underscores, a synonym; "did you mean" for a near miss."""
    return _checked(functools.partial(table.parse_choice, enum))


def words_completion(words: tuple[str, ...]) -> Callable[[str], list[str]]:
    """Completes the words (choices first, then synonyms) that start as typed."""

    def complete(incomplete: str) -> list[str]:
        typed = incomplete.lower()
        return [w for w in words if w.lower().startswith(typed)]

    return complete


def complete_sku(ctx: typer.Context, incomplete: str) -> list[str]:
    """The SKUs of the catalog in use (--catalog, SOCKADVISOR_CATALOG or the bundled one)
    that start as typed, less those already given (sources/skus.py keeps it fast)."""
    from sockadvisor.sources.skus import catalog_skus

    catalog = ctx.params.get("catalog") or os.environ.get("SOCKADVISOR_CATALOG") or None
    store_map = os.environ.get("SOCKADVISOR_MAP") or None  # a store export's mapping
    given = {s for key in ("sku", "skus") for s in _as_list(ctx.params.get(key))}
    typed = incomplete.upper()
    skus = catalog_skus(catalog, store_map)
    return [s for s in skus if s.upper().startswith(typed) and s not in given]


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return list(value) if isinstance(value, list | tuple) else []


def choice_metavar(field: ProfileField) -> str:
    return field.metavar or "[" + "|".join(field.choices) + "]"


def choice_help(field: ProfileField) -> str:
    return " ".join(part for part in (field.help, field.synonym_help) if part)


def panel(field: ProfileField) -> str:
    """The help group of a field's option: the measurements apart from the rest."""
    return MEASUREMENTS if field.kind is Kind.shoe or field.unit else PROFILE


def _parameters(field: ProfileField) -> list[inspect.Parameter]:
    """The command-line parameters of one profile field (a shoe field has three)."""
    if field.kind is Kind.shoe:
        return [
            _param(
                f"{field.key}_{system}",
                Annotated[
                    float | None,
                    typer.Option(
                        f"--{field.key}-{system}",
                        parser=_checked(functools.partial(_shoe, field, system)),
                        metavar=field.metavar,
                        help=SHOE_HELP[system],
                        rich_help_panel=panel(field),
                    ),
                ],
            )
            for system in SHOE_SYSTEMS
        ]
    option: Any
    if field.kind is Kind.distance:
        kind: Any = str | None
        option = typer.Option(
            *_names(field),
            parser=_checked(table.parse_distance_word),
            metavar=field.metavar,
            autocompletion=words_completion(field.words),
            help=choice_help(field),
            rich_help_panel=panel(field),
        )
    elif field.kind is Kind.number:
        kind = float | None
        option = typer.Option(
            *_names(field),
            parser=number_parser(field),
            metavar=field.metavar,
            help=field.help,
            rich_help_panel=panel(field),
        )
    elif field.kind is Kind.flag:
        kind = bool
        option = typer.Option(field.flag, help=field.help, rich_help_panel=panel(field))
    else:
        assert field.enum is not None
        if field.kind is Kind.choices:
            kind = list[field.enum] | None  # type: ignore[name-defined]
        else:
            kind = field.enum if field.default is not None else field.enum | None
        option = typer.Option(
            *_names(field),
            parser=choice_parser(field.enum),
            metavar=choice_metavar(field),
            autocompletion=words_completion(field.words),
            help=choice_help(field),
            rich_help_panel=panel(field),
        )
    default = field.default if field.kind in (Kind.flag, Kind.choice) else None
    return [_param(field.key, Annotated[kind, option], default)]


_MADE: dict[str, list[inspect.Parameter]] = {}


def _field_parameters(field: ProfileField) -> list[inspect.Parameter]:
    """A field's parameters, made once for all the commands (typer copies what it changes)."""
    if field.name not in _MADE:
        _MADE[field.name] = _parameters(field)
    return _MADE[field.name]


def _param(name: str, annotation: Any, default: Any = None) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


PROFILE_FILE = _param(
    "profile_file",
    Annotated[
        str | None,
        typer.Option(
            "--profile",
            metavar="FILE",
            help="Read the profile from a YAML file (sockadvisor profile init writes one); "
            "options given here override it.",
            rich_help_panel=PROFILE,
        ),
    ],
)
CONTEXT = _param("ctx", typer.Context)


def profile_options(
    skip: tuple[str, ...] = (), plain: bool = False
) -> Callable[[Command], Command]:
    """Give a command the runner-profile options (less the fields in `skip`); it gets them
    as one validated RunnerProfile in its `profile` parameter. With `plain`, the options
    alone (no --profile file) give a plain Profile when they can (domain/runner.py; the
    warm `recommend --json` builds no model, docs/performance.md#the-warm-path)."""
    used = [f for f in table.FIELDS if f.name not in skip]
    shared = [p for f in used for p in _field_parameters(f)]

    def decorate(func: Command) -> Command:
        signature = inspect.signature(func)
        own = [p for p in signature.parameters.values() if p.name != "profile"]
        added = [PROFILE_FILE, *shared, CONTEXT]

        @functools.wraps(func)
        def command(**kwargs: Any) -> int:
            ctx: typer.Context = kwargs.pop("ctx")
            given = {p.name: kwargs.pop(p.name) for p in shared}
            path = kwargs.pop("profile_file")
            return func(profile=_profile(ctx, used, given, path, plain), **kwargs)

        command.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=own + added
        )
        command.__annotations__ = {p.name: p.annotation for p in own + added}
        return command

    return decorate


def _typed(ctx: typer.Context, name: str) -> bool:
    """Whether the option was given on the command line (not left at its default)."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name != "DEFAULT"


def _profile(
    ctx: typer.Context,
    used: list[ProfileField],
    given: dict[str, Any],
    path: str | None,
    plain: bool = False,
) -> RunnerProfile | Profile:
    """The file's values (if any), overridden by the options typed on the command line."""
    values = _values(ctx, used, given, path)
    if plain and path is None:
        from sockadvisor.domain.runner import plain_profile

        found = plain_profile(values)
        if found is not None:
            return found
    from sockadvisor.domain.profile import make_profile

    return make_profile(values)


def _values(
    ctx: typer.Context, used: list[ProfileField], given: dict[str, Any], path: str | None
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if path is not None:
        from sockadvisor.sources.catalog import load_profile

        names = {f.name for f in used}
        names |= {f"{f.key}_{s}" for f in used if f.kind is Kind.shoe for s in SHOE_SYSTEMS[1:]}
        values = {k: v for k, v in load_profile(path, max_bytes()).items() if k in names}
    for field in used:
        if field.kind is Kind.shoe:
            keys = [f"{field.key}_{s}" for s in SHOE_SYSTEMS]
            sizes = [
                (s, given[k])
                for s, k in zip(SHOE_SYSTEMS, keys, strict=True)
                if given[k] is not None
            ]
            if len(sizes) > 1:
                flags = [f"--{k.replace('_', '-')}" for k in keys]
                raise typer.BadParameter(f"give one of {', '.join(flags[:-1])} and {flags[-1]}")
            if sizes:  # a shoe size on the command line replaces the file's
                from sockadvisor.domain.profile import shoe_values

                for key in keys[1:]:
                    values.pop(key, None)
                values.update(shoe_values(field, *sizes[0]))
        elif _typed(ctx, field.key):
            value = given[field.key]
            values[field.name] = tuple(dict.fromkeys(value)) if isinstance(value, list) else value
    return values


ROOT: dict[str, Any] = {}  # the root command's options of this run (cli.app._root)


def max_bytes() -> int | None:
    """The root `--max-bytes` of this run, for the loaders a command calls."""
    value = ROOT.get("max_bytes")
    return value if isinstance(value, int) else None


# ---------------------------------------------------------------------------
# Output and data options


JsonOption = Annotated[
    bool,
    typer.Option(
        "--json",
        help="Print JSON (docs/json-output.md); short for --format json.",
        rich_help_panel=OUTPUT,
    ),
]
FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        help="Output format: a table, JSON, CSV or Markdown.",
        rich_help_panel=OUTPUT,
    ),
]


def output_format(fmt: Format, as_json: bool) -> Format:
    if as_json and fmt not in (Format.table, Format.json):
        raise typer.BadParameter(f"--json and --format {fmt.value} disagree; give one")
    return Format.json if as_json else fmt


CatalogOption = Annotated[
    str | None,
    typer.Option(
        "--catalog",
        envvar="SOCKADVISOR_CATALOG",
        metavar="FILE",
        help="Your catalog: YAML, or CSV (a store export reads its mapping from "
        "SOCKADVISOR_MAP); '-' reads standard input; default: the bundled sample.",
        rich_help_panel=DATA,
    ),
]
RulesOption = Annotated[
    str | None,
    typer.Option(
        "--rules",
        envvar="SOCKADVISOR_RULES",
        metavar="FILE",
        help="Your rules YAML ('-' reads standard input); default: the bundled rules.",
        rich_help_panel=DATA,
    ),
]
NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Read the catalog afresh, neither using nor filling the cache "
        "(also SOCKADVISOR_NO_CACHE=1).",
        rich_help_panel=DATA,
    ),
]
OutputFile = Annotated[
    str,
    typer.Option("--output", "-o", metavar="FILE", help="Write here ('-': standard output)."),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace an existing file.")]


def measure(what: str, low: float, high: float, example: str) -> Callable[[str], float]:
    """A parser for a plain number option (not a profile field) within limits."""
    field = ProfileField(what, Kind.number, "", low=low, high=high, example=example, noun=what)
    return number_parser(field)


def advisor(catalog: str | None, rules: str | None, no_cache: bool) -> Any:
    """The loaded catalog and rules for a command (sockadvisor.api.load)."""
    from sockadvisor import api

    store_map = os.environ.get("SOCKADVISOR_MAP") or None  # a store export's mapping
    return api.load(
        catalog, rules, use_cache=not no_cache, max_bytes=max_bytes(), store_map=store_map
    )
