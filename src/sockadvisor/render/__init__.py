"""Turn results into text: `render` gives the whole text of a result in a format.

Each renderer takes a result and returns the whole text: the CLI writes it in one go,
so an error can never leave half a table or half a JSON document. A result model goes
through the registry (render/registry.py); a plain `Document` (the warm `recommend
--json`, docs/performance.md#the-warm-path) is JSON already, written by `jsonout`
without importing a model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sockadvisor.domain.document import Document
from sockadvisor.domain.vocab import Format
from sockadvisor.render import jsonout

if TYPE_CHECKING:
    from sockadvisor.domain.results import Result


def render(result: Result | Document, fmt: Format, *, verbose: bool = False) -> str:
    """The whole text of a result in a format (KeyError: a pair nobody registered).

    `verbose`: explain's table also gives each rule's reason and source."""
    if isinstance(result, Document):
        if fmt is not Format.json:
            raise KeyError((Document, fmt))
        return jsonout.document_json(result.data)
    from sockadvisor.render import registry

    return registry.render(result, fmt, verbose=verbose)
