"""Read a YAML file safely and remember where every value came from.

Only plain data comes out: mappings with string keys, lists, strings, numbers,
booleans and nulls. Refused, each with its line and column: invalid UTF-8, control
characters, several documents, python or other non-standard tags, aliases (and so
alias bombs), merge keys, duplicate keys, non-string keys, and nesting deeper than
`MAX_DEPTH`. Reading stops at a size cap, so `/dev/zero` cannot fill the memory.
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from sockadvisor.errors import DataError, InputError, Problem, UsageError
from sockadvisor.sources import numbers

if TYPE_CHECKING:
    import yaml


def _loader(text: str) -> yaml.SafeLoader:
    """libyaml's parser when PyYAML was built with it. PyYAML is imported only here and in
    `parse`, so that a run that finds everything in the cache never loads it."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader(text)


def _kind(node: Any) -> str:
    """'scalar', 'sequence' or 'mapping' (PyYAML's node id; its type stubs omit it)."""
    return str(node.id)


Path = tuple[str | int, ...]

MAX_DEPTH = 64
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
MAX_BYTES_ENV = "SOCKADVISOR_MAX_BYTES"

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_STR, _INT, _FLOAT = _STD + "str", _STD + "int", _STD + "float"
_SEQ, _MAP = _STD + "seq", _STD + "map"
# C0 controls but tab, LF and CR; DEL; C1 controls; the line and paragraph separators
# (YAML counts them as line breaks, editors and JSON do not: positions would disagree).
_LS, _PS = "\u2028", "\u2029"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass
class Document:
    """A loaded file: its text, its data, and the node tree that knows every position."""

    name: str
    text: str
    data: Any
    root: yaml.Node | None = None
    compose_on_demand: bool = False  # JSON: the node tree is built only for an error
    # JSON: finds the tree's positions in the text, or None (then the tree is built)
    locate: Callable[[Path], tuple[int, int] | None] | None = None

    def position(self, path: Path) -> tuple[int, int]:
        """The 1-based (line, col) of `path`, or of its nearest ancestor in the file.

        Walks the node tree: only error messages need positions, so none are stored.
        """
        if self.root is None and self.compose_on_demand:
            found = self.locate(path) if self.locate is not None else None
            if found is not None:
                return found
            self.compose_on_demand = False
            self.root = _compose(self.text)
        node = self.root
        if node is None:
            return (1, 1)
        for part in path:
            child = None
            if _kind(node) == "mapping" and isinstance(part, str):
                child = next((v for k, v in node.value if k.value == part), None)
            elif _kind(node) == "sequence" and isinstance(part, int):
                child = node.value[part] if 0 <= part < len(node.value) else None
            if child is None:
                break
            node = child
        return (node.start_mark.line + 1, node.start_mark.column + 1)


def max_bytes(given: int | None = None) -> int:
    """The input size cap: `given`, else SOCKADVISOR_MAX_BYTES, else 256 MiB."""
    if given is not None:
        return given
    raw = os.environ.get(MAX_BYTES_ENV)
    if raw is None:
        return DEFAULT_MAX_BYTES
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise UsageError(
            f"sockadvisor: {MAX_BYTES_ENV}={raw[:40]!r} is not a positive whole number of "
            "bytes; unset it or set it to, for example, 300000000"
        )
    return value


def read_bytes(path: str, what: str, cap: int | None = None) -> tuple[str, bytes]:
    """Read a file (or standard input for '-') up to the size cap; return (name, bytes)."""
    cap = max_bytes(cap)
    if path == "-":
        if sys.stdin is None or _closed(sys.stdin):
            raise InputError(
                f"sockadvisor: the {what} is '-' (standard input), but standard input is "
                "closed; pipe the file in, or give its path"
            )
        if sys.stdin.isatty():
            raise InputError(
                f"sockadvisor: the {what} is '-' (standard input), but standard input is a "
                "terminal; pipe the file in, or give its path"
            )
        return "<stdin>", _read_capped(sys.stdin.buffer, "<stdin>", cap)
    try:
        with open(path, "rb") as handle:
            return path, _read_capped(handle, path, cap)
    except FileNotFoundError:
        raise InputError(f"sockadvisor: {path}: no such file (the {what})") from None
    except IsADirectoryError:
        raise InputError(f"sockadvisor: {path}: is a folder, not a {what} file") from None
    except PermissionError:
        raise InputError(f"sockadvisor: {path}: permission denied (the {what})") from None
    except OSError as exc:
        raise InputError(f"sockadvisor: {path}: cannot read the {what}: {exc.strerror}") from None
    except ValueError:  # a NUL in the name: no file can have it
        raise InputError(
            f"sockadvisor: {path}: a file name cannot contain a NUL character (the {what})"
        ) from None


