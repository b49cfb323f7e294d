"""The runner's commands: recommend, explain, compare and plan.

Each command parses its options, makes one call into sockadvisor.api and renders the
result (docs/user-guide.md).
"""

from typing import TYPE_CHECKING, Annotated

import typer

from sockadvisor.cli.help import OUTPUT, PROFILE, HelpCommand
from sockadvisor.cli.options import (
    CatalogOption,
    ForceOption,
    FormatOption,
    JsonOption,
    NoCacheOption,
    OutputFile,
    RulesOption,
    advisor,
    complete_sku,
    measure,
    output_format,
    profile_options,
)
from sockadvisor.cli.stdout import write
from sockadvisor.domain.vocab import Format
from sockadvisor.errors import ExitCode

if TYPE_CHECKING:
    from sockadvisor.domain.profile import RunnerProfile
    from sockadvisor.domain.runner import Profile


@profile_options(plain=True)
def recommend(
    profile: "RunnerProfile | Profile",
    top: Annotated[
        int,
        typer.Option(
            "--top", "-n", min=1, max=1000, help="How many socks to show.", rich_help_panel=OUTPUT
        ),
    ] = 5,
    what_if: Annotated[
        bool,
        typer.Option(
            "--what-if",
            help="Also show the smallest single changes to your profile that would change "
            "the top pick.",
            rich_help_panel=OUTPUT,
        ),
    ] = False,
    as_json: JsonOption = False,
    fmt: FormatOption = Format.table,
    catalog: CatalogOption = None,
    rules: RulesOption = None,
    no_cache: NoCacheOption = False,
    output: OutputFile = "-",
    force: ForceOption = False,
) -> int:
    """Rank the catalog's socks for your profile, best first.

    When your constraints (budget, excluded fibres, length, size) leave nothing, it
    says which of them to relax, with how many socks each way out unlocks, and exits 1.

    \b
    Examples:
      sockadvisor recommend --distance ultra --terrain trail --calf 15in
      sockadvisor recommend --distance 50k --climate hot --top 3 --what-if
      sockadvisor recommend --use recovery --budget '$45' --json | jq -r '.results[0].sku'
    """
    from sockadvisor import api
    from sockadvisor.render import render

    fmt = output_format(fmt, as_json)
    found = advisor(catalog, rules, no_cache)
    plain = fmt is Format.json  # JSON may come from the warm path without models
    result = api.recommend(found, profile, top=top, what_if=what_if, plain=plain)
    write(output, render(result, fmt), force, "")
    return ExitCode.OK if result.results else ExitCode.NOTHING_MATCHED


@profile_options()
def explain(
    sku: Annotated[
        str, typer.Argument(help="The SKU of the sock to explain.", autocompletion=complete_sku)
    ],
    profile: "RunnerProfile",
    against: Annotated[
        str | None,
        typer.Option(
            "--against",
            metavar="SKU",
            autocompletion=complete_sku,
            help="Compare rule by rule with this sock (default: the top pick).",
            rich_help_panel=OUTPUT,
        ),
    ] = None,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="Give each rule's reason and its source under the bars.",
            rich_help_panel=OUTPUT,
        ),
    ] = False,
    as_json: JsonOption = False,
    fmt: FormatOption = Format.table,
    catalog: CatalogOption = None,
    rules: RulesOption = None,
    no_cache: NoCacheOption = False,
    output: OutputFile = "-",
    force: ForceOption = False,
) -> int:
    """Show a sock's card and every point of its score for your profile.

    Shows each rule that applies as a bar of the points it gave out of its maximum
    (gains and penalties told apart; --verbose adds why, with the source); the points
    add up to the score. A sock that your
    constraints removed says which constraint and why. Unless it is the top pick, it
    then says rule by rule what it gained and lost against the top pick (or --against).

    \b
    Examples:
      sockadvisor explain CRN-KH-1520 --distance ultra --terrain technical
      sockadvisor explain TRN-KH-1520 -d ultra -t technical --against SSW-KH-1520
      sockadvisor explain CRN-KH-1520 --budget 30 --json | jq '.excluded_by'
    """
    from sockadvisor import api
    from sockadvisor.render import render

    fmt = output_format(fmt, as_json)
    result = api.explain(advisor(catalog, rules, no_cache), sku, profile, against=against)
    write(output, render(result, fmt, verbose=verbose), force, "")
    return ExitCode.OK


