"""Standard output, standard error and files written with -o (issue 12, cli/stdout.py and
sources/files.py): escaped lines, failed writes, closed streams, signals, special files.

Each test is named after the defect it keeps fixed (docs/robustness.md).
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import signal
import stat
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from sockadvisor.sources.files import STALE_SECONDS, write_atomic

ESC = "\x1b[31mRED\x1b[0m"
PY = [sys.executable, "-m", "sockadvisor"]


def run(*args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [*PY, *args], capture_output=True, env=env, timeout=120, check=False, **kwargs
    )


def shell(command: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["bash", "-c", f"{' '.join(PY)} {command}"], capture_output=True, timeout=120, check=False
    )


@pytest.mark.parametrize(
    "args",
    [
        ["recommend", "--distance", ESC],
        ["recommend", "--budget", ESC],
        ["recommend", "--calf-cm", ESC],
        ["recommend", "--shoe-us", ESC],
        ["recommend", "--terrain", ESC],
        ["explain", ESC],
        ["catalog", "validate", f"/no/such/{ESC}.yaml"],
        ["recommend", "--catalog", f"/no/such/{ESC}\u2028.yaml"],
    ],
)
def test_escape_sequences_in_values_never_reach_the_terminal(args: list[str]) -> None:
    done = run(*args)
    assert done.returncode in (2, 66) and done.stdout == b""
    assert b"\x1b" not in done.stderr and "\u2028".encode() not in done.stderr
    assert len(done.stderr.decode().splitlines()) == 1
    assert b"\\x1b" in done.stderr


def test_a_file_name_on_stdout_is_escaped(tmp_path: Path) -> None:
    target = tmp_path / f"rules{ESC}.yaml"
    target.write_bytes((Path(__file__).parents[1] / "data" / "rules.yaml").read_bytes())
    done = run("rules", "validate", str(target))
    assert done.returncode == 0 and b"\x1b" not in done.stdout and b"\\x1b" in done.stdout


def test_a_written_file_name_is_escaped(tmp_path: Path) -> None:
    target = tmp_path / f"out{ESC}.yaml"
    done = run("rules", "export", "-o", str(target))
    assert done.returncode == 0 and target.exists()
    assert b"\x1b" not in done.stderr and b"\\x1b" in done.stderr


def test_a_failed_write_to_stdout_is_66_with_one_line() -> None:
    done = shell("recommend --json > /dev/full")
    assert done.returncode == 66
    assert done.stderr.decode().splitlines() == [
        "sockadvisor: cannot write to standard output: No space left on device"
    ]
    read_only = shell("recommend --json 1</dev/null")
    assert read_only.returncode == 66 and len(read_only.stderr.splitlines()) == 1


@pytest.mark.parametrize("redirect", ["2>&-", "2>/dev/full"])
def test_the_exit_code_survives_a_closed_or_full_stderr(redirect: str) -> None:
    assert shell(f"recommend --distance nowhere {redirect}").returncode == 2
    assert shell(f"catalog validate /no/such/file {redirect}").returncode == 66


def test_a_huge_max_bytes_is_not_allocated() -> None:
    done = run("--max-bytes", "99999999999", "recommend", "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["matched"] > 0


def test_a_closed_stdin_is_called_closed_not_a_terminal() -> None:
    done = shell("catalog validate - <&-")
    assert done.returncode == 66 and b"standard input is closed" in done.stderr


def test_an_empty_output_name_is_a_usage_error(tmp_path: Path) -> None:
    done = run("rules", "export", "-o", "", cwd=tmp_path)
    assert done.returncode == 2 and b"file name is empty" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_dash_is_standard_output_for_profile_init(tmp_path: Path) -> None:
    done = run("profile", "init", "-", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.split(b"\n")[1].startswith(
        b"# A sockadvisor runner profile"
    )
    assert list(tmp_path.iterdir()) == []


def _specials(tmp_path: Path) -> list[Path]:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to("/proc/self/fd/1")
    to_null = tmp_path / "to-null"
    to_null.symlink_to(os.devnull)
    found = [fifo, link, to_null]
    try:
        device = tmp_path / "null"
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        found.append(device)
    except PermissionError:
        pass
    return found


def test_force_never_replaces_anything_but_a_regular_file(tmp_path: Path) -> None:
    for special in _specials(tmp_path):
        before = os.lstat(special)
        done = run("rules", "export", "-o", str(special), "--force")
        assert done.returncode == 66, special
        assert b"not a regular file" in done.stderr
        after = os.lstat(special)
        assert (before.st_mode, before.st_ino) == (after.st_mode, after.st_ino)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_stale_temporary_files_are_pruned(tmp_path: Path) -> None:
    old = tmp_path / ".out.yaml.abc123.tmp"
    new = tmp_path / ".out.yaml.def456.tmp"
    other = tmp_path / ".other.yaml.abc.tmp"
    for path in (old, new, other):
        path.write_text("half")
    long_ago = time.time() - STALE_SECONDS - 60
    os.utime(old, (long_ago, long_ago))
    os.utime(other, (long_ago, long_ago))
    write_atomic(str(tmp_path / "out.yaml"), "whole\n", force=False)
    assert not old.exists() and new.exists() and other.exists()
    assert (tmp_path / "out.yaml").read_text() == "whole\n"


def test_sigterm_is_like_ctrl_c(tmp_path: Path) -> None:
    """Blocked reading a FIFO nobody writes: SIGTERM ends it with 143 and one line."""
    fifo = tmp_path / "catalog.yaml"
    os.mkfifo(fifo)
    proc = subprocess.Popen(
        [*PY, "recommend", "--catalog", str(fifo), "--no-cache"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    time.sleep(1.5)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert (proc.returncode, out, err) == (143, b"", b"sockadvisor: terminated\n")


def test_ctrl_c_mid_document_leaves_a_prefix_and_exit_130() -> None:
    """A reader can rely on the exit code: 0 is a whole document; 130 may be cut short.

    What arrived is always a prefix of the document (the whole of it when the kernel had
    taken the rest before the signal was handled), never anything else.
    """
    whole = run("recommend", "--json", "-n", "1000").stdout
    assert len(whole) > 70_000  # more than a pipe holds: the write blocks
    proc = subprocess.Popen(
        [*PY, "recommend", "--json", "-n", "1000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.time() + 60
    while time.time() < deadline:  # wait until it is blocked writing to the full pipe
        wchan = Path(f"/proc/{proc.pid}/wchan")
        if wchan.exists() and "pipe" in wchan.read_text():
            break
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and err == b"sockadvisor: interrupted\n"
    assert whole.startswith(out) and len(out) >= 65536


def _pty_run(rows: int, cols: int, *args: str, **env: str) -> str:
    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    base = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    proc = subprocess.Popen([*PY, *args], stdout=secondary, stderr=secondary, env={**base, **env})
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(main)
    return b"".join(chunks).decode()


def _widest(text: str) -> int:
    return max(len(line.rstrip()) for line in text.splitlines())


def test_a_terminal_without_a_size_gets_80_columns_and_columns_wins() -> None:
    plain = {"NO_COLOR": "1", "TERM": "dumb"}
    zero = _pty_run(0, 0, "recommend", "-d", "ultra", **plain)
    assert 60 < _widest(zero) <= 80
    wide = _pty_run(0, 0, "recommend", "-d", "ultra", COLUMNS="100", **plain)
    assert 80 < _widest(wide) <= 100


@pytest.mark.parametrize("columns", ["100000000", "999999999999999999999", "0", "-5", "x"])
def test_columns_is_clamped(columns: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR",)}
    done = subprocess.run(
        [*PY, "recommend"], capture_output=True, env={**env, "COLUMNS": columns}, timeout=60
    )
    assert done.returncode == 0 and len(done.stdout) < 200_000
    assert 20 <= _widest(done.stdout.decode()) <= 400
