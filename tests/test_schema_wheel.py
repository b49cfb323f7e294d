"""A wheel user's files name a schema that resolves: the wheel is built and unpacked
(as pip installs it) away from the clone, the tool writes its files, and python-jsonschema
validates each against the schema its first line names (docs/shop-guide.md#schemas)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).parents[1]
PREFIX = "# yaml-language-server: $schema="


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    site = out / "site-packages"
    with zipfile.ZipFile(next(out.glob("sockadvisor-*.whl"))) as wheel:
        wheel.extractall(site)
    return site


def _run(site: Path, cwd: Path, *args: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(site), "SOCKADVISOR_NO_CACHE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "sockadvisor", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("args", "kind"),
    [
        (["rules", "export", "-o", "out.yaml"], "rules"),
        (["profile", "init", "out.yaml"], "profile"),
        (["catalog", "export", "--yaml", "-o", "out.yaml"], "catalog"),
        (["catalog", "import", str(ROOT / "tests" / "wheel-products.csv"), "-o", "out.yaml"],
         "catalog"),
    ],
)  # fmt: skip
def test_written_files_name_the_installed_schema(
    installed: Path, tmp_path: Path, args: list[str], kind: str
) -> None:
    _run(installed, tmp_path, *args)
    text = (tmp_path / "out.yaml").read_text(encoding="utf-8")
    first = text.split("\n", 1)[0]
    assert first.startswith(PREFIX + "file:///")
    schema_path = Path(unquote(urlparse(first.removeprefix(PREFIX)).path))
    assert schema_path.is_relative_to(installed), "not the installed copy"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(yaml.safe_load(text) or {})


@pytest.mark.parametrize("kind", ["catalog", "rules"])
def test_the_bundled_data_names_a_schema_inside_the_wheel(installed: Path, kind: str) -> None:
    data = installed / "sockadvisor" / "data" / f"{kind}.yaml"
    first = data.read_text(encoding="utf-8").split("\n", 1)[0]
    target = (data.parent / first.removeprefix(PREFIX)).resolve()
    assert target == (installed / "sockadvisor" / "schemas" / f"{kind}.schema.json").resolve()
    schema = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(yaml.safe_load(data.read_text("utf-8")))
