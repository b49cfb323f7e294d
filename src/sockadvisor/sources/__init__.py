"""Where data comes in: safe YAML/JSON/CSV readers, validation with positions, catalog and
rules loading, the cache, and atomic file writing (docs/architecture.md)."""
