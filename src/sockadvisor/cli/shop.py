"""The shop's commands: catalogs, rules, profiles and schemas (docs/shop-guide.md).

Each command parses its options, makes one call into sockadvisor.api (or a source or
writer) and renders or writes the result.
"""

from enum import StrEnum
from typing import Annotated

import typer

from sockadvisor.cli.help import HelpCommand, HelpGroup
from sockadvisor.cli.options import (
    CatalogOption,
    ForceOption,
    FormatOption,
    JsonOption,
    NoCacheOption,
    OutputFile,
    RulesOption,
    advisor,
    choice_metavar,
    choice_parser,
    complete_sku,
    max_bytes,
    measure,
    number_parser,
    output_format,
    words_completion,
)
from sockadvisor.cli.stdout import emit, say, write
from sockadvisor.domain.fields import BY_NAME
from sockadvisor.domain.vocab import Format, Length
from sockadvisor.errors import ExitCode

catalog_app = typer.Typer(
    name="catalog",
    help="Check, browse, import and export catalogs.",
    no_args_is_help=True,
    rich_markup_mode=None,
    cls=HelpGroup,
)
rules_app = typer.Typer(
    name="rules",
    help="Check a rules file, or export one to start your own.",
    no_args_is_help=True,
    rich_markup_mode=None,
    cls=HelpGroup,
)
profile_app = typer.Typer(
    name="profile",
    help="Keep a runner's profile in a file.",
    no_args_is_help=True,
    rich_markup_mode=None,
    cls=HelpGroup,
)

FileArgument = Annotated[str, typer.Argument(help="The file ('-' reads standard input).")]
ValidateJson = Annotated[
    bool,
    typer.Option(
        "--json", help="Print the problems as JSON on stdout (for editors and a shop's CI)."
    ),
]


def _validate(kind: str, path: str, as_json: bool) -> int:
    from sockadvisor import api
    from sockadvisor.errors import DataError, Problem
    from sockadvisor.render import render

    result = api.validate(kind, path, max_bytes=max_bytes())
    if not as_json and not result.valid:
        raise DataError(
            [Problem(p.file, p.line, p.col, p.where, p.message) for p in result.problems]
        )
    emit(render(result, Format.json if as_json else Format.table))
    for w in [] if as_json else result.warnings:  # advice: on stderr, exit code stays 0
        say(f"{w.file}:{w.line}:{w.col}: {w.where}: warning: {w.message}")
    return ExitCode.OK if result.valid else ExitCode.DATA


@catalog_app.command("validate", cls=HelpCommand)
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


@rules_app.command("validate", cls=HelpCommand)
def rules_validate(file: FileArgument, as_json: ValidateJson = False) -> int:
    """Check a rules file: every problem at once, sorted by position.

    \b
    Examples:
      sockadvisor rules validate my-rules.yaml
      sockadvisor rules validate my-rules.yaml --json
    """
    return _validate("rules", file, as_json)


@catalog_app.command("list", cls=HelpCommand)
def catalog_list(
    length: Annotated[
        list[Length] | None,
        typer.Option(
            "--length",
            "-l",
            parser=choice_parser(Length),
            metavar=choice_metavar(BY_NAME["length"]),
            autocompletion=words_completion(BY_NAME["length"].words),
            help="Only this length (repeat). " + BY_NAME["length"].synonym_help,
        ),
    ] = None,
    brand: Annotated[
        str | None, typer.Option("--brand", help="Brand contains this text (any case).")
    ] = None,
    max_mmhg: Annotated[
        float | None,
        typer.Option(
            "--max-mmhg",
            parser=measure("pressure in mmHg", 0, 60, "20"),
            metavar="MMHG",
            help="Compression at most this (plain socks included).",
        ),
    ] = None,
    max_price: Annotated[
        float | None,
        typer.Option(
            "--max-price",
            parser=number_parser(BY_NAME["budget"]),
            metavar="AMOUNT",
            help="At most this price.",
        ),
    ] = None,
    compressed: Annotated[
        bool | None,
        typer.Option("--compression/--no-compression", help="Only compression or plain socks."),
    ] = None,
    as_json: JsonOption = False,
    fmt: FormatOption = Format.table,
    catalog: CatalogOption = None,
    no_cache: NoCacheOption = False,
    output: OutputFile = "-",
    force: ForceOption = False,
) -> int:
    """List the catalog's products, filtered.

    \b
    Examples:
      sockadvisor catalog list --length knee_high --max-mmhg 20
      sockadvisor catalog list --brand cairn --format markdown
      sockadvisor catalog list --no-compression --max-price 15 --format csv
    """
    from sockadvisor import api
    from sockadvisor.render import render

    fmt = output_format(fmt, as_json)
    result = api.products(
        advisor(catalog, None, no_cache),
        lengths=length,
        brand=brand,
        max_mmhg=max_mmhg,
        max_price=max_price,
        compressed=compressed,
    )
    write(output, render(result, fmt), force, "")
    return ExitCode.OK if result.products else ExitCode.NOTHING_MATCHED


