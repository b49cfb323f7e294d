"""The wheel and the sdist hold what they promise, and the metadata tells the truth.

Builds both once (`python -m build --no-isolation`: build and hatchling come with the test
extra, so no network is needed; the wheel is built from the sdist, as pip would) and reads
them. The sdist must carry everything its own tests read and nothing stray; the wheel the
package, its data, py.typed and the licence. Marked `packaging` (a few seconds):
`-m "not packaging"` skips it.
"""

from __future__ import annotations

import email.parser
import re
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from email.message import Message
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from sockadvisor import __version__
from sockadvisor.cli.app import REPORT

pytestmark = pytest.mark.packaging

ROOT = Path(__file__).parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
NAME = f"sockadvisor-{__version__}"
# What the sdist holds at its top, besides PKG-INFO: what its tests read, and .gitignore
# (hatchling always adds it, so that a wheel built from the unpacked sdist skips the caches).
SDIST_DIRS = ("src", "data", "tests", "docs", "bench")
SDIST_FILES = ("pyproject.toml", "README.md", "LICENSE", ".gitignore", ".ci/lowest-constraints.txt")
# Tests that read the repository's files (links, docs, schemas): the unpacked sdist runs them.
SDIST_SELF_TESTS = ("tests/test_docs.py", "tests/test_schema.py")
STRAY = {"__pycache__", ".venv", "venv", ".git", ".hypothesis", "dist", "build", "out"}


def _stray(name: str) -> bool:
    """A file the .gitignore keeps out: caches and build output, not sources."""
    parts = name.split("/")
    return (
        bool(STRAY.intersection(parts[:-1]))
        or any(p.endswith(("_cache", ".egg-info")) for p in parts[:-1])
        or name.endswith((".pyc", ".pyo"))
    )


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("dist")
    build = [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)]
    result = subprocess.run(build, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return sdist, wheel


def _sdist_names(sdist: Path) -> set[str]:
    with tarfile.open(sdist) as tar:
        names = {m.name for m in tar.getmembers() if m.isfile()}
    assert all(name.startswith(f"{NAME}/") for name in names)
    return {name.removeprefix(f"{NAME}/") for name in names}


def _wheel_metadata(wheel: Path) -> Message:
    with zipfile.ZipFile(wheel) as whl:
        text = whl.read(f"{NAME}.dist-info/METADATA").decode()
    return email.parser.Parser().parsestr(text)


def test_sdist_is_the_sources_the_tests_and_their_files(dists: tuple[Path, Path]) -> None:
    expected = {"PKG-INFO", *SDIST_FILES}
    for top in SDIST_DIRS:
        expected |= {
            p.relative_to(ROOT).as_posix()
            for p in (ROOT / top).rglob("*")
            if p.is_file() and not _stray(p.relative_to(ROOT).as_posix())
        }
    names = _sdist_names(dists[0])
    assert names - expected == set(), "stray files in the sdist"
    assert expected - names == set(), "files missing from the sdist"
    assert {"bench/RESULTS.md", "src/sockadvisor/py.typed", "data/catalog.yaml"} <= names


def test_the_sdists_own_file_tests_pass_from_it(dists: tuple[Path, Path], tmp_path: Path) -> None:
    with tarfile.open(dists[0]) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and newer
            tar.extractall(tmp_path, filter="data")
        else:  # our own sdist, unpacked into a fresh temporary folder
            tar.extractall(tmp_path)
    tree = tmp_path / NAME
    run = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SDIST_SELF_TESTS]
    result = subprocess.run(run, cwd=tree, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " passed" in result.stdout.splitlines()[-1]


def test_wheel_has_the_package_its_data_py_typed_and_the_licence(
    dists: tuple[Path, Path],
) -> None:
    info = f"{NAME}.dist-info"
    with zipfile.ZipFile(dists[1]) as whl:
        names = set(whl.namelist())
        licence = whl.read(f"{info}/licenses/LICENSE").decode()
    package = {
        p.relative_to(ROOT / "src").as_posix()
        for p in (ROOT / "src").rglob("*")
        if p.is_file() and not _stray(p.relative_to(ROOT).as_posix())
    }
    assert package - names == set(), "package files missing from the wheel"
    assert {"sockadvisor/py.typed", "sockadvisor/schemas/output.schema.json"} <= names
    assert {"sockadvisor/data/catalog.yaml", "sockadvisor/data/rules.yaml"} <= names
    assert licence == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert all(n.startswith(("sockadvisor/", f"{info}/")) for n in names), "stray top level"
    assert not [n for n in names if _stray(n)], "caches in the wheel"


def test_wheel_metadata_says_what_pyproject_says(dists: tuple[Path, Path]) -> None:
    meta = _wheel_metadata(dists[1])
    assert meta["License-Expression"] == "MIT"
    assert "License :: OSI Approved :: MIT License" in meta.get_all("Classifier", [])
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL", []))
    assert urls == PROJECT["urls"]
    assert meta.get_all("Classifier") == PROJECT["classifiers"]
    assert "Typing :: Typed" in PROJECT["classifiers"]


def test_urls_and_the_internal_error_message_agree() -> None:
    urls = PROJECT["urls"]
    source = urls["Source"]
    assert REPORT == urls["Issues"] == f"{source}/issues"
    assert urls["Documentation"] == f"{source}/tree/main/docs"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"]({source}/blob/main/docs/" in readme


def test_claimed_pythons_start_at_requires_python() -> None:
    pattern = re.compile(r"Programming Language :: Python :: (3\.\d+)")
    claimed = sorted(
        Version(m[1]) for c in PROJECT["classifiers"] if (m := pattern.fullmatch(c)) is not None
    )
    assert claimed, "no Python version classifiers"
    assert f">={claimed[0]}" == PROJECT["requires-python"]
    assert [v.minor for v in claimed] == list(range(claimed[0].minor, claimed[-1].minor + 1))


def test_lowest_constraints_pin_every_lower_bound() -> None:
    """The CI's lowest-versions run installs exactly the bounds pyproject.toml declares."""
    lines = (ROOT / ".ci" / "lowest-constraints.txt").read_text(encoding="utf-8").splitlines()
    pins = {}
    for line in lines:
        if line.strip() and not line.startswith("#"):
            req = Requirement(line)
            (spec,) = req.specifier
            assert spec.operator == "==", line
            pins[req.name.lower()] = Version(spec.version)
    bounds = {}
    for text in [*PROJECT["dependencies"], *PROJECT["optional-dependencies"]["test"]]:
        req = Requirement(text)
        (low,) = [s for s in req.specifier if s.operator == ">="]
        bounds[req.name.lower()] = Version(low.version)
    assert pins == bounds
