"""Run and time the benchmark's child processes from a small process (used by bench/run.py).

Linux counts a child's peak RSS (ru_maxrss) from the moment it was forked, so a child of
a big process inherits that process's peak: bench/run.py, which may have built a
100,000-product catalog, would make every child look at least that big. This helper
stays small (a bare interpreter and four stdlib modules), so the children it starts
report their own peak, give or take the ~10 MB of a bare Python.

Protocol, one JSON object per line: bench/run.py writes
{"argv": [...], "env": {...}, "stderr": "/path"}; this process starts argv with stdin and
stdout on /dev/null and stderr into that file, waits with os.wait4, and answers
{"seconds": wall time of spawn + wait, "max_rss_kb": ..., "exit": exit code}.
The working directory is this process's own.
"""

import json
import os
import sys
import time

# No `typing` import: it would add most of a megabyte to every child's measured peak.


def run(argv: list[str], env: dict[str, str], stderr: str) -> dict[str, float | int]:
    errors = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, stderr, errors, 0o600),
    ]
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "max_rss_kb": usage.ru_maxrss,  # KiB on Linux
        "exit": os.waitstatus_to_exitcode(status),
    }


def main() -> int:
    for line in sys.stdin:
        request = json.loads(line)
        answer = run(request["argv"], request["env"], request["stderr"])
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