def _closed(stream: TextIO) -> bool:
    """Standard input closed by the caller (`<&-`); an in-memory stream is open."""
    if getattr(stream, "closed", False):
        return True
    try:
        fd = stream.fileno()
    except (io.UnsupportedOperation, AttributeError):
        return False
    except (OSError, ValueError):
        return True
    try:
        os.fstat(fd)
    except OSError:
        return True
    return False


CHUNK = 1 << 20  # read in pieces: a huge cap must never be allocated up front


def _read_capped(handle: BinaryIO, name: str, cap: int) -> bytes:
    chunks = []
    size = 0
    while size <= cap:
        chunk = handle.read(min(CHUNK, cap + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    data = b"".join(chunks)
    if len(data) > cap:
        raise DataError(
            [
                Problem(
                    name,
                    1,
                    1,
                    "",
                    f"larger than the {cap:,}-byte cap; refused without reading the rest "
                    f"(raise it with --max-bytes or {MAX_BYTES_ENV} if the file is real)",
                )
            ]
        )
    return data


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def decode(name: str, data: bytes) -> str:
    """Strict UTF-8 (a BOM is fine), with no control characters."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8-sig", errors="replace")
        line, col = _line_col(good, len(good))
        raise DataError(
            [
                Problem(
                    name,
                    line,
                    col,
                    "",
                    f"byte 0x{data[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
                )
            ]
        ) from None
    bad = _CONTROL.search(text)
    if bad:
        line, col = _line_col(text, bad.start())
        char = bad.group()
        what = (
            f"the {'line' if char == _LS else 'paragraph'} separator U+{ord(char):04X} is not "
            "allowed (it is invisible, and readers disagree on where a line ends); remove it"
            if char in (_LS, _PS)
            else f"control character U+{ord(char):04X} is not allowed; remove it"
        )
        raise DataError([Problem(name, line, col, "", what)])
    return text


def load(path: str, what: str, cap: int | None = None) -> Document:
    """Read, decode and parse one YAML (or, by its name, JSON) file or '-' into a Document."""
    name, data = read_bytes(path, what, cap)
    return parse_file(name, decode(name, data))


def _snippet(text: str, index: int, width: int = 60) -> str:
    """Line `index` (0-based) of the text, shortened and quoted, for an error message."""
    lines = text.splitlines()
    line = lines[index].strip() if 0 <= index < len(lines) else ""
    return repr(line if len(line) <= width else line[: width - 3] + "...")


def _compose(text: str) -> yaml.Node | None:
    """The node tree of a text, for positions only; None when it cannot be composed."""
    loader = _loader(text)
    try:
        return loader.get_single_node()
    except Exception:
        return None
    finally:
        loader.dispose()


# Describes a path for people: ("products", 3, "price") -> "products[3] (TR-01).price".
Describe = Callable[["Document", Path], str]


def parse_file(name: str, text: str, describe: Describe | None = None) -> Document:
    """JSON for a name ending in .json, else YAML. `describe` words the paths in messages."""
    if name.lower().endswith(".json"):
        from sockadvisor.sources.jsonsource import parse_json

        return parse_json(name, text)
    return parse(name, text, describe)


def parse(name: str, text: str, describe: Describe | None = None) -> Document:
    import yaml

    loader = _loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark and exc.context_mark and not _snippet(text, mark.line).strip("'\""):
            mark = exc.context_mark  # at the end of the file: point where the trouble began
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(part for part in (exc.context, exc.problem) if part)
        if "mapping values are not allowed" in what:
            what += "; check the indentation, and put text that contains ': ' in quotes"
        if "expected a single document" in what:
            what = "several YAML documents in one file; keep one (remove the '---' lines)"
        elif mark:
            what += f"; the line reads: {_snippet(text, mark.line)}"
        raise DataError([Problem(name, line, col, "", f"YAML syntax: {what}")]) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(name, 1, 1, "", f"YAML syntax: {exc}")]) from None
    except RecursionError:
        raise DataError(
            [Problem(name, 1, 1, "", "nesting too deep for the YAML parser; flatten the file")]
        ) from None
    finally:
        loader.dispose()
    doc = Document(name, text, None, node)
    if node is not None:
        builder = _Builder(doc)
        doc.data = builder.build(node, 0)
        builder.raise_problems(node, describe or (lambda _, path: dotted(path)))
    return doc


def _paths(root: yaml.Node) -> dict[int, Path]:
    """The path of every node of the tree, by id (for messages; walked only on an error)."""
    paths: dict[int, Path] = {}
    stack: list[tuple[yaml.Node, Path]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        paths[id(node)] = path
        if _kind(node) == "mapping":
            stack.extend((value, (*path, key.value)) for key, value in node.value)
        elif _kind(node) == "sequence":
            stack.extend((item, (*path, i)) for i, item in enumerate(node.value))
    return paths


def dotted(path: Path, out: str = "") -> str:
    """("products", 3, "price") -> "products[3].price", after an optional prefix."""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Builder:
    """Turn a composed node tree into plain data, refusing what is not plain data."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        from yaml.constructor import SafeConstructor

        self.seen: set[int] = set()
        self.constructor = SafeConstructor()
        self.problems: list[tuple[yaml.Node, str]] = []

    def fail(self, node: yaml.Node, what: str) -> DataError:
        mark = node.start_mark
        return DataError([Problem(self.doc.name, mark.line + 1, mark.column + 1, "", what)])

    def build(self, node: yaml.Node, depth: int) -> Any:
        key = id(node)
        if key in self.seen:
            raise self._alias()
        self.seen.add(key)
        tag = node.tag
        if tag == _STR:  # the common case first: this loop runs once per value
            return node.value
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nested deeper than {MAX_DEPTH} levels; flatten the data")
        if _kind(node) == "mapping":
            return self._mapping(node, depth)
        if _kind(node) == "sequence":
            if tag != _SEQ:
                raise self._bad_tag(node)
            return [self.build(item, depth + 1) for item in node.value]
        if tag not in _SCALAR_TAGS:
            raise self._bad_tag(node)
        value = node.value
        if tag == _INT or tag == _FLOAT:
            return self._number(node, tag, value)
        try:
            return self.constructor.construct_object(node)
        except ValueError:
            raise self.fail(
                node, "this value cannot be read (a malformed date); put it in quotes if it is text"
            ) from None

    def _number(self, node: yaml.Node, tag: str, text: str) -> Any:
        """A number as a person reads it: decimal only (sockadvisor.sources.numbers).

        YAML 1.1's octal, hex, binary, base-60 and 1_000 forms are recorded as problems
        (all of them are reported at once, after the whole file is read).
        """
        if tag == _INT and text.isdigit() and (text[0] != "0" or text == "0"):
            if len(text) <= numbers.MAX_DIGITS:
                return int(text)  # the common case first
        if tag == _FLOAT and text.lstrip("+-").lower() in (".inf", ".nan"):
            return self.constructor.construct_object(node)  # refused by validation
        plain = numbers.DECIMAL.fullmatch(text) or numbers.SIGNED_EXPONENT.fullmatch(text)
        why = numbers.problem(text)
        if plain and why is None:
            return float(text) if tag == _FLOAT else int(text)
        self.problems.append(
            (node, why or "this number is not written in plain decimal; write it in decimal")
        )
        return text

    def raise_problems(self, root: yaml.Node, describe: Describe) -> None:
        """Every number problem of the file at once, each with its path."""
        if not self.problems:
            return
        paths = _paths(root)
        raise DataError(
            [
                Problem(
                    self.doc.name,
                    node.start_mark.line + 1,
                    node.start_mark.column + 1,
                    describe(self.doc, paths.get(id(node), ())),
                    what,
                )
                for node, what in self.problems
            ]
        )

    def _alias(self) -> DataError:
        """Point at the first alias (*name) in the text; the node tree only knows the anchor."""
        import yaml

        loader = _loader(self.doc.text)
        try:
            while (event := loader.get_event()) is not None:  # type: ignore[no-untyped-call]
                if isinstance(event, yaml.AliasEvent):
                    mark = event.start_mark
                    break
            else:  # pragma: no cover - a shared node always comes from an alias
                mark = None
        finally:
            loader.dispose()
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = "aliases (*name) are not allowed; write the value out in full"
        return DataError([Problem(self.doc.name, line, col, "", what)])

    def _bad_tag(self, node: yaml.Node) -> DataError:
        tag = node.tag.replace(_STD, "!!")[:60]
        return self.fail(node, f"the tag {tag} is not allowed; plain values only, remove the tag")

    def _bad_key(self, key_node: yaml.Node) -> DataError:
        if key_node.tag == _STD + "merge":
            return self.fail(key_node, "merge keys (<<) are not allowed; write the keys out")
        return self.fail(
            key_node,
            "keys must be plain text; quote this key (YAML reads it as a "
            "number, boolean, null or collection)",
        )

    def _mapping(self, node: Any, depth: int) -> dict[str, Any]:
        if node.tag != _MAP:
            raise self._bad_tag(node)
        result: dict[str, Any] = {}
        seen = self.seen
        for key_node, value_node in node.value:
            if key_node.tag != _STR or _kind(key_node) != "scalar":
                raise self._bad_key(key_node)
            if id(key_node) in seen:
                raise self._alias()
            seen.add(id(key_node))
            key = key_node.value
            if key in result:
                first = next(k for k, _ in node.value if k.value == key)
                raise self.fail(
                    key_node,
                    f"duplicate key '{key[:40]}' (first on line {first.start_mark.line + 1}); "
                    "keep one",
                )
            result[key] = self.build(value_node, depth + 1)
        return result