@catalog_app.command("show", cls=HelpCommand)
def catalog_show(
    sku: Annotated[str, typer.Argument(help="The SKU to show.", autocompletion=complete_sku)],
    as_json: JsonOption = False,
    fmt: FormatOption = Format.table,
    catalog: CatalogOption = None,
    no_cache: NoCacheOption = False,
    output: OutputFile = "-",
    force: ForceOption = False,
) -> int:
    """Show one product's card: every attribute and its size chart.

    \b
    Examples:
      sockadvisor catalog show CRN-KH-1520
      sockadvisor catalog show CRN-KH-1520 --json | jq '.product.sizes'
    """
    from sockadvisor import api
    from sockadvisor.render import render

    fmt = output_format(fmt, as_json)
    card = api.product_card(advisor(catalog, None, no_cache), sku)
    write(output, render(card, fmt), force, "")
    return ExitCode.OK


@catalog_app.command("import", cls=HelpCommand)
def catalog_import(
    file: Annotated[
        str, typer.Argument(help="The CSV file: ours, or a store's export ('-': standard input).")
    ],
    output: OutputFile = "-",
    title: Annotated[
        str | None, typer.Option("--title", help="The catalog's title (default: from FILE).")
    ] = None,
    store_map: Annotated[
        str | None,
        typer.Option(
            "--map",
            metavar="MAP",
            help="The mapping (YAML) for a Shopify or WooCommerce product export: where it "
            "holds mmHg, materials, length, cushion and the size chart.",
        ),
    ] = None,
    suggest_map: Annotated[
        bool,
        typer.Option(
            "--suggest-map",
            help="Write a starting mapping for FILE, a store export, from its header and "
            "sample values, instead of importing it.",
        ),
    ] = False,
    force: ForceOption = False,
) -> int:
    """Turn a shop's spreadsheet or web-store export (CSV) into a validated catalog (YAML).

    Our columns are in docs/csv-format.md. A Shopify or WooCommerce product export is
    recognised by its header and read with a mapping (docs/store-exports.md); the columns
    it does not use are listed once on stderr. Every problem is reported at once with its
    CSV row and column; nothing is written unless the whole file is valid.

    \b
    Examples:
      sockadvisor catalog import products.csv -o catalog.yaml
      sockadvisor catalog import products_export.csv --suggest-map -o starting-map.yaml
      sockadvisor catalog import products_export.csv --map shop-map.yaml -o catalog.yaml
    """
    from sockadvisor.cli.stdout import say
    from sockadvisor.sources.yamlsource import read_bytes

    name, data = read_bytes(file, "CSV", max_bytes())
    if suggest_map:
        from sockadvisor.render.yamlout import map_yaml
        from sockadvisor.sources.store_suggest import suggest_map as suggest

        if store_map is not None:
            raise typer.BadParameter("give --suggest-map or --map, not both")
        suggestion, notes = suggest(name, data)
        write(output, map_yaml(suggestion, name), force, "mapping")
        for note in notes:
            say(f"sockadvisor: note: {note}")
        return ExitCode.OK
    from sockadvisor.render.common import plural
    from sockadvisor.render.yamlout import catalog_yaml
    from sockadvisor.sources.catalog import load_store_map
    from sockadvisor.sources.csv_import import import_table

    mapping, map_name = None, ""
    if store_map is not None:
        map_name, mapping = load_store_map(store_map, max_bytes())
    catalog, notes = import_table(name, data, title, mapping, map_name)
    write(output, catalog_yaml(catalog), force, plural(len(catalog.products)))
    for note in notes:
        say(f"sockadvisor: note: {note}")
    return ExitCode.OK


