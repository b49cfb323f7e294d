"""Runs sockadvisor's CLI in this process with probes around some of its functions
(bench/bounds.py starts it; not a tool of its own).

    python bench/bounds_probe.py timed  SPEC OUT -- recommend ...   # CPU time per part
    python bench/bounds_probe.py memory SPEC OUT -- recommend ...   # tracemalloc per phase

SPEC is JSON, a list of [module, function or Class.method, label]. Each is replaced, in its
module or class as soon as the module is imported, by a wrapper that measures it; a function
that other modules imported by name before is replaced there too.
`importlib._bootstrap:_find_and_load` is one of them, for imports. OUT gets JSON.

- timed: CPU seconds (time.process_time) per label, exclusive: a part nested in another
  counts for the inner one only. Also the CPU time before any of this ran (the
  interpreter's start), at the end of the command, and the probes' own patching time.
- memory: tracemalloc from the start; per call of each phase, the traced memory when it
  starts and when it returns, and its peak (tracemalloc.reset_peak around phases).
"""

import time

STARTED = time.process_time()  # the interpreter's start; what follows is the probes' set-up

import functools  # noqa: E402
import importlib  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

del sys.path[0]  # bench/ itself: its scripts must not shadow anything the CLI imports

Wrap = Callable[[str, Callable[..., Any]], Callable[..., Any]]


class Timed:
    """Exclusive CPU time per label."""

    def __init__(self) -> None:
        self.stack: list[list[float]] = []  # [start, time spent in nested probes]
        self.parts: dict[str, list[float]] = {}  # label -> [seconds, calls]
        self.overhead = 0.0

    def wrap(self, label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def probe(*args: Any, **kwargs: Any) -> Any:
            self.stack.append([time.process_time(), 0.0])
            try:
                return fn(*args, **kwargs)
            finally:
                start, inner = self.stack.pop()
                spent = time.process_time() - start
                part = self.parts.setdefault(label, [0.0, 0])
                part[0] += spent - inner
                part[1] += 1
                if self.stack:
                    self.stack[-1][1] += spent

        return probe

    def exclude(self, seconds: float) -> None:
        """Time the probes spent on themselves: no part's."""
        self.overhead += seconds
        for frame in self.stack:
            frame[1] += seconds

    def result(self) -> dict[str, Any]:
        return {"parts": self.parts, "overhead": self.overhead}


class Memory:
    """Traced memory at the start and end of each phase, and its peak."""

    def __init__(self) -> None:
        import tracemalloc

        self.tm = tracemalloc
        tracemalloc.start()
        self.stack: list[list[Any]] = []  # [label, traced at start, peak so far]
        self.records: list[dict[str, Any]] = []
        self.peak = 0

    def _peak(self) -> tuple[int, int]:
        current, peak = self.tm.get_traced_memory()
        self.tm.reset_peak()
        for frame in self.stack:
            frame[2] = max(frame[2], peak)
        self.peak = max(self.peak, peak)
        return current, peak

    def wrap(self, label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def probe(*args: Any, **kwargs: Any) -> Any:
            current, _ = self._peak()
            self.stack.append([label, current, current])
            try:
                return fn(*args, **kwargs)
            finally:
                after, _ = self._peak()
                _, before, peak = self.stack.pop()
                self.records.append(
                    {"label": label, "before": before, "after": after, "peak": peak}
                )

        return probe

    def exclude(self, seconds: float) -> None:
        pass

    def result(self) -> dict[str, Any]:
        current, _ = self._peak()
        return {"records": self.records, "end": current, "peak": self.peak}


def install(
    spec: list[list[str]], probes: Timed | Memory
) -> tuple[dict[str, list[str]], dict[str, list[tuple[str, str]]]]:
    """Wrap every function in `spec` now or when its module is imported. What was patched
    or found absent, and what still waits for its module."""
    bootstrap = sys.modules["_frozen_importlib"]  # the very module `import` calls into

    wanted: dict[str, list[tuple[str, str]]] = {}
    for module, name, label in spec:
        wanted.setdefault(module, []).append((name, label))
    state: dict[str, list[str]] = {"patched": [], "absent": []}

    def patch(module: str) -> None:
        mod = sys.modules[module]
        for name, label in wanted.pop(module, []):
            *path, attr = name.split(".")  # "function", or "Class.method"
            owner: Any = mod
            for part in path:
                owner = getattr(owner, part, None)
            fn = getattr(owner, attr, None)
            if fn is None:
                state["absent"].append(f"{module}:{name}")
                continue
            wrapped = probes.wrap(label, fn)
            if path:  # a method: its class is the one place to patch
                setattr(owner, attr, wrapped)
            for other in [] if path else list(sys.modules.values()):
                for key, value in list(getattr(other, "__dict__", {}).items()):
                    if value is fn:
                        setattr(other, key, wrapped)
            state["patched"].append(f"{module}:{name}")

    found_and_load = bootstrap._find_and_load
    hook_label = next((label for _, label in wanted.pop("importlib._bootstrap", [])), None)
    loading = probes.wrap(hook_label, found_and_load) if hook_label else found_and_load

    def find_and_load(name: str, import_: Any) -> Any:
        module = loading(name, import_)
        if name in wanted:
            start = time.process_time()
            patch(name)
            probes.exclude(time.process_time() - start)
        return module

    setattr(bootstrap, "_find_and_load", find_and_load)  # noqa: B010 (mypy: a module)
    if hook_label:
        state["patched"].append("importlib._bootstrap:_find_and_load")
    for module in [m for m in wanted if m in sys.modules]:
        patch(module)
    return state, wanted


def main() -> int:
    mode, spec, out, dashes, *argv = sys.argv[1:]
    assert dashes == "--", "usage: bounds_probe.py timed|memory SPEC OUT -- ARGS"
    probes: Timed | Memory = Timed() if mode == "timed" else Memory()
    state, waiting = install(json.loads(spec), probes)
    ready = time.process_time()
    sys.argv = ["sockadvisor", *argv]
    code: Any = 0
    try:
        importlib.import_module("sockadvisor.cli").main()
    except SystemExit as exc:
        code = exc.code
    ended = time.process_time()
    state["not imported"] = [f"{m}:{n}" for m, names in waiting.items() for n, _ in names]
    result = {"started": STARTED, "ready": ready, "ended": ended, **state, **probes.result()}
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle)
    if isinstance(code, str):
        print(code, file=sys.stderr)
        return 1
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())
