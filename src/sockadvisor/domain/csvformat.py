"""The CSV format's words, shared by the reader (sources) and the writers (render): the
columns, yes/no, what a size label may hold, how long a number may be, and the escape
that keeps a spreadsheet from running a cell as a formula. The format itself is
documented in docs/csv-format.md.
"""

from __future__ import annotations

import re

# Every column of the catalog's CSV, in the order export writes them.
COLUMNS = (
    "sku",
    "brand",
    "name",
    "price",
    "mmhg",
    "graduated",
    "length",
    "materials",
    "cushion",
    "reinforcement",
    "seamless_toe",
    "toe_socks",
    "mesh_ventilation",
    "sizes",
    "calf_cm",
    "ankle_cm",
    "shoe_us",
    "shoe_uk",
    "notes",
    "url",
    "image",
    "gtin",
    "currency",
    "size_skus",
    "stock",
)
REQUIRED = (
    "sku",
    "brand",
    "name",
    "price",
    "mmhg",
    "graduated",
    "length",
    "materials",
    "sizes",
    "calf_cm",
)
OPTIONAL = tuple(c for c in COLUMNS if c not in REQUIRED)

YES, NO = "yes", "no"  # what export writes
IN_STOCK, OUT_OF_STOCK = "in", "out"  # a stock cell without a count
TRUE_WORDS = (YES, "true", "1")  # what import reads
FALSE_WORDS = (NO, "false", "0")

# The longest number a cell may hold (digits and the decimal point), so that a
# 5000-digit cell is refused as such; export never writes a longer one.
MAX_NUMBER = 40

# A label that holds a whole size and a comma: sizes separated by ',' instead of ';'.
RANGE_THEN_COMMA = re.compile(r":\s*\d+(?:[.,]\d+)?\s*(?:[-\u2013]\s*\d+(?:[.,]\d+)?\s*)?,")


def csv_label(label: str) -> bool:
    """Whether a size label can be written in the CSV sizes columns and read back."""
    return ";" not in label and label == label.strip() and not RANGE_THEN_COMMA.search(label)


def show(text: str) -> str:
    """A cell's text for a message: short, and escaped when it cannot be printed."""
    text = text if len(text) <= 40 else text[:39] + "\u2026"
    return text if text.isprintable() else text.encode("unicode_escape").decode("ascii")


# Formula injection (OWASP, "CSV Injection"): a spreadsheet runs a cell that starts with
# one of these as a formula. Such a cell is written with a `'` in front, which the
# spreadsheet reads as "this is text". A cell that already starts with quotes before one
# of them gets one more, so that the reader can always take exactly one away. A plain
# number (-3.50) is left alone: it is read as a number, never run.
_FORMULA = re.compile("'*[=+\\-@\t\r]")
_ESCAPED = re.compile("'+[=+\\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_FIRST = frozenset("'=+-@\t\r")  # a quick test first: most cells start with none of these


def escape_cell(text: str) -> str:
    """A cell as every CSV writer writes it: `'` before a cell a spreadsheet would run."""
    if text[:1] in _FIRST and _FORMULA.match(text) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def unescape_cell(text: str) -> str:
    """A cell as the reader takes it: the inverse of `escape_cell`."""
    return text[1:] if text[:1] == "'" and _ESCAPED.match(text) else text
