"""The engine: rule compilation, scoring and ranking, sizing, advice, the wear plan and the
diagnosis. Returns data; never prints, never words things for a terminal."""
