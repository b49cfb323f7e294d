"""docs/shop-guide.md, run as written: every `sh` block, in order, in one shell, from a
Shopify export to a ranked JSON with links and stock."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

GUIDE = Path(__file__).parents[1] / "docs" / "shop-guide.md"


def test_the_shop_guide_runs_from_a_store_export_to_ranked_json(tmp_path: Path) -> None:
    blocks = re.findall(r"```sh\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 6
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "sockadvisor"  # the installed command, from this interpreter
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m sockadvisor "$@"\n')
    shim.chmod(0o755)
    work = tmp_path / "shop"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOCKADVISOR_")}
    env["PATH"] = f"{bin_dir}:{env['PATH']}"
    env["SOCKADVISOR_CACHE_DIR"] = str(tmp_path / "cache")
    done = subprocess.run(
        ["bash", "-e", "-c", "\n".join(blocks)],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads((work / "cold.json").read_text())
    first = doc["results"][0]
    assert first["sku"] == "scree-crew"
    assert "shop-merino-cold" in [r["rule"] for r in first["reasons"]]
    assert (first["size"], first["size_sku"], first["size_stock"]) == ("L", "TS-CR-03-L", 5)
    assert first["url"] == "https://trailhead.example/products/scree-crew"
    assert first["image"].endswith("/scree-crew.jpg") and first["currency"] == "USD"
    assert {r["sku"] for r in doc["results"]} == {"valley-knee-20-30", "scree-crew"}
    stock = {e["sku"]: [r["message"] for r in e["reasons"]] for e in doc["excluded"]}
    assert stock == {
        "ridge-knee-15-20": ["your size L is out of stock"],
        "tempo-quarter": ["your size L is out of stock"],
    }
    assert "| scree-crew |" in (work / "cold.md").read_text()
    assert "not used: Product Category" in done.stderr  # the export's other columns, once
    assert (work / "stock.csv").read_text().startswith("sku,")
    warnings = [line for line in done.stdout.splitlines() if "warning[" in line]
    assert (
        len(warnings) == 1
        and "(blister-toe-socks).prefer: warning[rule-never-fires]" in (warnings[0])
    )  # the one warning the guide explains
