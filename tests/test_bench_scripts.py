"""The benchmark's in-process scripts still run against the code (bench/README.md).

bench/run.py takes about half an hour; these smoke runs catch a script that an API change
broke (scoring.py once built rule models from compiled rules) before a full run does.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"


def test_the_scoring_script_runs_on_a_small_catalog() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH / "scoring.py"), "40", "--repeats", "1"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["products"] == 40
    assert [case["multiplier"] for case in result["cases"]] == [1, 2, 4]
    assert all(case["seconds"] > 0 for case in result["cases"])
