"""The domain: its words (vocab), the profile field table, and the pydantic models of
products, rules and results. Imports nothing else of sockadvisor (docs/architecture.md)."""