@catalog_app.command("export", cls=HelpCommand)
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
    from sockadvisor.render.common import plural
    from sockadvisor.render.csvout import export_csv
    from sockadvisor.render.yamlout import catalog_yaml

    loaded = advisor(catalog, None, no_cache).catalog
    text = export_csv(loaded.catalog) if csv else catalog_yaml(loaded.catalog)
    write(output, text, force, plural(len(loaded.products)))
    return ExitCode.OK


@rules_app.command("export", cls=HelpCommand)
def rules_export(
    output: OutputFile = "-",
    force: ForceOption = False,
    rules: RulesOption = None,
) -> int:
    """Write the rules file (the bundled one by default) to start your own from.

    The file is copied as it is, comments included, once it has been checked; the
    bundled rules' first line then names the installed schema (docs/shop-guide.md).

    \b
    Examples:
      sockadvisor rules export -o my-shop-rules.yaml
      sockadvisor rules export | grep -c '  - id:'
    """
    from sockadvisor.domain.schema import schema_reference
    from sockadvisor.sources.catalog import RULES_FILE, bundled, load_rules
    from sockadvisor.sources.yamlsource import decode, read_bytes

    load_rules(rules, max_bytes=max_bytes())
    name, data = read_bytes(rules or bundled(RULES_FILE), "rules", max_bytes())
    text = decode(name, data)
    if rules is None:  # its first line names the schema relative to the package's data
        text = schema_reference("rules") + text.split("\n", 1)[1]
    write(output, text, force, "rules")
    return ExitCode.OK


@catalog_app.command("lint", cls=HelpCommand)
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
    from sockadvisor import api
    from sockadvisor.render import render

    report = api.lint(catalog, rules, top=top)
    emit(render(report, Format.json if as_json else Format.table))
    return ExitCode.DATA if strict and report.findings else ExitCode.OK


class SchemaKind(StrEnum):
    catalog = "catalog"
    rules = "rules"
    profile = "profile"
    map = "map"
    output = "output"


def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="Which schema.")],
    output: OutputFile = "-",
    force: ForceOption = False,
) -> int:
    """Print the JSON Schema of a catalog, rules, profile or store-mapping file, or of the
    JSON output.

    The same schemas are installed with sockadvisor (sockadvisor/schemas/); the files
    that sockadvisor writes name that copy on their first line, so editors that know
    yaml-language-server validate as you type.

    \b
    Examples:
      sockadvisor schema catalog -o catalog.schema.json
      sockadvisor schema output | jq '.title'
    """
    from sockadvisor.domain.schema import schema_text

    write(output, schema_text(kind.value), force, f"{kind.value} schema")
    return ExitCode.OK


@profile_app.command("init", cls=HelpCommand)
def profile_init(
    file: Annotated[
        str, typer.Argument(help="Where to write the profile ('-': standard output).")
    ] = "profile.yaml",
    force: ForceOption = False,
) -> int:
    """Write a commented profile template to edit, for use with --profile FILE.

    Never replaces an existing file without --force.

    \b
    Examples:
      sockadvisor profile init
      sockadvisor profile init ~/runner.yaml && sockadvisor recommend --profile ~/runner.yaml
    """
    from sockadvisor.render.template import profile_template

    write(file, profile_template(), force, "")
    return ExitCode.OK


def register(app: typer.Typer) -> None:
    app.add_typer(catalog_app)
    app.add_typer(rules_app)
    app.add_typer(profile_app)
    app.command(cls=HelpCommand)(schema)
