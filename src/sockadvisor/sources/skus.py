"""The SKUs of a catalog, for shell completion: fast enough for every keystroke.

A completion request is a whole process per <TAB>, so the SKU list of a catalog file is
kept as an entry of the cache (sources/cache.py: JSON, opened without following links,
checked as ours), named by the file's path, size and modification time (and the store
mapping's, for a store export) and sockadvisor's version; a hit reads that entry and
imports neither pydantic nor YAML. A miss loads the catalog once (through the catalog
cache) and writes the list. Standard input ('-') and any failure complete nothing:
completion never errors (docs/performance.md#completion).
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

from sockadvisor import __version__
from sockadvisor.sources import cache
from sockadvisor.sources.files import CATALOG_FILE, bundled

KIND = "skus"


def _key(*paths: str) -> str:
    parts = [f"{cache.FORMAT}", KIND, __version__]
    for path in paths:
        info = os.stat(path)
        parts += [os.path.realpath(path), str(info.st_size), str(info.st_mtime_ns)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:40]


def _decode(plain: Any) -> list[str]:
    if not (isinstance(plain, list) and all(isinstance(s, str) for s in plain)):
        raise ValueError("not a list of SKUs")
    return plain


def catalog_skus(catalog: str | None, store_map: str | None = None) -> list[str]:
    """Every SKU of the catalog file (None: the bundled sample), in catalog order."""
    if catalog == "-":
        return []
    try:
        path = catalog or bundled(CATALOG_FILE)
        paths = (path, store_map) if store_map else (path,)
        key = _key(*paths)
        use = cache.enabled()
        if use:
            found = cache.get_keyed(KIND, lambda: key, _decode)
            if found is not None:
                return found
        from sockadvisor.sources.catalog import load_catalog

        loaded = load_catalog(path, use_cache=use, store_map=store_map)
        skus = [p.sku for p in loaded.catalog.products]
        if use:
            cache.put_keyed(KIND, lambda: key, skus)
        return skus
    except Exception:  # completion must never fail: no SKUs instead
        return []
