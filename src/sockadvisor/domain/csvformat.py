"""The CSV format's words, shared by the reader (sources) and the writer (render): the
columns, yes/no, and what a size label may hold. The format itself is documented in
docs/csv-format.md.
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
    "notes",
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
TRUE_WORDS = (YES, "true", "1")  # what import reads
FALSE_WORDS = (NO, "false", "0")

# A label that holds a whole size and a comma: sizes separated by ',' instead of ';'.
RANGE_THEN_COMMA = re.compile(r":\s*\d+(?:[.,]\d+)?\s*(?:[-\u2013]\s*\d+(?:[.,]\d+)?\s*)?,")


def csv_label(label: str) -> bool:
    """Whether a size label can be written in the CSV sizes columns and read back."""
    return ";" not in label and label == label.strip() and not RANGE_THEN_COMMA.search(label)


def show(text: str) -> str:
    """A cell's text for a message: short, and escaped when it cannot be printed."""
    text = text if len(text) <= 40 else text[:39] + "\u2026"
    return text if text.isprintable() else text.encode("unicode_escape").decode("ascii")
