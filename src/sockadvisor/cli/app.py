"""The command line: the only module that imports typer.

Each command parses its options, calls the core and writes what the renderer made.
Errors are turned into one line each on stderr and an exit code in one place,
`SockadvisorGroup.main`. Heavy modules (pydantic, rich) are imported inside the
commands, so `--version` and `--help` stay fast for scripts that call us in loops.
"""

import functools
import gc
import inspect
import math
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from sockadvisor import __version__, settings
from sockadvisor.domain.units import parse_distance, shoe_to_eu
from sockadvisor.domain.vocab import Climate, Condition, Fibre, Format, Length, Terrain, Use
from sockadvisor.errors import ExitCode, SockadvisorError

if TYPE_CHECKING:
    from sockadvisor.domain.models import RunnerProfile
    from sockadvisor.engine.compile import CompiledRule
    from sockadvisor.sources.catalog import LoadedCatalog

REPORT = "https://github.com/sockadvisor/sockadvisor/issues"


class SockadvisorGroup(TyperGroup):
    """Runs the commands and maps every outcome to one documented exit code."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        try:
            code = super().main(
                args=argv,
                prog_name=prog_name or "sockadvisor",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except typer.TyperException as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # bare `sockadvisor`: the help
                _fail([exc.format_message()], ExitCode.USAGE)
            ctx = getattr(exc, "ctx", None)
            where = f"{ctx.command_path}: " if ctx is not None else "sockadvisor: "
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            message = exc.format_message().replace("Value error, ", "")
            _fail([f"{where}{message}{hint}"], exc.exit_code)
        except SockadvisorError as exc:
            _fail(exc.lines(), exc.exit_code)
        except (KeyboardInterrupt, typer.Abort):
            _fail(["sockadvisor: interrupted"], ExitCode.INTERRUPTED)
        except Exception as exc:
            if "--debug" in argv:
                traceback.print_exc()
            _fail(
                [
                    f"sockadvisor: internal error ({type(exc).__name__}); this is a bug: run "
                    f"again with --debug for details and report it at {REPORT}"
                ],
                ExitCode.INTERNAL,
            )
        if code == ExitCode.INTERRUPTED:  # typer turns Ctrl-C inside a command into 130
            _fail(["sockadvisor: interrupted"], ExitCode.INTERRUPTED)
        sys.exit(code if isinstance(code, int) else ExitCode.OK)


def _fail(lines: list[str], code: int) -> None:
    for line in lines:
        sys.stderr.write(line + "\n")
    sys.stderr.flush()
    sys.exit(code)


def _emit(text: str) -> None:
    """Write a whole rendered output to stdout; a reader that left early is not an error."""
    if sys.stdout is None:  # started with stdout closed: there is no reader
        return
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    out = getattr(sys.stdout, "buffer", None)
    try:
        if out is None:  # a text-only stream (an embedding program's, a test's)
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            out.write(text.encode(encoding, errors="replace"))
            out.flush()
    except BrokenPipeError:
        # Python's signal docs, "Note on SIGPIPE": stop later flushes from failing.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


app = typer.Typer(
    cls=SockadvisorGroup,
    name="sockadvisor",
    help="Pick running socks, above all compression socks for trail running.\n\n"
    "Ranks a catalog of socks for your profile, explains every point of every score, "
    "and prints JSON for scripts. Exit codes: 0 ok, 1 nothing matched, 2 usage, "
    "65 invalid data, 66 missing file, 70 internal error, 130 interrupted.",
    epilog="Example: sockadvisor recommend --distance ultra --terrain technical",
    rich_markup_mode=None,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        _emit(f"sockadvisor {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback on internal errors.")
    ] = False,
    max_bytes: Annotated[
        int | None,
        typer.Option(
            "--max-bytes",
            min=1,
            metavar="BYTES",
            help="Refuse input files larger than this (default 268435456, 256 MiB; "
            "also SOCKADVISOR_MAX_BYTES).",
        ),
    ] = None,
) -> None:
    """Pick running socks, above all compression socks for trail running."""
    settings.max_bytes = max_bytes  # read by the loader, which is imported only when needed


# ---------------------------------------------------------------------------
# Options shared by the commands, defined once.


def _distance(text: str) -> Any:
    try:
        return parse_distance(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def _budget(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 < value <= 100_000):
        raise typer.BadParameter(
            f"'{text[:40]}' is not an amount; give a price such as 20 or 45.50"
        )
    return value


def _measure(what: str, low: float, high: float, example: str) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and low <= value <= high):
            raise typer.BadParameter(
                f"'{text[:20]}' is not a plausible {what}; give a number from {low:g} to "
                f"{high:g}, such as {example}"
            )
        return value

    return parse


def _shoe(system: str) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            eu = shoe_to_eu(text, system)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None
        if not 30 <= eu <= 52:
            raise typer.BadParameter(f"'{text[:20]}' is outside the shoe sizes we can fit")
        return eu

    return parse


def _option(name: str, annotation: Any, default: Any = None) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


def _number_option(
    name: str, flag: str, parser: Callable[[str], float], metavar: str, text: str
) -> inspect.Parameter:
    option = typer.Option(flag, parser=parser, metavar=metavar, help=text)
    return _option(name, Annotated[float | None, option])


P = inspect.Parameter
PROFILE_PARAMETERS = [
    P(
        "distance",
        P.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            str | None,
            typer.Option(
                "--distance",
                "-d",
                parser=_distance,
                metavar="CLASS|DIST",
                help="Race or run distance: short, half, marathon, ultra, or a distance "
                "such as 50k, 21.1km, 26.2mi (short <15 km <= half <30 km <= marathon "
                "<=42.2 km < ultra).",
            ),
        ],
    ),
    P(
        "terrain",
        P.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[Terrain | None, typer.Option("--terrain", "-t", help="Terrain.")],
    ),
    P(
        "use",
        P.KEYWORD_ONLY,
        default=Use.run,
        annotation=Annotated[Use, typer.Option("--use", "-u", help="When you will wear them.")],
    ),
    P(
        "climate",
        P.KEYWORD_ONLY,
        default=Climate.mild,
        annotation=Annotated[Climate, typer.Option("--climate", "-c", help="Weather.")],
    ),
    P(
        "new_to_compression",
        P.KEYWORD_ONLY,
        default=False,
        annotation=Annotated[
            bool,
            typer.Option(
                "--new-to-compression", help="You have not worn compression socks before."
            ),
        ],
    ),
    P(
        "blister_prone",
        P.KEYWORD_ONLY,
        default=False,
        annotation=Annotated[bool, typer.Option("--blister-prone", help="You blister easily.")],
    ),
    P(
        "budget",
        P.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            float | None,
            typer.Option(
                "--budget",
                parser=_budget,
                metavar="AMOUNT",
                help="Highest price you will pay; dearer socks are removed.",
            ),
        ],
    ),
    P(
        "exclude_material",
        P.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            list[Fibre] | None,
            typer.Option(
                "--exclude-material",
                "-x",
                help="Remove socks containing this fibre (repeat for more).",
            ),
        ],
    ),
    P(
        "length",
        P.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[
            Length | None,
            typer.Option("--length", "-l", help="Only socks of this length."),
        ],
    ),
    _number_option(
        "calf_cm",
        "--calf-cm",
        _measure("calf circumference in cm", 20, 70, "38"),
        "CM",
        "Calf circumference at its widest, in cm (sizes compression socks).",
    ),
    _number_option(
        "ankle_cm",
        "--ankle-cm",
        _measure("ankle circumference in cm", 14, 40, "22"),
        "CM",
        "Ankle circumference at its narrowest, in cm.",
    ),
    _number_option(
        "shoe_eu",
        "--shoe-eu",
        _measure("EU shoe size", 30, 52, "42"),
        "SIZE",
        "EU shoe size (sizes plain socks).",
    ),
    _number_option(
        "shoe_us",
        "--shoe-us",
        _shoe("us"),
        "SIZE",
        "US shoe size, men's (9) or women's (8W); converted to EU.",
    ),
    _number_option("shoe_uk", "--shoe-uk", _shoe("uk"), "SIZE", "UK shoe size; converted."),
    _option(
        "condition",
        Annotated[
            list[Condition] | None,
            typer.Option(
                "--condition",
                help="A medical condition (repeat for more): pad (peripheral arterial "
                "disease), heart-failure, neuropathy, diabetes, skin (infection or broken "
                "skin), dvt (recent deep-vein thrombosis). Compression is removed or capped "
                "and you are told to see a clinician.",
            ),
        ],
    ),
]


Command = Callable[..., int]


PROFILE_FILE = _option(
    "profile_file",
    Annotated[
        str | None,
        typer.Option(
            "--profile",
            metavar="FILE",
            help="Read the profile from a YAML file (sockadvisor profile init writes one); "
            "options given here override it.",
        ),
    ],
)
CONTEXT = _option("ctx", typer.Context)
SHOES = ("shoe_eu", "shoe_us", "shoe_uk")


def profile_options(skip: tuple[str, ...] = ()) -> Callable[[Command], Command]:
    """Give a command the runner-profile options (less `skip`); it gets them as `profile`."""
    shared = [p for p in PROFILE_PARAMETERS if p.name not in skip]

    def decorate(func: Command) -> Command:
        signature = inspect.signature(func)
        own = [p for p in signature.parameters.values() if p.name != "profile"]
        added = [PROFILE_FILE, *shared, CONTEXT]

        @functools.wraps(func)
        def command(**kwargs: Any) -> int:
            ctx: typer.Context = kwargs.pop("ctx")
            given = {p.name: kwargs.pop(p.name) for p in shared}
            values = {p.name: p.default for p in PROFILE_PARAMETERS}
            path = kwargs.pop("profile_file")
            if path is not None:
                values.update(_profile_file(path, skip))
            typed = {name for name in given if _typed(ctx, name)}
            if typed & set(SHOES):  # a shoe size on the command line replaces the file's
                values.update(dict.fromkeys(SHOES))
            values.update({name: given[name] for name in typed})
            return func(profile=_profile(values), **kwargs)

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


def _profile_file(path: str, skip: tuple[str, ...]) -> dict[str, Any]:
    from sockadvisor.sources.catalog import load_profile

    values = load_profile(path)
    return {name: value for name, value in values.items() if name not in skip}


def _profile(values: dict[str, Any]) -> "RunnerProfile":
    from sockadvisor.domain.models import RunnerProfile

    shoes = [values[name] for name in SHOES if values[name]]
    if len(shoes) > 1:
        raise typer.BadParameter("give one of --shoe-eu, --shoe-us and --shoe-uk")
    return RunnerProfile(
        distance=values["distance"],
        terrain=values["terrain"],
        use=values["use"],
        climate=values["climate"],
        new_to_compression=values["new_to_compression"],
        blister_prone=values["blister_prone"],
        budget=values["budget"],
        exclude_materials=tuple(dict.fromkeys(values["exclude_material"] or ())),
        length=values["length"],
        calf_cm=values["calf_cm"],
        ankle_cm=values["ankle_cm"],
        shoe_eu=shoes[0] if shoes else None,
        conditions=tuple(dict.fromkeys(values["condition"] or ())),
    )


JsonOption = Annotated[
    bool,
    typer.Option("--json", help="Print JSON (docs/json-output.md); short for --format json."),
]
FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", help="Output format: a table, JSON, CSV or Markdown."),
]


def _format(fmt: Format, as_json: bool) -> Format:
    if as_json and fmt not in (Format.table, Format.json):
        raise typer.BadParameter(f"--json and --format {fmt.value} disagree; give one")
    return Format.json if as_json else fmt


CatalogOption = Annotated[
    str | None,
    typer.Option(
        "--catalog",
        envvar="SOCKADVISOR_CATALOG",
        metavar="FILE",
        help="Your catalog YAML ('-' reads standard input); default: the bundled sample.",
    ),
]
RulesOption = Annotated[
    str | None,
    typer.Option(
        "--rules",
        envvar="SOCKADVISOR_RULES",
        metavar="FILE",
        help="Your rules YAML ('-' reads standard input); default: the bundled rules.",
    ),
]


NoCacheOption = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Read the catalog afresh, neither using nor filling the cache "
        "(also SOCKADVISOR_NO_CACHE=1).",
    ),
]


def _load(
    catalog: str | None, rules: str | None, no_cache: bool = False
) -> "tuple[LoadedCatalog, tuple[CompiledRule, ...]]":
    from sockadvisor.sources.catalog import load_both, load_catalog, load_rules

    if catalog == "-" and rules == "-":
        raise typer.BadParameter("only one of --catalog and --rules can read standard input")
    return load_both(
        lambda: load_catalog(catalog, use_cache=not no_cache),
        lambda: load_rules(rules, use_cache=not no_cache),
    )


# ---------------------------------------------------------------------------
# Commands


@app.command()
@profile_options()
def recommend(
    profile: "RunnerProfile",
    top: Annotated[
        int, typer.Option("--top", "-n", min=1, max=1000, help="How many socks to show.")
    ] = 5,
    what_if: Annotated[
        bool,
        typer.Option(
            "--what-if",
            help="Also show the smallest single changes to your profile that would change "
            "the top pick.",
        ),
    ] = False,
    as_json: JsonOption = False,
    fmt: FormatOption = Format.table,
    catalog: CatalogOption = None,
    rules: RulesOption = None,
    no_cache: NoCacheOption = False,
) -> int:
    """Rank the catalog's socks for your profile, best first.

    When your constraints (budget, excluded fibres, length, size) leave nothing, it
    says which of them to relax, with how many socks each way out unlocks, and exits 1.

    \b
    Examples:
      sockadvisor recommend --distance ultra --terrain technical
      sockadvisor recommend --distance 50k --climate hot --top 3 --what-if
      sockadvisor recommend --use recovery --budget 45 --json | jq -r '.results[0].sku'
      sockadvisor recommend --budget 5 --length knee_high
    """
    from sockadvisor import render
    from sockadvisor.engine import ranking as engine

    products, compiled = _load(catalog, rules, no_cache)
    rec = engine.rank(products.products, compiled, profile, top)
    diagnosis = changes = None
    if not rec.results or what_if:  # the diagnosis module only when it is needed
        from sockadvisor.engine import diagnose

        if not rec.results:
            diagnosis = diagnose.diagnose(products.products, compiled, profile)
        if what_if:
            changes = diagnose.what_if(products.products, compiled, profile)
    _emit(render.recommendation(rec, _format(fmt, as_json), diagnosis, changes))
    return ExitCode.OK if rec.results else ExitCode.NOTHING_MATCHED


@app.command()
@profile_options()
def explain(
    sku: Annotated[str, typer.Argument(help="The SKU of the sock to explain.")],
    profile: "RunnerProfile",
    against: Annotated[
        str | None,
        typer.Option(
            "--against",
            metavar="SKU",
            help="Compare rule by rule with this sock (default: the top pick).",
        ),
    ] = None,
    as_json: JsonOption = False,
    fmt: FormatOption = Format.table,
    catalog: CatalogOption = None,
    rules: RulesOption = None,
    no_cache: NoCacheOption = False,
) -> int:
    """Show a sock's card and every point of its score for your profile.

    Lists each rule that applies, the points it gave out of its maximum, how far the
    sock met it and why; the points add up to the score. A sock that your
    constraints removed says which constraint and why. Unless it is the top pick, it
    then says rule by rule what it gained and lost against the top pick (or --against).

    \b
    Examples:
      sockadvisor explain CRN-KH-1520 --distance ultra --terrain technical
      sockadvisor explain TRN-KH-1520 -d ultra -t technical --against SSW-KH-1520
      sockadvisor explain CRN-KH-1520 --budget 30 --json | jq '.excluded_by'
    """
    from sockadvisor import render
    from sockadvisor.engine import diagnose
    from sockadvisor.engine import ranking as engine

    products, compiled = _load(catalog, rules, no_cache)
    product = products.get(sku)
    other = products.get(against) if against else None
    other = other or diagnose.top_pick(products.products, compiled, profile)
    ex = engine.explain(product, products.products, compiled, profile)
    why = None
    if other is not None:
        why = diagnose.why_not(product, other, products.products, compiled, profile)
    _emit(render.explanation(ex, _format(fmt, as_json), why))
    return ExitCode.OK


@app.command()
@profile_options()
def compare(
    skus: Annotated[
        list[str], typer.Argument(help="Two or more SKUs to put side by side.", metavar="SKU...")
    ],
    profile: "RunnerProfile",
    as_json: JsonOption = False,
    fmt: FormatOption = Format.table,
    catalog: CatalogOption = None,
    rules: RulesOption = None,
    no_cache: NoCacheOption = False,
) -> int:
    """Put two or more socks side by side: attributes, each rule's points, what decides.

    Columns are in ranked order; the rules that decide the order between neighbours
    are marked with '>'.

    \b
    Examples:
      sockadvisor compare SSW-KH-1520 CRN-KH-1520 TRN-KH-1520 -d ultra -t technical
      sockadvisor compare VRS-KH-1520H LWA-KH-1520 --climate hot --json
    """
    from sockadvisor import render
    from sockadvisor.engine import diagnose

    products, compiled = _load(catalog, rules, no_cache)
    selected = [products.get(sku) for sku in skus]
    result = diagnose.compare(selected, products.products, compiled, profile)
    _emit(render.comparison(result, _format(fmt, as_json)))
    return ExitCode.OK


@app.command()
@profile_options(skip=("use",))
def plan(
    profile: "RunnerProfile",
    travel_hours: Annotated[
        float | None,
        typer.Option(
            "--travel-hours",
            parser=_measure("journey length in hours", 0, 72, "6"),
            metavar="HOURS",
            help="Hours of a flight you will take; 4 or more adds a travel pick.",
        ),
    ] = None,
    as_json: JsonOption = False,
    fmt: FormatOption = Format.table,
    catalog: CatalogOption = None,
    rules: RulesOption = None,
    no_cache: NoCacheOption = False,
) -> int:
    """Plan which pair to wear for running, for recovery and for travel, and for how long.

    The running pick is the best sock for your runs; the recovery pick the best
    compression sock to wear after them (1-3 hours is common); with --travel-hours 4
    or more, the best compression sock for the journey. One pair may serve two roles.

    \b
    Examples:
      sockadvisor plan --distance ultra --terrain technical --calf-cm 38
      sockadvisor plan -d marathon --calf-cm 36 --ankle-cm 21 --travel-hours 9 --json
    """
    from sockadvisor import render
    from sockadvisor.engine import plan as planning

    products, compiled = _load(catalog, rules, no_cache)
    result = planning.plan(products.products, compiled, profile, travel_hours)
    _emit(render.plan(result, _format(fmt, as_json)))
    return ExitCode.OK if result.picks else ExitCode.NOTHING_MATCHED


# ---------------------------------------------------------------------------
# Shop tooling: catalogs, rules, profiles and schemas.

catalog_app = typer.Typer(
    name="catalog",
    help="Check, browse, import and export catalogs.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
rules_app = typer.Typer(
    name="rules",
    help="Check a rules file, or export one to start your own.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
profile_app = typer.Typer(
    name="profile",
    help="Keep a runner's profile in a file.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(catalog_app)
app.add_typer(rules_app)
app.add_typer(profile_app)

FileArgument = Annotated[str, typer.Argument(help="The file ('-' reads standard input).")]
ValidateJson = Annotated[
    bool,
    typer.Option(
        "--json", help="Print the problems as JSON on stdout (for editors and a shop's CI)."
    ),
]


def _validate(kind: str, path: str, as_json: bool) -> int:
    from sockadvisor.errors import DataError
    from sockadvisor.render import jsonout
    from sockadvisor.sources.catalog import load_catalog, load_rules

    problems = []
    try:
        if kind == "catalog":
            count = len(load_catalog(path, use_cache=False).products)
        else:
            count = len(load_rules(path))
    except DataError as exc:
        count, problems = 0, exc.problems
    if as_json:
        _emit(jsonout.validation_json(path, kind, count, problems))
    elif problems:
        raise DataError(problems)
    else:
        noun = "products" if kind == "catalog" else "rules"
        _emit(f"{path}: valid {kind}, {count} {noun}\n")
    return ExitCode.DATA if problems else ExitCode.OK


@catalog_app.command("validate")
def catalog_validate(file: FileArgument, as_json: ValidateJson = False) -> int:
    """Check a catalog file: every problem at once, sorted by position.

    Each problem is one line, 'file:line:col: where: what, and how to fix it'. Exits 65
    when there are problems and 0 when the file is clean.

    \b
    Examples:
      sockadvisor catalog validate my-catalog.yaml
      sockadvisor catalog validate my-catalog.yaml --json | jq '.problems[].message'
    """
    return _validate("catalog", file, as_json)


@rules_app.command("validate")
def rules_validate(file: FileArgument, as_json: ValidateJson = False) -> int:
    """Check a rules file: every problem at once, sorted by position.

    \b
    Examples:
      sockadvisor rules validate my-rules.yaml
      sockadvisor rules validate my-rules.yaml --json
    """
    return _validate("rules", file, as_json)


@catalog_app.command("list")
def catalog_list(
    length: Annotated[
        list[Length] | None, typer.Option("--length", "-l", help="Only this length (repeat).")
    ] = None,
    brand: Annotated[
        str | None, typer.Option("--brand", help="Brand contains this text (any case).")
    ] = None,
    max_mmhg: Annotated[
        float | None,
        typer.Option(
            "--max-mmhg",
            parser=_measure("pressure in mmHg", 0, 60, "20"),
            metavar="MMHG",
            help="Compression at most this (plain socks included).",
        ),
    ] = None,
    max_price: Annotated[
        float | None,
        typer.Option("--max-price", parser=_budget, metavar="AMOUNT", help="At most this price."),
    ] = None,
    compressed: Annotated[
        bool | None,
        typer.Option("--compression/--no-compression", help="Only compression or plain socks."),
    ] = None,
    as_json: JsonOption = False,
    fmt: FormatOption = Format.table,
    catalog: CatalogOption = None,
    no_cache: NoCacheOption = False,
) -> int:
    """List the catalog's products, filtered.

    \b
    Examples:
      sockadvisor catalog list --length knee_high --max-mmhg 20
      sockadvisor catalog list --brand cairn --format markdown
      sockadvisor catalog list --no-compression --max-price 15 --format csv
    """
    from sockadvisor import render
    from sockadvisor.sources.catalog import load_catalog, select

    loaded = load_catalog(catalog, use_cache=not no_cache)
    chosen = select(
        loaded.products,
        lengths=length,
        brand=brand,
        max_mmhg=max_mmhg,
        max_price=max_price,
        compressed=compressed,
    )
    _emit(render.products(chosen, _format(fmt, as_json)))
    return ExitCode.OK if chosen else ExitCode.NOTHING_MATCHED


@catalog_app.command("show")
def catalog_show(
    sku: Annotated[str, typer.Argument(help="The SKU to show.")],
    as_json: JsonOption = False,
    fmt: FormatOption = Format.table,
    catalog: CatalogOption = None,
    no_cache: NoCacheOption = False,
) -> int:
    """Show one product's card: every attribute and its size chart.

    \b
    Examples:
      sockadvisor catalog show CRN-KH-1520
      sockadvisor catalog show CRN-KH-1520 --json | jq '.product.sizes'
    """
    from sockadvisor import render
    from sockadvisor.sources.catalog import load_catalog

    item = load_catalog(catalog, use_cache=not no_cache).get(sku)
    _emit(render.product(item, _format(fmt, as_json)))
    return ExitCode.OK


OutputFile = Annotated[
    str,
    typer.Option("--output", "-o", metavar="FILE", help="Write here ('-': standard output)."),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace an existing file.")]


def _write(path: str, text: str, force: bool, what: str) -> None:
    """Standard output for '-', else a whole file written atomically (never clobbering)."""
    if path == "-":
        _emit(text)
        return
    from sockadvisor.sources.files import write_atomic

    write_atomic(path, text, force)
    sys.stderr.write(f"sockadvisor: wrote {path} ({what})\n")


@catalog_app.command("import")
def catalog_import(
    file: Annotated[str, typer.Argument(help="The CSV file ('-' reads standard input).")],
    output: OutputFile = "-",
    title: Annotated[
        str | None, typer.Option("--title", help="The catalog's title (default: from FILE).")
    ] = None,
    force: ForceOption = False,
) -> int:
    """Turn a shop's spreadsheet (CSV) into a validated catalog (YAML).

    The columns are documented in docs/csv-format.md. Every problem is reported at once
    with its CSV row and column; nothing is written unless the whole file is valid.

    \b
    Examples:
      sockadvisor catalog import products.csv -o catalog.yaml
      sockadvisor catalog import products.csv -o catalog.yaml --force --title "Trail Shop"
    """
    from sockadvisor.sources.csvio import import_csv
    from sockadvisor.sources.yamlsource import read_bytes

    name, data = read_bytes(file, "CSV")
    catalog, text = import_csv(name, data, title)
    _write(output, text, force, f"{len(catalog.products)} products")
    return ExitCode.OK


@catalog_app.command("export")
def catalog_export(
    output: OutputFile = "-",
    csv: Annotated[
        bool, typer.Option("--csv/--yaml", help="CSV (the import format) or YAML.")
    ] = True,
    force: ForceOption = False,
    catalog: CatalogOption = None,
    no_cache: NoCacheOption = False,
) -> int:
    """Write the catalog as CSV (to edit in a spreadsheet and import again) or YAML.

    \b
    Examples:
      sockadvisor catalog export --csv -o stock.csv
      sockadvisor catalog export --catalog shop.yaml --yaml
    """
    from sockadvisor.sources.catalog import load_catalog
    from sockadvisor.sources.csvio import catalog_yaml, export_csv

    loaded = load_catalog(catalog, use_cache=not no_cache)
    text = export_csv(loaded.catalog) if csv else catalog_yaml(loaded.catalog)
    _write(output, text, force, f"{len(loaded.products)} products")
    return ExitCode.OK


@rules_app.command("export")
def rules_export(
    output: OutputFile = "-",
    force: ForceOption = False,
    rules: RulesOption = None,
) -> int:
    """Write the rules file (the bundled one by default) to start your own from.

    The file is copied as it is, comments included, once it has been checked.

    \b
    Examples:
      sockadvisor rules export -o my-shop-rules.yaml
      sockadvisor rules export | grep -c '  - id:'
    """
    from sockadvisor.sources.catalog import RULES_FILE, bundled, load_rules
    from sockadvisor.sources.yamlsource import decode, read_bytes

    load_rules(rules)
    name, data = read_bytes(rules or bundled(RULES_FILE), "rules")
    _write(output, decode(name, data), force, "rules")
    return ExitCode.OK


@catalog_app.command("lint")
def catalog_lint(
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 65 when there is any warning.")
    ] = False,
    top: Annotated[
        int,
        typer.Option("--top", min=1, max=100, help="The never-top check's N (top N)."),
    ] = 5,
    as_json: JsonOption = False,
    catalog: CatalogOption = None,
    rules: RulesOption = None,
) -> int:
    """Warn about what is valid but wrong: gaps in size charts, unknown data, dead rules...

    Checks: products missing data that rules read, near-duplicate products, gaps and
    overlaps in size charts, rules that never fire or always cancel each other, and
    products that no runner profile can bring into the top 5. Each warning gives its
    position and a fix. Exits 0 (warnings are advice), or 65 with --strict.

    \b
    Examples:
      sockadvisor catalog lint
      sockadvisor catalog lint --catalog shop.yaml --rules shop-rules.yaml --strict
    """
    from sockadvisor.lint.checks import lint
    from sockadvisor.render import jsonout

    if catalog == "-" and rules == "-":
        raise typer.BadParameter("only one of --catalog and --rules can read standard input")
    findings = lint(catalog, rules, top)
    if as_json:
        _emit(jsonout.lint_json(findings))
    else:
        _emit("".join(f"{f}\n" for f in findings) or "no warnings\n")
    return ExitCode.DATA if strict and findings else ExitCode.OK


class SchemaKind(StrEnum):
    catalog = "catalog"
    rules = "rules"
    profile = "profile"
    output = "output"


@app.command()
def schema(kind: Annotated[SchemaKind, typer.Argument(help="Which schema.")]) -> int:
    """Print the JSON Schema of a catalog, rules or profile file, or of the JSON output.

    The same schemas are in docs/schema/; editors that know yaml-language-server
    validate as you type when a file's first line names one.

    \b
    Examples:
      sockadvisor schema catalog > catalog.schema.json
      sockadvisor schema output | jq '.title'
    """
    from sockadvisor.domain.schema import schema_text

    _emit(schema_text(kind.value))
    return ExitCode.OK


@profile_app.command("init")
def profile_init(
    file: Annotated[str, typer.Argument(help="Where to write the profile.")] = "profile.yaml",
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> int:
    """Write a commented profile template to edit, for use with --profile FILE.

    Never replaces an existing file without --force.

    \b
    Examples:
      sockadvisor profile init
      sockadvisor profile init ~/runner.yaml && sockadvisor recommend --profile ~/runner.yaml
    """
    from sockadvisor.domain.units import TEMPLATE
    from sockadvisor.sources.files import write_atomic

    write_atomic(file, TEMPLATE, force)
    sys.stderr.write(f"sockadvisor: wrote {file}\n")
    return ExitCode.OK


def main() -> None:
    """The console script's entry point.

    A short-lived process that builds many small objects: the cyclic garbage collector
    only slows it (3x on a big catalog), and the memory it would reclaim is returned
    when the process ends a moment later.
    """
    gc.disable()
    app()
