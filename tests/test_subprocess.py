"""Real processes: `python -m sockadvisor`, the installed script, pipes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "sockadvisor"


def env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    return {**base, **extra}


def test_python_dash_m_from_another_folder(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sockadvisor", "recommend", "-d", "ultra", "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env(),
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout)["results"][0]["rank"] == 1


@pytest.mark.skipif(not SCRIPT.exists(), reason="the console script is not installed here")
def test_installed_script(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(SCRIPT), "recommend", "--distance", "ultra", "--terrain", "technical"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env(),
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert "Top 5 of 83 matching socks" in done.stdout
    assert "\x1b" not in done.stdout


@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_reader_that_leaves_early_is_not_an_error(unbuffered: str) -> None:
    extra = {"PYTHONUNBUFFERED": unbuffered} if unbuffered else {}
    # About 150 kB: more than a pipe holds, so the write meets a closed pipe.
    shell = (
        f"{sys.executable} -m sockadvisor recommend -d ultra -t technical -n 48 --json | head -c 1"
    )
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", shell],
        capture_output=True,
        text=True,
        env=env(**extra),
        check=False,
    )
    assert done.stdout == "{"
    assert done.stderr == ""
    assert done.returncode == 0


def test_ascii_only_stdout_gets_an_ascii_table() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sockadvisor", "recommend", "-d", "ultra", "--shoe-eu", "42"],
        capture_output=True,
        env=env(PYTHONIOENCODING="ascii"),
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout.isascii() and b"?" not in done.stdout.split(b"\n")[1]


@pytest.mark.parametrize("args", ["recommend --json", "recommend", "plan -d ultra"])
def test_closed_stdout_is_not_an_error(args: str) -> None:
    shell = f"{sys.executable} -m sockadvisor {args} >&-"
    done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, env=env())
    assert (done.returncode, done.stderr) == (0, "")


def test_ctrl_c_exits_130_with_one_line(tmp_path: Path) -> None:
    fifo = tmp_path / "catalog.yaml"
    os.mkfifo(fifo)
    proc = subprocess.Popen(
        [sys.executable, "-m", "sockadvisor", "recommend", "--catalog", str(fifo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env(),
    )
    deadline = time.monotonic() + 30
    while True:  # opening the FIFO to write succeeds once the process reads it
        try:
            writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError:
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.02)
    # Signal only once it is blocked in read(): a signal that lands between Python's last
    # check and the read() call waits for the next one, as a person would press Ctrl-C again.
    wchan = Path(f"/proc/{proc.pid}/wchan")
    while "pipe_read" not in wchan.read_text():
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=20)
    finally:
        proc.kill()  # never leave it running into the next test
        os.close(writer)
    assert (proc.returncode, out, err) == (130, b"", b"sockadvisor: interrupted\n")


def test_shell_completion_offers_commands_and_values() -> None:
    def complete(words: str, cword: int) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-m", "sockadvisor"],
            capture_output=True,
            text=True,
            env=env(_SOCKADVISOR_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(cword)),
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    assert complete("sockadvisor rec", 1) == ["recommend"]
    assert complete("sockadvisor recommend --terrain ", 3) == [
        "road",
        "groomed",
        "mixed",
        "technical",
        "pavement",
        "track",
        "trail",
        "gravel",
        "road-and-trail",
        "rocky",
        "mountain",
    ]
    assert complete("sockadvisor recommend --terrain t", 3) == ["technical", "track", "trail"]
    assert complete("sockadvisor recommend -x ly", 3) == ["lycra"]
