"""What a number looks like in sockadvisor's files: plain decimal (docs/catalog-format.md).

A number means what a person reads, and the same in every reader. YAML 1.1, which PyYAML
follows, reads `040` as 32 (octal), `0x1F` as 31, `0b101` as 5, `1:30` as 90 (base 60)
and `1_000` as 1000, while YAML 1.2 and people read some of them otherwise; and it reads
`2e1` as text. So a number is written in decimal: digits, an optional sign and decimal
point (`46.95`, `-3`, `12.`, `.5`), and in YAML an exponent only with a point and a sign
(`1.5e+3`, which every YAML reader takes for 1500). `problem` says why any other form is
not read, for the YAML reader, the messages of validation and the JSON reader.
"""

from __future__ import annotations

import math
import re

# Plain decimal, no leading zero: 0, 12, -3, 46.95, 12., .5, +7 (not -.5: text to YAML 1.1).
DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+")
# A float with an exponent that YAML 1.1 and 1.2 both read as the same number: 1.5e+3.
SIGNED_EXPONENT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]*[eE][-+][0-9]+")
_EXPONENT = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]+")
_PREFIXED = re.compile(r"[-+]?0([xXoObB])[0-9a-fA-F_]*")
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")
_UNDERSCORED = re.compile(r"[-+]?[0-9_.]*_[0-9_.]*(?:[eE][-+]?[0-9]+)?")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9][0-9]*(?:\.[0-9]*)?")
_SIGN_POINT = re.compile(r"[-+]\.[0-9]+")
_COMMA = re.compile(r"[-+]?[0-9]+(?:,[0-9]+)+(?:\.[0-9]*)?")
MAX_DIGITS = 4300  # Python reads no longer integer (sys.get_int_max_str_digits)
_PREFIXES = {"x": "hexadecimal numbers (0x1F)", "o": "octal numbers (0o17)"}
_PREFIXES["b"] = "binary numbers (0b101)"


def problem(text: str, quote_hint: bool = True) -> str | None:  # noqa: C901 - one case per form
    """Why `text`, written where a number goes, is not read as one; None if it is not
    number-like at all, or is a number as written. `quote_hint` adds "or put it in quotes
    if it is text" (for YAML, where unquoted text can be mistaken for a number)."""
    text = text.strip()
    quote = ", or put it in quotes if it is text" if quote_hint else ""
    if DECIMAL.fullmatch(text) or SIGNED_EXPONENT.fullmatch(text):
        if _digits(text) > MAX_DIGITS:
            return (
                f"a number with {_digits(text):,} digits is too long to read; "
                "a price or a measurement has a few digits"
            )
        if math.isinf(float(text)):
            return "this number is too large to read (the largest is about 1.8e308); check it"
        return None
    prefixed = _PREFIXED.fullmatch(text)
    if prefixed:
        what = _PREFIXES[prefixed.group(1).lower()]
        return f"{what} are not read; write the number in decimal{quote}"
    if _SEXAGESIMAL.fullmatch(text):
        return (
            "base-60 numbers (1:30, which YAML 1.1 reads as 90) are not read; write the "
            f"number in decimal{quote}"
        )
    if "_" in text and _UNDERSCORED.fullmatch(text) and any(c.isdigit() for c in text):
        return f"digit separators (1_000) are not read in numbers; write the digits alone{quote}"
    if _LEADING_ZERO.fullmatch(text):
        return (
            "a number may not start with 0 (YAML 1.1 reads 040 as octal: 32); write it "
            f"without the leading zeros{quote}"
        )
    if _EXPONENT.fullmatch(text):
        if math.isinf(float(text)):
            return "this number is too large to read (the largest is about 1.8e308); check it"
        return (
            "exponent notation like 2e1 is text to YAML 1.1, not a number; write the number "
            "in plain decimal (20), or with a decimal point and a signed exponent (2.0e+1)"
        )
    if _COMMA.fullmatch(text):
        return "commas are not read in numbers; write a decimal point (46.95), no thousands commas"
    if _SIGN_POINT.fullmatch(text):
        return "YAML 1.1 reads a sign before a point (-.5) as text; write a 0 before the point"
    return None


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text.split("e")[0].split("E")[0])
