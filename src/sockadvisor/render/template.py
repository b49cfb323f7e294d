"""The profile template that `sockadvisor profile init` writes, made from the table of
profile fields (sockadvisor.domain.fields), so every field is in it (docs/user-guide.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sockadvisor.domain import fields as table
from sockadvisor.domain.fields import Kind, ProfileField
from sockadvisor.domain.schema import schema_reference

HEADER = """\
# A sockadvisor runner profile. Use it with:  sockadvisor recommend --profile FILE
# Every line is optional; delete or comment out what you do not want. Options given on
# the command line override this file. The values are those of the options of the same
# name (sockadvisor recommend --help).
"""


def _lines(field: ProfileField) -> list[str]:
    about = field.template or ", ".join(field.choices) or field.help.rstrip(".")
    if field.kind is Kind.shoe:
        return [f"# {about}", f"# {field.key}_eu: {field.example}"]
    if field.kind is Kind.flag:
        return [
            f"# {field.key}: true or false: {about[0].lower()}{about[1:]}",
            f"{field.key}: false",
        ]
    if field.kind is Kind.choices:
        choices = ", ".join(field.choices)
        value = f"{field.key}: [{field.example}]"
        return [f"# {field.key}: {about} ({choices})", value if field.default else f"# {value}"]
    value = f"{field.key}: {field.default or field.example}"
    return [f"# {field.key}: {about}", value if field.when and not field.alone else f"# {value}"]


def profile_template(fields: Sequence[ProfileField] = table.FIELDS) -> str:
    """The commented YAML template: the profile's class fields set, the rest commented."""
    body = [line for field in fields for line in _lines(field)]
    return schema_reference("profile") + HEADER + "\n" + "\n".join(body) + "\n"


def profile_yaml(profile: Any, fields: Sequence[ProfileField] = table.FIELDS) -> str:
    """A profile file with the values a person gave (`sockadvisor ask`): one line per
    field that is set, by the options' names; readable back with --profile FILE."""
    lines = []
    for field in fields:
        value = getattr(profile, field.name)
        if value is None or value == () or (field.kind is Kind.flag and not value):
            continue
        key = f"{field.key}_eu" if field.kind is Kind.shoe else field.key
        if isinstance(value, tuple):
            text = "[" + ", ".join(str(v) for v in value) + "]"
        elif isinstance(value, bool):
            text = "true"
        elif isinstance(value, float):
            text = f"{value:g}"
        else:
            text = str(value)
        lines.append(f"{key}: {text}")
    return schema_reference("profile") + HEADER + "\n" + "\n".join(lines) + "\n"
