"""Read a JSON file (a catalog, rules or profile a shop's system writes) into a Document.

The same plain data as the YAML reader (sockadvisor.sources.yamlsource) gives, with the
same refusals where JSON can have them: duplicate keys, NaN and Infinity, numbers too long
to read, nesting too deep. JSON's own number syntax has no octal, hex or 1_000; written
anyway, they and YAML's booleans (`yes`) are syntax errors that say how JSON writes them
(docs/catalog-format.md#json-catalogs).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sockadvisor.errors import DataError, Problem
from sockadvisor.sources import numbers
from sockadvisor.sources.jsonpos import JsonPositions
from sockadvisor.sources.yamlsource import Document, _line_col, parse


def _refuse_constant(name: str) -> float:
    raise _BadConstant(name)


class _BadConstant(ValueError):
    pass


def parse_json(name: str, text: str) -> Document:
    """A JSON file (a catalog that a shop's system generates): json.loads, no YAML.

    JSON parses some ten times faster than YAML. Refused as in YAML: duplicate keys,
    NaN and Infinity, numbers too long to read, nesting too deep; positions come from the
    JSON parser, or, for validation errors, from composing the text (JSON is YAML) only
    when one is reported. JSON's own number syntax already has no octal, hex or 1_000.
    """
    import json

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(items)
        if len(result) != len(items):
            raise _DuplicateKey
        return result

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise DataError([_json_syntax(name, text, exc)]) from None
    except _DuplicateKey:
        parse(name, text)  # the YAML reader names the key and its line
        raise DataError([Problem(name, 1, 1, "", "a duplicate key; keep one")]) from None
    except _BadConstant as exc:
        constant = str(exc)
        where = _json_token(text, lambda token: token == constant)
        what = f"{constant} is not a number JSON allows; use a finite number"
        raise DataError([Problem(name, *_line_col(text, where), "", what)]) from None
    except ValueError:  # Python's limit on the digits of an integer
        where = _json_token(text, lambda token: numbers.problem(token, False) is not None)
        token = _JSON_TOKEN.match(text, where)
        too_long = numbers.problem(token.group() if token else "", False)
        what = too_long or "a number too long to read; check it"
        raise DataError([Problem(name, *_line_col(text, where), "", what)]) from None
    except RecursionError:
        raise DataError(
            [Problem(name, 1, 1, "", "nesting too deep for the JSON parser; flatten the file")]
        ) from None
    return Document(name, text, data, compose_on_demand=True, locate=JsonPositions(text))


# A JSON string, or a run of anything else but structure and space: a number or a literal.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|[^\s"{}\[\],:]+(?::[^\s"{}\[\],:]+)*')
_YAML_BOOLEANS = {"yes", "no", "on", "off", "y", "n", "true", "false"}


def _json_token(text: str, wanted: Callable[[str], bool]) -> int:
    """The offset of the first token outside strings that is `wanted` (0 if none)."""
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if not token.startswith('"') and wanted(token):
            return match.start()
    return 0


def _json_syntax(name: str, text: str, exc: Any) -> Problem:
    """A JSON syntax error; when it is a number or boolean written another way, say how."""
    start = exc.pos
    while start > 0 and text[start - 1] not in ' \t\r\n"{}[],':
        start -= 1
    match = _JSON_TOKEN.match(text, start)
    token = match.group() if match and not match.group().startswith('"') else ""
    what = exc.msg
    if token.lower() in _YAML_BOOLEANS:
        what = "JSON's booleans are true and false, in lowercase; write one of them"
    elif token and (token[0].isdigit() or token[0] in "+-."):
        what = numbers.problem(token, False) or (
            "a JSON number is written like 12, -3, 46.95 or 2.5e3 "
            "(no + sign, no leading zero, a digit on both sides of the point)"
        )
    else:
        start = exc.pos
    return Problem(name, *_line_col(text, start), "", f"JSON syntax: {what}")


class _DuplicateKey(Exception):
    pass
