"""The one table of profile fields: everything about a field is derived from it.

A field added to the table (here a test-only table, in a fresh interpreter) appears in
`--help`, in the profile file's schema, in the rules' `when`, in the profile template
and in the words that describe a profile, with no other change.
"""

from __future__ import annotations

import ast
import inspect
import json
import subprocess
import sys
import textwrap
import types
import typing

from sockadvisor.domain import fields
from sockadvisor.domain import profile as profile_module
from sockadvisor.domain.fields import FIELDS, Kind
from sockadvisor.domain.profile import ProfileFile, RunnerProfile, When

SCRIPT = textwrap.dedent(
    """
    import json, sys
    from enum import StrEnum
    from sockadvisor.domain import fields

    class Surface(StrEnum):
        soft = "soft"
        hard = "hard"

    fields.FIELDS = (*fields.FIELDS, fields.ProfileField(
        "surface", fields.Kind.choice, "Test-only: the running surface.",
        enum=Surface, when=True, space=True, example="soft", shown="on {} ground",
    ))

    from typer.testing import CliRunner
    from sockadvisor.cli.app import app
    from sockadvisor.domain.schema import json_schema
    from sockadvisor.render.common import profile_words
    from sockadvisor.render.template import profile_template
    from sockadvisor import api
    from sockadvisor.engine.compile import compile_plain
    from sockadvisor.engine.diagnose.whatif import _candidates
    from sockadvisor.lint.reach import profile_space

    runner = CliRunner()
    help_text = runner.invoke(app, ["recommend", "--help"], env={"COLUMNS": "200"}).output
    rules_schema = json_schema("rules")
    out = runner.invoke(app, ["recommend", "--surface", "hard", "--json", "-n", "1", "--no-cache"])
    print(json.dumps({
        "help": "--surface" in help_text and "Test-only: the running surface." in help_text,
        "profile_schema": "surface" in json_schema("profile")["properties"],
        "when_schema": "surface" in rules_schema["$defs"]["When"]["properties"],
        "template": "# surface: soft" in profile_template(),
        "words": "on hard ground" in profile_words(api.profile(surface="hard")),
        "json": json.loads(out.output)["profile"]["surface"] if out.exit_code == 0 else out.output,
        "holds": compile_plain([{**api.load().rules[0].rule.data, "when": {"surface": ["soft"]}}])[
            0
        ].rule.when.holds(api.profile(surface="soft")),
        "lint_space": sorted({p.surface for p in profile_space()}, key=str),
        "what_if": [c.new for c in _candidates(api.profile(surface="soft"), [], None)
                    if c.option == "surface"],
    }))
    """
)


def test_a_field_added_to_the_table_reaches_every_place() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "help": True,
        "profile_schema": True,
        "when_schema": True,
        "template": True,
        "words": True,
        "json": "hard",
        "holds": True,
        "lint_space": [None, "hard", "soft"],
        "what_if": ["hard", None],
    }


def test_the_models_have_exactly_the_table_fields() -> None:
    names = []
    for f in FIELDS:  # a shoe field also keeps a US or UK size as given
        names += (
            [f.name, *(f"{f.key}_{s}" for s in ("us", "uk"))] if f.kind is Kind.shoe else [f.name]
        )
    assert list(RunnerProfile.model_fields) == names
    assert list(When.model_fields) == [f.name for f in FIELDS if f.when]
    file_keys = []
    for f in FIELDS:
        file_keys += (
            [f"{f.key}_{s}" for s in fields.SHOE_SYSTEMS] if f.kind is Kind.shoe else [f.key]
        )
    assert list(ProfileFile.model_fields) == file_keys


def _typed_view() -> dict[str, object]:
    """The annotations of ProfileBase's `if TYPE_CHECKING:` block, evaluated."""
    source = inspect.getsource(profile_module)
    (base,) = [
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ClassDef) and node.name == "ProfileBase"
    ]
    (block,) = [node for node in base.body if isinstance(node, ast.If)]
    namespace = vars(profile_module)
    return {
        node.target.id: eval(ast.unparse(node.annotation), namespace)  # our own source
        for node in block.body
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
    }


def test_the_typed_view_agrees_with_the_table() -> None:
    """The static view (for mypy) names only table fields, each with the model's type."""
    typed = _typed_view()
    assert "calf_cm" in typed
    assert set(typed) <= set(RunnerProfile.model_fields)
    for name, annotation in typed.items():
        assert _bare(RunnerProfile.model_fields[name].annotation) == _bare(annotation), name


def _bare(kind: object) -> object:
    """A type without its Annotated metadata: Optional[Annotated[float, ...]] -> float | None."""
    if typing.get_origin(kind) is typing.Annotated:
        return _bare(typing.get_args(kind)[0])
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        return typing.Union[tuple(_bare(a) for a in typing.get_args(kind))]  # noqa: UP007
    return kind


def test_limits_come_from_the_table() -> None:
    calf = fields.BY_NAME["calf_cm"]
    assert fields.parse_number(calf, "38") == 38
    for bad in ("19.9", "70.1", "nan", "inf", "x"):
        try:
            fields.parse_number(calf, bad)
        except ValueError as exc:
            assert "from 20 to 70" in str(exc)
        else:  # pragma: no cover - the assertion message is the failure
            raise AssertionError(bad)
