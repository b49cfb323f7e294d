"""`sockadvisor ask` (issue 15 item 1): the profile questions one at a time, through a
real pseudo-terminal (pexpect) and with scripted input; saving never clobbers; Ctrl-C or
the end of input leaves with nothing written."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect  # type: ignore[import-untyped]
import pytest
from typer.testing import CliRunner

from sockadvisor.cli.app import app
from sockadvisor.cli.ask import question
from sockadvisor.domain.fields import BY_NAME, FIELDS

# one answer per field, in the table's order; Enter ("") for a field not named here (its
# default, or skipped), so a new field in the table needs no change here
GIVEN = {
    "distance": "ultra",
    "terrain": "trail",
    "climate": "Hot",
    "new_to_compression": "n",
    "blister_prone": "y",
    "budget": "$45",
    "exclude_materials": "wool",
    "length": "knee-high",
    "calf_cm": "15in",
    "ankle_cm": "8.5in",
    "shoe_eu": "US 9",
}
ANSWERS = [GIVEN.get(field.name, "") for field in FIELDS]


def scripted(runner: CliRunner, lines: list[str]) -> tuple[int, str, str]:
    result = runner.invoke(app, ["ask"], input="".join(f"{line}\n" for line in lines))
    return result.exit_code, result.stdout, result.stderr


def test_every_field_is_asked_with_its_why() -> None:
    for field in FIELDS:
        text = question(field)
        assert field.why in text
        for choice in field.choices:
            assert choice in text
    assert "inches" in question(BY_NAME["calf_cm"]) and "US 9" in question(BY_NAME["shoe_eu"])


def test_scripted_answers_give_a_sized_recommendation_and_a_profile(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "me.yaml"
    code, out, err = scripted(runner, [*ANSWERS, "y", str(path)])
    assert (code, err) == (0, "")
    assert "Your answers: ultra, groomed, run, hot, blister-prone, budget 45.00, no merino" in out
    assert "calf 38.1 cm, ankle 21.6 cm, shoe EU 42.5" in out
    assert "Size" in out and f"Saved {path}" in out
    again = runner.invoke(app, ["recommend", "--profile", str(path), "--json"])
    assert again.exit_code == 0 and '"terrain": "groomed"' in again.stdout


def test_a_wrong_answer_is_asked_again(runner: CliRunner) -> None:
    code, out, _ = scripted(runner, ["ultr", *ANSWERS, "n"])
    assert code == 0
    assert "did you mean 'ultra'?" in out


def test_saving_never_replaces_a_file(runner: CliRunner, tmp_path: Path) -> None:
    taken = tmp_path / "taken.yaml"
    taken.write_text("keep me\n", encoding="utf-8")
    code, out, _ = scripted(runner, [*ANSWERS, "y", str(taken), str(tmp_path / "new.yaml")])
    assert code == 0 and "exists" in out
    assert taken.read_text(encoding="utf-8") == "keep me\n"
    assert (tmp_path / "new.yaml").exists()


def test_the_end_of_input_leaves_with_nothing_written(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = scripted(runner, ANSWERS[:4])
    assert code == 130 and err == "sockadvisor: interrupted\n"
    code, _, err = scripted(runner, [*ANSWERS, "y"])  # ends at the file name
    assert code == 130 and not list(tmp_path.iterdir())


def spawn(*args: str, cwd: Path) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(COLUMNS="100", TERM="xterm")
    return pexpect.spawn(
        sys.executable,
        ["-m", "sockadvisor", *args],
        cwd=str(cwd),
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 100),
    )


def test_a_runner_at_a_terminal_is_asked_and_saves(tmp_path: Path) -> None:
    child = spawn(cwd=tmp_path)  # bare sockadvisor on a terminal asks
    child.expect("A few questions")
    for field, answer in zip(FIELDS, ANSWERS, strict=True):
        child.expect_exact(question(field))
        child.sendline(answer)
    child.expect("Your answers: ultra, groomed")
    child.expect(r"Save these answers as a profile file\? \[y/N\]: ")
    child.sendline("y")
    child.expect(r"File name \[profile.yaml\]: ")
    child.sendline("")
    child.expect("Saved profile.yaml")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "calf_cm: 38.1" in (tmp_path / "profile.yaml").read_text(encoding="utf-8")


def test_ctrl_c_at_a_terminal_leaves_cleanly(tmp_path: Path) -> None:
    child = spawn("ask", cwd=tmp_path)
    child.expect("Race or run distance")
    child.sendline("ultra")
    child.expect("Terrain")
    child.sendintr()
    child.expect("sockadvisor: interrupted")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130 and not list(tmp_path.iterdir())


@pytest.mark.parametrize("stdin", ["devnull", "pipe"])
def test_without_a_terminal_bare_sockadvisor_never_waits(stdin: str) -> None:
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "sockadvisor"],
        stdin=subprocess.DEVNULL if stdin == "devnull" else subprocess.PIPE,
        capture_output=stdin == "devnull",
        stdout=None if stdin == "devnull" else subprocess.PIPE,
        stderr=None if stdin == "devnull" else subprocess.PIPE,
        timeout=20,
        check=False,
    )
    assert done.returncode == 2 and done.stdout in (b"", None)
