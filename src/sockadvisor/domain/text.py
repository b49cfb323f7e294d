"""What text may hold: the check every text field of a catalog or rules file passes.

Plain, no pydantic: the models (domain/models.py) validate with it, and the rules' JSON
form is checked with it again when it comes back from the cache (engine/compile.py).
"""

from __future__ import annotations

import unicodedata

# Characters that must never reach a terminal from catalog text: controls (escape
# sequences), format characters (bidi overrides U+202E, zero-width U+200B), line and
# paragraph separators (U+2028, U+2029: a table row would break in two, and a product
# could forge a row), private-use and surrogate code points, and the letters that show
# as nothing (Hangul fillers such as U+3164, Khmer's U+17B4/5, the blank Braille U+2800).
# A line break is the caller's to refuse (_one_line); notes may have several lines.
_REFUSED = frozenset(("Co", "Cs", "Zl", "Zp"))  # and Cc, Cf
_KINDS = {"Co": "private use", "Cs": "surrogate", "Zl": "line separator"}
_KINDS["Zp"] = "paragraph separator"
_BLANK_LETTERS = frozenset("\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0")


def printable(value: str) -> str:
    """`value`, or ValueError naming the first character a terminal must never get."""
    if value.isprintable() and _BLANK_LETTERS.isdisjoint(value):
        return value  # the common case, in C: no control, format, separator or private use
    for ch in value:
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf") and ch != "\n":
            what = f"the control or format character U+{ord(ch):04X}"
        elif category in _REFUSED or ch in _BLANK_LETTERS:
            what = f"the invisible character U+{ord(ch):04X} ({_KINDS.get(category, 'blank')})"
        else:
            continue
        raise ValueError(f"contains {what}; remove it (text is shown exactly as written)")
    return value