@profile_options()
def compare(
    skus: Annotated[
        list[str],
        typer.Argument(
            help="Two or more SKUs to put side by side.",
            metavar="SKU...",
            autocompletion=complete_sku,
        ),
    ],
    profile: "RunnerProfile",
    as_json: JsonOption = False,
    fmt: FormatOption = Format.table,
    catalog: CatalogOption = None,
    rules: RulesOption = None,
    no_cache: NoCacheOption = False,
    output: OutputFile = "-",
    force: ForceOption = False,
) -> int:
    """Put two or more socks side by side: attributes, each rule's points, what decides.

    Columns are in ranked order; the rules that decide the order between neighbours
    are marked with '>'.

    \b
    Examples:
      sockadvisor compare SSW-KH-1520 CRN-KH-1520 TRN-KH-1520 -d ultra -t technical
      sockadvisor compare VRS-KH-1520H LWA-KH-1520 --climate hot --json
    """
    from sockadvisor import api
    from sockadvisor.render import render

    fmt = output_format(fmt, as_json)
    result = api.compare(advisor(catalog, rules, no_cache), skus, profile)
    write(output, render(result, fmt), force, "")
    return ExitCode.OK


@profile_options(skip=("use",))
def plan(
    profile: "RunnerProfile",
    travel_hours: Annotated[
        float | None,
        typer.Option(
            "--travel-hours",
            parser=measure("journey length in hours", 0, 72, "6"),
            metavar="HOURS",
            help="Hours of a flight you will take; 4 or more adds a travel pick.",
            rich_help_panel=PROFILE,
        ),
    ] = None,
    as_json: JsonOption = False,
    fmt: FormatOption = Format.table,
    catalog: CatalogOption = None,
    rules: RulesOption = None,
    no_cache: NoCacheOption = False,
    output: OutputFile = "-",
    force: ForceOption = False,
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
    from sockadvisor import api
    from sockadvisor.render import render

    fmt = output_format(fmt, as_json)
    result = api.plan(advisor(catalog, rules, no_cache), profile, travel_hours=travel_hours)
    write(output, render(result, fmt), force, "")
    return ExitCode.OK if result.picks else ExitCode.NOTHING_MATCHED


@profile_options()
def checklist(
    profile: "RunnerProfile",
    as_json: JsonOption = False,
    fmt: FormatOption = Format.table,
    rules: RulesOption = None,
    no_cache: NoCacheOption = False,
    output: OutputFile = "-",
    force: ForceOption = False,
) -> int:
    """What to look for in any shop: the sock the rules score highest for your profile.

    Each attribute (compression, length, cushion, fibres, reinforcement, construction)
    with its best value, found by maximising the rules' score, and the reasons and
    sources; then what to measure. Reads no catalog.

    \b
    Examples:
      sockadvisor checklist --distance ultra --terrain technical --climate wet
      sockadvisor checklist --use recovery --format markdown
    """
    from sockadvisor import api
    from sockadvisor.cli.options import max_bytes
    from sockadvisor.render import render

    fmt = output_format(fmt, as_json)
    result = api.checklist(profile, rules, use_cache=not no_cache, max_bytes=max_bytes())
    write(output, render(result, fmt), force, "")
    return ExitCode.OK


def register(app: typer.Typer) -> None:
    for command in (recommend, explain, compare, plan, checklist):
        app.command(cls=HelpCommand)(command)
