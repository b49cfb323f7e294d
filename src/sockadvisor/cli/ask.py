"""`sockadvisor ask`: the profile questions, one at a time, from the one table of profile
fields (sockadvisor.domain.fields), then the picks and an offer to save a profile file.

Prompts are typer's (click's) own: a wrong answer gets the parser's message and the same
question again; Ctrl-C or the end of input leaves with exit 130 and nothing written (the
profile file is written whole or not at all, never over an existing one). Bare
`sockadvisor` runs this only when both standard input and output are terminals
(docs/user-guide.md#ask-questions-instead-of-options).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Annotated, Any

import typer

from sockadvisor.cli.help import HelpCommand
from sockadvisor.cli.options import CatalogOption, NoCacheOption, advisor
from sockadvisor.cli.stdout import emit
from sockadvisor.domain import fields as table
from sockadvisor.domain.fields import Kind, ProfileField
from sockadvisor.errors import ExitCode

if TYPE_CHECKING:
    from sockadvisor.domain.profile import RunnerProfile

INTRO = (
    "A few questions about your running; Enter keeps the answer in [brackets] or skips "
    "the question. Ctrl-C leaves at any time; nothing is saved unless you say so.\n"
)


def question(field: ProfileField) -> str:
    """The question for a field: what, the choices or the form, and why."""
    what = field.help.split(" (")[0].split(";")[0].split(":")[0].rstrip(".")
    if field.kind is Kind.shoe:
        what, form = "Shoe size", "42 for EU, or US 9, US 8W (women's), UK 8"
    elif field.kind is Kind.flag:
        what, form = field.help.rstrip("."), "y/n"  # a flag's help is a whole statement
    elif field.kind is Kind.distance:
        form = "short, half, marathon, ultra, or a distance such as 50k or 26.2mi"
    elif field.choices:
        many = "; several with commas" if field.kind is Kind.choices else ""
        form = ", ".join(field.choices) + many
    elif field.unit:
        inches = round(float(field.example) / table.CM_PER_INCH * 2) / 2
        form = f"in cm, or in inches as {inches:g}in"
        about = field.template.replace(", in cm", "")  # the form below says cm or inches
        what = about[:1].upper() + about[1:] if about else what
    else:
        form = f"such as {field.example}"
    why = f" -- {field.why}" if field.why else ""
    return f"{what} ({form}){why}"


def _default(field: ProfileField) -> str:
    if field.kind is Kind.flag:
        return "n"
    if field.kind is Kind.choice and field.default is not None:
        return str(field.default)
    if field.kind is Kind.choices and field.default:  # climate: mild
        return ", ".join(str(v) for v in field.default)
    return ""


def _parse(field: ProfileField, text: str) -> Any:
    try:
        return table.parse_answer(field, text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def ask_profile() -> RunnerProfile:
    """Every question of the table in turn -> a validated profile."""
    from sockadvisor.domain.profile import make_profile

    values: dict[str, Any] = {}
    for field in table.FIELDS:
        if field.name == "conditions":
            emit(
                "Compression is not safe with some conditions; sockadvisor removes or caps it "
                "and says to see a clinician.\n"
            )
        value = typer.prompt(
            question(field),
            default=_default(field),
            show_default=bool(_default(field)),
            value_proc=functools.partial(_parse, field),
        )
        values[field.name] = value
    return make_profile(values)


def ask(
    top: Annotated[
        int, typer.Option("--top", "-n", min=1, max=20, help="How many socks to show.")
    ] = 3,
    catalog: CatalogOption = None,
    no_cache: NoCacheOption = False,
) -> int:
    """Answer the profile questions one at a time instead of giving options.

    Asks each question in plain words with its choices, a default and why it matters
    (distance in any unit, measurements in cm or inches, shoe size in EU, US or UK), shows
    your picks and the sized recommendation, then offers to save your answers as a profile
    file for --profile FILE. Reads the answers from standard input: a terminal, or a
    script's lines.

    \b
    Examples:
      sockadvisor ask
      sockadvisor ask --top 5 --catalog my-catalog.yaml
    """
    from sockadvisor import api
    from sockadvisor.domain.vocab import Format
    from sockadvisor.render import render
    from sockadvisor.render.common import profile_words

    emit(INTRO)
    try:
        profile = ask_profile()
        emit(f"\nYour answers: {profile_words(profile)}\n\n")
        result = api.recommend(advisor(catalog, None, no_cache), profile, top=top)
        emit(render(result, Format.table))
        _offer_to_save(profile)
    except typer.Abort:
        emit("\n")
        raise
    return ExitCode.OK if result.results else ExitCode.NOTHING_MATCHED


def _offer_to_save(profile: RunnerProfile) -> None:
    from sockadvisor.errors import SockadvisorError
    from sockadvisor.render.template import profile_yaml
    from sockadvisor.sources.files import write_atomic

    if not typer.confirm("\nSave these answers as a profile file?", default=False):
        return
    text = profile_yaml(profile)
    while True:
        path = typer.prompt("File name", default="profile.yaml")
        try:
            write_atomic(path, text, force=False)
        except SockadvisorError as exc:  # it exists, or cannot be written: ask again
            emit(exc.lines()[0] + "\n")
            continue
        emit(f"Saved {path}. Use it with: sockadvisor recommend --profile {path}\n")
        return


def register(app: typer.Typer) -> None:
    app.command(cls=HelpCommand)(ask)
