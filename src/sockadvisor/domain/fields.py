"""The runner-profile fields, declared once (docs/architecture.md#adding-a-profile-field).

Every field of a runner's profile is one `ProfileField` in `FIELDS`: its name, kind,
limits, default, help text and how it shows in text. The profile model, the profile
file's model and schema, the rules' `when`, the command-line options, the profile
template, lint's profile space and what-if's candidate changes are all derived from
this table. Plain data with no heavy imports, so `--help` can read it cheaply.

Longer than 500 lines: the table, the words runners use for its choices (synonyms, "did
you mean") and the one parser per kind stay together, so a field is still one entry.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sockadvisor.domain.units import parse_distance, shoe_to_eu
from sockadvisor.domain.vocab import (
    BlisterSpot,
    Climate,
    Condition,
    Cushion,
    Distance,
    Fibre,
    Length,
    Terrain,
    Use,
)


class Kind(StrEnum):
    """How a field is typed, given and tested."""

    choice = "choice"  # one value of `enum` (or none when `default` is None)
    choices = "choices"  # any number of values of `enum`: a repeatable option, a list in files
    # (one value alone is also read as a list); in `when`, any of the runner's values counts
    flag = "flag"  # true or false: a bare option, true/false in files
    number = "number"  # a decimal number from `low` to `high`
    distance = "distance"  # a distance class, or a distance such as 50k
    shoe = "shoe"  # a shoe size, given in EU, US or UK sizes, kept in EU


@dataclass(frozen=True, slots=True)
class ProfileField:
    """One field of the runner's profile.

    name: the profile's attribute and its JSON key.
    option: the profile file's key and the option's name (`--exclude-material`); for a
        shoe field, the stem of one key per size system (shoe_eu, shoe_us, shoe_uk).
    when: the rules' `when` may test it (choice, choices and flag fields); lint's never-top
        search tries every value of every `when` field (a choices field: each value alone).
    alone: a preference that lint's never-top search tries one field at a time: each
        value with every combination of the `when` fields that have no default (distance,
        terrain), the rest at their defaults, so the search stays small.
    space: what-if tries changing it (a choice: every other value; a flag: the flip; the
        budget: product prices; a list: one value more or fewer).
    ordered: its choices are steps (a what-if change of two steps costs 2).
    shown: how a set value shows in a sentence: "{}" is the value ("calf {} cm"); for a
        flag, the words when it is true.
    relax: the Reason.constraint a value of this field can remove products for (budget,
        exclude_material, length, size), so that a diagnosis may relax it; "" for none.
    """

    name: str
    kind: Kind
    help: str
    option: str = ""
    short: str = ""
    enum: type[StrEnum] | None = None
    default: Any = None
    low: float = 0.0
    high: float = 0.0
    example: str = ""
    metavar: str = ""
    when: bool = False
    alone: bool = False
    space: bool = False
    ordered: bool = False
    shown: str = "{}"
    noun: str = ""  # in messages: "'300' is not a plausible calf circumference in cm"
    relax: str = ""
    template: str = ""  # the profile template's comment line above the field
    unit: str = ""  # "cm": the number may be given in inches too ("15in"); see parse_number
    aliases: tuple[str, ...] = ()  # more option names, as words ("calf" beside calf-cm)
    why: str = ""  # `sockadvisor ask`: why the question is asked, in a few words

    @property
    def key(self) -> str:
        """The profile file's key and the option's stem."""
        return self.option or self.name

    @property
    def flag(self) -> str:
        return "--" + self.key.replace("_", "-")

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(m.value for m in self.enum) if self.enum else ()

    @property
    def synonyms(self) -> dict[str, str]:
        """The other words a person may use for the choices: word -> choice."""
        return SYNONYMS.get(self.enum, {}) if self.enum else {}

    @property
    def words(self) -> tuple[str, ...]:
        """Every word the field accepts, the choices first (for completion and schemas)."""
        return (*self.choices, *self.synonyms)

    @property
    def synonym_help(self) -> str:
        """'also: trail (groomed), rocky (technical)' -- or "" for a field without synonyms."""
        by_choice: dict[str, list[str]] = {}
        for word, value in self.synonyms.items():
            by_choice.setdefault(value, []).append(word)
        pairs = "; ".join(f"{', '.join(words)} = {value}" for value, words in by_choice.items())
        return f"Also: {pairs}." if pairs else ""


# The words runners use for the choices, by enumeration: a synonym -> the choice it means.
# Shown in --help (ProfileField.synonym_help), docs/user-guide.md, completion and the
# profile schema. Case, hyphens, underscores and spaces never matter (_key).
SYNONYMS: dict[type[StrEnum], dict[str, str]] = {
    Distance: {
        "half-marathon": "half",
        "full": "marathon",
        "ultramarathon": "ultra",
    },
    Terrain: {
        "pavement": "road",
        "track": "road",
        "trail": "groomed",  # a trail, without rocks: say technical for rocky ground
        "gravel": "groomed",
        "road-and-trail": "mixed",
        "rocky": "technical",
        "mountain": "technical",
    },
    Use: {"running": "run", "racing": "run", "recover": "recovery", "flight": "travel"},
    Climate: {"warm": "hot", "humid": "hot", "temperate": "mild", "cool": "cold", "rain": "wet"},
    # the words runners use for a cushion (issue 13): thin and thick, and the makers' names
    Cushion: {"thin": "light", "thick": "max", "full": "max", "cushioned": "medium"},
    Length: {
        "invisible": "no_show",
        "mini-crew": "micro_crew",
        "mid-calf": "crew",
        "knee": "knee_high",
        "otc": "knee_high",
        "over-the-calf": "knee_high",
    },
    Fibre: {
        "wool": "merino",
        "spandex": "elastane",
        "lycra": "elastane",
        "polyamide": "nylon",
        "olefin": "polypropylene",
    },
    Condition: {
        "peripheral-arterial-disease": "pad",
        "diabetic": "diabetes",
        "broken-skin": "skin",
        "thrombosis": "dvt",
    },
}

NOUNS: dict[type[StrEnum], str] = {
    Distance: "distance",
    Terrain: "terrain",
    Use: "use",
    Climate: "climate",
    Cushion: "cushion",
    BlisterSpot: "blister spot",
    Length: "sock length",
    Fibre: "fibre",
    Condition: "condition",
}


def _key(text: str) -> str:
    """A word as compared: lower case; runs of spaces, hyphens and underscores as one '_'."""
    return re.sub(r"[\s_-]+", "_", text.strip().lower())


def choice_words(enum: type[StrEnum]) -> dict[str, StrEnum]:
    """Every accepted word of an enumeration (by _key) -> its member."""
    words: dict[str, StrEnum] = {_key(m.value): m for m in enum}
    words.update({_key(w): enum(v) for w, v in SYNONYMS.get(enum, {}).items()})
    return words


def parse_choice(enum: type[StrEnum], text: str) -> Any:
    """A choice in any case, with hyphens or underscores, or a synonym -> the member;
    ValueError with "did you mean" and the choices otherwise."""
    words = choice_words(enum)
    found = words.get(_key(text)) if len(text) <= 60 else None
    if found is not None:
        return found
    noun = NOUNS.get(enum, "choice")
    valid = ", ".join(m.value for m in enum)
    close = difflib.get_close_matches(_key(text[:60]), list(words), n=1, cutoff=0.6)
    mean = f"did you mean '{close[0].replace('_', '-')}'? " if close else ""
    raise ValueError(f"'{text[:40]}' is not a {noun}; {mean}use one of {valid}")


SHOE_SYSTEMS = ("eu", "us", "uk")

FIELDS: tuple[ProfileField, ...] = (
    ProfileField(
        "distance",
        Kind.distance,
        "Race or run distance: short, half, marathon, ultra, or a distance such as 50k, "
        "21.1km, 26.2mi (short <15 km <= half <30 km <= marathon <=42.2 km < ultra).",
        why="the right compression and cushion depend on how far you run",
        short="-d",
        enum=Distance,
        metavar="CLASS|DIST",
        when=True,
        space=True,
        ordered=True,
        template="short, half, marathon, ultra, or a distance such as 50k, 21.1km, 26.2mi",
        example="ultra",
    ),
    ProfileField(
        "terrain",
        Kind.choice,
        "Terrain.",
        why="rough ground favours higher, reinforced socks",
        short="-t",
        enum=Terrain,
        when=True,
        space=True,
        ordered=True,
        example="technical",
    ),
    ProfileField(
        "use",
        Kind.choice,
        "When you will wear them.",
        why="socks for recovery and travel are chosen differently from running socks",
        short="-u",
        enum=Use,
        default=Use.run,
        when=True,
        space=True,
        example="run",
    ),
    ProfileField(
        "climate",
        Kind.choices,
        "Weather; repeat for more (cold and wet at once). Default: mild.",
        why="the weather changes which fibres and thickness suit",
        short="-c",
        enum=Climate,
        default=(Climate.mild,),
        when=True,
        space=True,
        example="mild",
    ),
    ProfileField(
        "cushion",
        Kind.choice,
        "The cushion you like, thinnest first (the makers' scale).",
        enum=Cushion,
        when=True,
        alone=True,
        space=True,
        ordered=True,
        example="light",
        shown="{} cushion",
        template="the cushion you like",
        why="a stated cushion outweighs what the distance calls for",
    ),
    ProfileField(
        "new_to_compression",
        Kind.flag,
        "You have not worn compression socks before.",
        why="firm compression can feel restrictive at first",
        default=False,
        when=True,
        space=True,
        shown="new to compression",
    ),
    ProfileField(
        "wears_firm_compression",
        Kind.flag,
        "You already wear firm (20 mmHg or more) compression, chosen with a clinician or "
        "used before.",
        why="firmer than 15-20 mmHg is suggested only to people who already wear it",
        default=False,
        when=True,
        space=True,
        shown="already wears firm compression",
    ),
    ProfileField(
        "blister_prone",
        Kind.flag,
        "You blister easily.",
        why="seamless toes and wicking fibres help",
        default=False,
        when=True,
        space=True,
        shown="blister-prone",
    ),
    ProfileField(
        "blisters",
        Kind.choices,
        "Where you blister (repeat for more): toes (between or on the toes), heel, ball "
        "(of the foot).",
        enum=BlisterSpot,
        default=(),
        when=True,
        alone=True,
        space=True,
        example="toes",
        shown="blisters at {}",
        template="where you blister",
        why="toe socks help between the toes; the heel needs fit and reinforcement",
    ),
    ProfileField(
        "budget",
        Kind.number,
        "Highest price you will pay ($45, 45€ and 45 alike); dearer socks are removed.",
        why="dearer socks are left out",
        low=0.01,
        high=100_000,
        metavar="AMOUNT",
        example="45",
        noun="amount",
        space=True,
        shown="budget {}",
        relax="budget",
        template="the highest price you will pay",
    ),
    ProfileField(
        "exclude_materials",
        Kind.choices,
        "Remove socks containing this fibre (repeat for more): nylon, polyester, "
        "polypropylene, elastane, merino, acrylic, bamboo, cotton, silver.",
        why="for allergies or taste; socks with them are left out",
        option="exclude_material",
        short="-x",
        enum=Fibre,
        metavar="FIBRE",
        default=(),
        space=True,
        example="merino",
        shown="no {}",
        relax="exclude_material",
        template="fibres you do not want",
    ),
    ProfileField(
        "length",
        Kind.choice,
        "Only socks of this length.",
        why="only socks of this length are shown",
        short="-l",
        enum=Length,
        space=True,
        example="knee_high",
        shown="{} only",
        relax="length",
        template="only socks of this length",
    ),
    ProfileField(
        "calf_cm",
        Kind.number,
        "Calf circumference at its widest, in cm or inches (38, 15in; sizes compression socks).",
        why="compression socks are sized by the calf",
        low=20,
        high=70,
        metavar="CM",
        example="38",
        unit="cm",
        aliases=("calf",),
        noun="calf circumference in cm",
        shown="calf {} cm",
        relax="size",
        template="calf at its widest, in cm, in the morning, standing (the larger leg)",
    ),
    ProfileField(
        "ankle_cm",
        Kind.number,
        "Ankle circumference at its narrowest, in cm or inches (22, 8.5in).",
        why="compression socks are sized by the ankle too",
        low=14,
        high=40,
        metavar="CM",
        example="22",
        unit="cm",
        aliases=("ankle",),
        noun="ankle circumference in cm",
        shown="ankle {} cm",
        relax="size",
        template="ankle at its narrowest, in cm",
    ),
    ProfileField(
        "shoe_eu",
        Kind.shoe,
        "Shoe size (sizes plain socks).",
        why="plain socks are sized by shoe size",
        option="shoe",
        low=30,
        high=52,
        metavar="SIZE",
        example="42",
        noun="EU shoe size",
        shown="shoe EU {}",
        relax="size",
        template='one shoe size: shoe_eu: 42, or shoe_us: "9" (women\'s "8W"), or shoe_uk: "8"',
    ),
    ProfileField(
        "conditions",
        Kind.choices,
        "A medical condition (repeat for more): pad (peripheral arterial disease), "
        "heart-failure, neuropathy, diabetes, skin (infection or broken skin), dvt (recent "
        "deep-vein thrombosis). Compression is removed or capped and you are told to see a "
        "clinician.",
        why="some conditions make compression unsafe: see a clinician first",
        option="condition",
        enum=Condition,
        metavar="CONDITION",
        default=(),
        example="diabetes",
        template="medical conditions (see a clinician before wearing compression): "
        "pad, heart-failure, neuropathy, diabetes, skin, dvt",
    ),
    ProfileField(
        "include_out_of_stock",
        Kind.flag,
        "Keep socks whose size for you is out of stock (when the catalog records stock).",
        why="otherwise only socks you can buy in your size now are shown",
        default=False,
        shown="out-of-stock sizes included",
        relax="stock",
        template="keep socks whose size for you is out of stock (you will wait for it)",
    ),
)

BY_NAME: dict[str, ProfileField] = {f.name: f for f in FIELDS}


# ---------------------------------------------------------------------------
# Reading a person's words: the one parser per kind, shared by options and files.


CM_PER_INCH = 2.54
# Patterns (case-insensitive) that re compiles on first use: a run without an amount, a
# length or a shoe answer does not pay for them (docs/performance.md, Start-up).
_CURRENCY = (
    r"^\s*(?:[$€£¥]|usd|eur|gbp|chf|cad|aud)?\s*(?P<n>[^\s$€£¥]+?)\s*"
    r"(?:[$€£¥]|usd|eur|gbp|chf|cad|aud)?\s*$"
)
_LENGTH = r"^\s*(?P<n>[^\s\"a-z]+)\s*(?P<u>cm|in|inch|inches|\"|'')?\s*$"


def _float(text: str) -> float:
    try:
        return float(text) if len(text) <= 40 else math.nan
    except ValueError:
        return math.nan


def parse_number(field: ProfileField, text: str) -> float:
    """A decimal number within the field's limits; ValueError with a fix otherwise.

    An amount may carry a currency sign or code ($45, 45€, £40, 45 EUR, 45,50); a
    length in cm (`unit="cm"`) may be given in inches (15in, 15", 15 inches), and a cm
    value that is only plausible in inches gets that hint.
    """
    if field.noun == "amount":
        money = re.match(_CURRENCY, text, re.IGNORECASE) if len(text) <= 40 else None
        value = _float(money.group("n").replace(",", ".")) if money else math.nan
        if not (math.isfinite(value) and field.low <= value <= field.high):
            raise ValueError(
                f"'{text[:40]}' is not an amount; give a price such as 20, 45.50 or $45"
            )
        return value
    unit = ""
    if field.unit == "cm":
        measured = re.match(_LENGTH, text, re.IGNORECASE) if len(text) <= 40 else None
        value = _float(measured.group("n")) if measured else math.nan
        unit = (measured.group("u") or "").lower() if measured else ""
        if unit and unit != "cm":
            value *= CM_PER_INCH
    else:
        value = _float(text)
    if not (math.isfinite(value) and field.low <= value <= field.high):
        hint = ""
        if field.unit == "cm" and not unit and math.isfinite(value):
            inches = value * CM_PER_INCH
            if field.low <= inches <= field.high:
                hint = f"; if you meant inches, give {value:g}in ({inches:.1f} cm)"
        low, high = f"{field.low:g}", f"{field.high:g}"
        inch = (
            f" cm or {field.low / CM_PER_INCH:.0f}in to {field.high / CM_PER_INCH:.0f}in"
            if (field.unit == "cm")
            else ""
        )
        raise ValueError(
            f"'{text[:20]}' is not a plausible {field.noun}{hint}; give a number from {low} "
            f"to {high}{inch}, such as {field.example}"
        )
    return round(value, 1) if unit and unit != "cm" else value


def parse_shoe(field: ProfileField, system: str, text: str) -> float:
    """A shoe size in one system ("eu", "us" or "uk") -> EU; ValueError with a fix."""
    if system == "eu":
        return parse_number(field, text)
    eu = shoe_to_eu(text, system)
    if not field.low <= eu <= field.high:
        raise ValueError(f"'{text[:20]}' is outside the shoe sizes we can fit")
    return eu


def parse_distance_word(text: str) -> Distance:
    """A distance class (or a synonym: half-marathon) or a distance such as 50k; ValueError
    with "did you mean" for a near miss."""
    word = choice_words(Distance).get(_key(text)) if len(text) <= 60 else None
    if word is not None:
        return Distance(word)
    try:
        return parse_distance(text)
    except ValueError as exc:
        close = difflib.get_close_matches(_key(text[:60]), list(choice_words(Distance)), n=1)
        if not close:
            raise
        mean = f"did you mean '{close[0].replace('_', '-')}'? "
        raise ValueError(str(exc).replace("; use", f"; {mean}use", 1)) from None


_YES = {"y", "yes", "true", "1", "on"}
_NO = {"n", "no", "false", "0", "off", ""}
_SHOE_ANSWER = r"^\s*(?:(eu|us|uk)\s*)?([^\s]+?)\s*(eu|us|uk)?\s*$"  # compiled on first use


def parse_answer(field: ProfileField, text: str) -> Any:
    """A person's typed answer for a field -> its value (None: not said); ValueError with
    a fix otherwise. Used by `sockadvisor ask`; the same parsers as the options."""
    text = text.strip()
    if field.kind is Kind.flag:
        if text.lower() not in _YES | _NO:
            raise ValueError(f"'{text[:20]}' is not yes or no; answer y or n")
        return text.lower() in _YES
    if not text or text.lower() in ("none", "-"):
        return () if field.kind is Kind.choices else None
    if field.kind is Kind.choices:
        assert field.enum is not None
        enum = field.enum
        words = [w for w in re.split(r"[,;]|\s+and\s+", text) if w.strip()]
        return tuple(dict.fromkeys(parse_choice(enum, w.strip()) for w in words))
    if field.kind is Kind.choice:
        assert field.enum is not None
        return parse_choice(field.enum, text)
    if field.kind is Kind.distance:
        return parse_distance_word(text)
    if field.kind is Kind.shoe:
        match = re.match(_SHOE_ANSWER, text, re.IGNORECASE)
        systems = (
            {(match.group(1) or "").lower(), (match.group(3) or "").lower()} if match else set()
        )
        systems.discard("")
        if not match or len(systems) > 1:
            raise ValueError(f"'{text[:20]}' is not a shoe size; give 42 (EU), US 9, US 8W or UK 8")
        return parse_shoe(field, systems.pop() if systems else "eu", match.group(2))
    return parse_number(field, text)
