"""sockadvisor: pick running socks, above all compression socks for trail running.

The library API is sockadvisor.api (docs/api.md); its names are also here, loaded on
first use so that `import sockadvisor` (and `sockadvisor --version`) stays light. (Not
`lint`: `sockadvisor.lint` is the lint package; call `sockadvisor.api.lint`.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sockadvisor.api import (
        Advisor,
        compare,
        diagnose,
        explain,
        load,
        load_profile,
        plan,
        product_card,
        products,
        profile,
        recommend,
        validate,
        what_if,
    )

__all__ = [
    "Advisor",
    "__version__",
    "compare",
    "diagnose",
    "explain",
    "load",
    "load_profile",
    "plan",
    "product_card",
    "products",
    "profile",
    "recommend",
    "validate",
    "what_if",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from sockadvisor import api

        return getattr(api, name)
    raise AttributeError(f"module 'sockadvisor' has no attribute {name!r}")
