"""Process-wide settings from the root options; nothing heavy is imported here."""

from __future__ import annotations

# --max-bytes: the input size cap for this run (None: SOCKADVISOR_MAX_BYTES or the default).
max_bytes: int | None = None
