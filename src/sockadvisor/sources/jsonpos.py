"""Positions in a JSON text, found in the text itself: no YAML node tree.

A JSON document's positions (for validation errors and lint findings) are those the YAML
composer gives the same text (JSON is YAML): the first character of the value a path
names, or of its nearest ancestor in the file. Composing a 10,000-product catalog for them
takes seconds; this finds the same positions by skipping values with the C JSON decoder,
indexing only the containers a path goes through (each once), and counting lines with a
table of line starts. Where YAML might read the text differently (a tab or a carriage
return, a surrogate escape, a key too long for a YAML simple key), it answers None and the
caller composes.
Positions are read only when a problem is reported (docs/performance.md#big-catalogs).
"""

from __future__ import annotations

import bisect
import json
import re

Path = tuple[str | int, ...]

_SPACE = re.compile(r"[ \n]*")
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")  # YAML cannot read these escapes: no tree
_LONGEST_KEY = 1000  # YAML reads a longer key (over 1024 characters) as a complex one
_DECODE = json.JSONDecoder().raw_decode


class _Unsure(Exception):
    """Something YAML might read differently: compose instead."""


class JsonPositions:
    """`positions(path)`: the 1-based (line, col) of `path` in a parsed JSON text, or None."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.usable = "\t" not in text and "\r" not in text and not _SURROGATE.search(text)
        self.children: dict[int, dict[str, int] | list[int] | None] = {}
        self.newlines: list[int] | None = None

    def __call__(self, path: Path) -> tuple[int, int] | None:
        if not self.usable:
            return None
        try:
            at = self._skip(0)
            for part in path:
                kids = self._children(at)
                child = None
                if isinstance(kids, dict) and isinstance(part, str):
                    child = kids.get(part)
                elif isinstance(kids, list) and isinstance(part, int):
                    child = kids[part] if 0 <= part < len(kids) else None
                if child is None:
                    break
                at = child
        except (_Unsure, ValueError, IndexError):
            self.usable = False
            return None
        return self._line_col(at)

    def _skip(self, index: int) -> int:
        match = _SPACE.match(self.text, index)
        return match.end() if match else index

    def _children(self, at: int) -> dict[str, int] | list[int] | None:
        """Where each member (or item) of the container at offset `at` starts; None for a
        scalar. Built once per container."""
        if at not in self.children:
            opening = self.text[at]
            if opening == "{":
                self.children[at] = self._members(at)
            elif opening == "[":
                self.children[at] = self._items(at)
            else:
                self.children[at] = None
        return self.children[at]

    def _members(self, at: int) -> dict[str, int]:
        text, found = self.text, dict[str, int]()
        i = self._skip(at + 1)
        if text[i] == "}":
            return found
        while True:
            key, end = _DECODE(text, i)
            if end - i > _LONGEST_KEY or not isinstance(key, str):
                raise _Unsure
            i = self._skip(end)
            if text[i] != ":":
                raise _Unsure
            start = self._skip(i + 1)
            _, end = _DECODE(text, start)
            found.setdefault(key, start)  # YAML's walk takes the first of equal keys
            i = self._skip(end)
            if text[i] == "}":
                return found
            if text[i] != ",":
                raise _Unsure
            i = self._skip(i + 1)

    def _items(self, at: int) -> list[int]:
        text, found = self.text, list[int]()
        i = self._skip(at + 1)
        if text[i] == "]":
            return found
        while True:
            _, end = _DECODE(text, i)
            found.append(i)
            i = self._skip(end)
            if text[i] == "]":
                return found
            if text[i] != ",":
                raise _Unsure
            i = self._skip(i + 1)

    def _line_col(self, index: int) -> tuple[int, int]:
        if self.newlines is None:
            self.newlines = [m.start() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_left(self.newlines, index)
        start = self.newlines[line - 1] + 1 if line else 0
        return (line + 1, index - start + 1)
