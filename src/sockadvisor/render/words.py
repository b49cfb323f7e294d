"""The words for what the core returns as data: profile changes, relaxable constraints,
lint findings, and the notices whose wording depends on where they are shown.

Two styles. `terminal`, for a person at the command line, names the options to type
(`--terrain mixed instead of technical`). `plain`, for JSON, CSV and Markdown that a shop
may show on a web page, names the fields by their keys in the JSON `profile` (`terrain:
mixed instead of technical`) and never a command-line flag or a terminal instruction
(docs/json-output.md). Names, flags and how a value shows come from domain.fields.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Protocol

from sockadvisor.domain.fields import BY_NAME, FIELDS, Kind
from sockadvisor.domain.profile import RunnerProfile
from sockadvisor.domain.results import Change, Constraint, Diagnosis, WhatIf
from sockadvisor.domain.results import Warning as Notice

from .common import plural, value_words


class Finding(Protocol):
    """What a lint finding has (lint.checks.Finding or the JSON's LintFinding)."""

    @property
    def file(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def col(self) -> int: ...
    @property
    def where(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def profile(self) -> RunnerProfile | None: ...


class Style(Enum):
    terminal = "terminal"  # command-line options, for a person at a terminal
    plain = "plain"  # profile field names, for documents: JSON, CSV, Markdown


def key(field: str) -> str:
    """A profile field's key in a profile file: exclude_materials -> exclude_material."""
    declared = BY_NAME[field]
    return f"{declared.key}_eu" if declared.kind is Kind.shoe else declared.key


def flag(field: str) -> str:
    """A profile field's command-line option: exclude_materials -> --exclude-material."""
    return "--" + key(field).replace("_", "-")


def option(field: str, style: Style) -> str:
    """How a field is named before its value: `--terrain`, or its JSON `profile` key."""
    return flag(field) if style is Style.terminal else f"{field}:"


def _items(text: str | None) -> list[str]:
    return text.split(", ") if text else []


def change(item: Change, style: Style) -> str:
    """One what-if change: `--terrain mixed instead of technical`, `without --blister-prone`,
    `--exclude-material merino`; plain: `terrain: mixed instead of technical`, ..."""
    name = option(item.option, style)
    if item.option == "include_out_of_stock":
        words = "in stock: " + ("not required" if item.new == "true" else "required")
        return f"{words} ({change_flag(item)})" if style is Style.terminal else words
    if BY_NAME[item.option].kind is Kind.choices:  # exclude_materials, climate, blisters
        before, after = _items(item.old), _items(item.new)
        if before and len(after) == 1 and after[0] not in before:  # one value instead
            return f"{name} {after[0]} instead of {' and '.join(before)}"
        added = [f"{name} {f}" for f in after if f not in before]
        dropped = [f"without {name} {f}" for f in before if f not in after]
        return " and ".join(added + dropped)
    if style is Style.terminal and BY_NAME[item.option].kind is Kind.flag:
        return name if item.new == "true" else f"without {name}"
    if item.old is None:
        return f"{name} {item.new}"
    if item.new is None:
        return f"without {name} {item.old}"
    return f"{name} {item.new} instead of {item.old}"


def change_flag(item: Change) -> str:
    """A flag's what-if change as the option: `--include-out-of-stock`, `without ...`."""
    return flag(item.option) if item.new == "true" else f"without {flag(item.option)}"


# How a relaxed constraint reads where the table's `shown` would be less exact.
_RELAXED = {
    "budget": "budget <= {}",
    "length": "length {}",
    "include_out_of_stock": "in stock: {}",
}


def constraint(item: Constraint) -> str:
    """A relaxable constraint, the same in every style: `budget <= 15.00`, `no merino`."""
    field = BY_NAME[item.field]
    return _RELAXED.get(field.name, field.shown).format(value_words(field, item.value))


def notice(item: Notice, style: Style) -> str:
    """A warning or note; at a terminal, the measuring hint also names the options."""
    if style is Style.terminal and item.code == "measure-for-size":
        return (
            f"{item.message} Give them as {flag('calf_cm')} and {flag('ankle_cm')}, "
            f"or {flag('shoe_eu')}."
        )
    return item.message


def notices(items: Iterable[Notice], style: Style) -> list[str]:
    return [notice(item, style) for item in items]


def options(profile: RunnerProfile) -> str:
    """The command-line options that give this profile: `--use run --climate hot`.

    Every field that is set, in the table's order (use and climate always are).
    """
    parts: list[str] = []
    for field in FIELDS:
        value = getattr(profile, field.name)
        if value is None or value is False or value == ():
            continue
        if field.kind is Kind.flag:
            parts.append(flag(field.name))
            continue
        for one in value if isinstance(value, tuple) else (value,):
            parts.append(f"{flag(field.name)} {value_words(field, one)}")
    return " ".join(parts)


def finding(item: Finding) -> str:
    """A lint finding as one line, in the shape of the errors, for a terminal:

    FILE:LINE:COL: WHERE: warning[CODE]: what, and how to fix it
    """
    where = f" {item.where}:" if item.where else ""
    line = f"{item.file}:{item.line}:{item.col}:{where} {item.severity}[{item.code}]: "
    line += item.message
    if item.profile is not None:
        line += f" (its best rank is for `recommend {options(item.profile)}`)"
    return line


def diagnosis_lines(diagnosis: Diagnosis, style: Style) -> list[str]:
    """The ways out when nothing matched; at a terminal, how to see why one sock went."""
    if not diagnosis.relaxations:
        lines = ["No relaxation of your own constraints lets a sock through."]
    else:
        lines = ["Ways out (each the least you would have to relax):"]
    for relaxation in diagnosis.relaxations:
        what = " and ".join(constraint(c) for c in relaxation.relax)
        best = relaxation.best
        lines.append(
            f"  relax {what}: {plural(relaxation.unlocks)}; best {best.sku} "
            f"({best.name}), score {best.score:.1f}, price {best.price:.2f}"
        )
    if diagnosis.blocked_by_safety:
        lines.append(
            f"{plural(diagnosis.blocked_by_safety)} removed for your safety; that is never relaxed."
        )
    if style is Style.terminal:
        lines.append("`sockadvisor explain SKU` shows why one product was removed.")
    return lines


def what_if_lines(what_if: WhatIf, style: Style) -> list[str]:
    """The cheapest changes that change the top pick, one line each."""
    if what_if.current is None:
        effect, found = "gives you a pick", "the smallest changes that would give you a pick:"
    else:
        current = what_if.current.sku
        effect = f"changes the top pick, {current}"
        found = f"the smallest changes that replace the top pick, {current}:"
    if not what_if.changes:
        return [f"What if: no single change to your profile {effect}."]
    lines = [f"What if: {found}"]
    for item in what_if.changes:
        top = item.top
        lines.append(f"  {change(item, style)}: {top.sku}, {top.name} (score {top.score:.1f})")
    return lines
