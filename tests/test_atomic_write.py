"""A build killed at any step leaves the previous dataset whole (or the new one, whole).

The child process is killed with SIGKILL at its n-th audited operation (every open, mkdir,
chmod, rename, foreign call and removal raises a Python audit event), for n = 1, 2, … until
a child gets to finish: every step of a write is a kill point, not a sample of them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from conftest import ROOT

from geodata import output
from geodata.dataset import build_dataset
from geodata.output import write_dataset

OLD = build_dataset(
    "Foreign relations of Egypt\n\nEgypt signed a peace treaty with Israel.\n", "a.txt"
)
NEW = build_dataset("Foreign relations of Chile\n\nChile and Peru are allies.\n", "b.txt")


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def expected(dataset) -> dict[str, bytes]:
    files = {
        "countries.csv": output.countries_csv(dataset),
        "meta.json": output.meta_json(dataset),
        "passages.csv": output.passages_csv(dataset),
    }
    return {name: text.encode("utf-8") for name, text in files.items()}


def write_killed_at(step: int, out: Path, atomic_swap: bool) -> bool:
    """Write NEW over `out` in a child killed at its `step`-th audit event; True if it
    finished before that step."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork beside pytest's threads
        pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            seen = 0

            def kill_at_step(event: str, args: tuple) -> None:
                nonlocal seen
                seen += 1
                if seen == step:
                    os.kill(os.getpid(), signal.SIGKILL)

            if not atomic_swap:
                output.exchange = lambda a, b: False
            sys.addaudithook(kill_at_step)
            write_dataset(NEW, out)
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return False
    assert os.WEXITSTATUS(status) == 0, "the write failed without being killed"
    return True


@pytest.mark.parametrize("atomic_swap", [True, False], ids=["renameat2-swap", "two-renames"])
def test_a_build_killed_at_any_step_leaves_a_whole_dataset(tmp_path, atomic_swap):
    out = tmp_path / "dataset"
    old, new = expected(OLD), expected(NEW)
    states = []
    for step in range(1, 500):
        write_dataset(OLD, out)  # also clears what the previous killed child left
        assert contents(out) == old
        finished = write_killed_at(step, out, atomic_swap)
        if not atomic_swap:
            output._clear_leftovers(out)  # what the next build does first
        state = contents(out)
        assert state in (old, new), f"killed at step {step}: {sorted(state)}"
        states.append("new" if state == new else "old")
        if finished:
            break
    else:
        pytest.fail("the write never finished")
    # Kills before the swap leave the old dataset, kills after it the new one.
    assert states[0] == "old"
    assert states[-1] == "new"
    assert states == sorted(states, key=["old", "new"].index)
    assert len(states) >= 10, f"only {len(states)} kill points: the hook saw too little"
    write_dataset(NEW, out)
    assert [p.name for p in tmp_path.iterdir()] == ["dataset"], "leftovers were not cleared"


HOOK = """
import os, runpy, signal, sys
def kill_before_swap(event, args):
    if event in ("ctypes.dlsym", "os.rename") and "--armed" in sys.argv:  # just before the swap
        os.kill(os.getpid(), signal.SIGKILL)
    if event == "tempfile.mkdtemp":
        sys.argv.append("--armed")
sys.addaudithook(kill_before_swap)
sys.argv = ["geodata", *sys.argv[1:]]
runpy.run_module("geodata", run_name="__main__")
"""


def test_the_cli_killed_just_before_its_swap_leaves_the_previous_dataset(tmp_path):
    out = tmp_path / "dataset"
    write_dataset(OLD, out)
    doc = tmp_path / "b.txt"
    doc.write_text("Foreign relations of Chile\n\nChile and Peru are allies.\n", encoding="utf-8")
    command = [sys.executable, "-c", HOOK, "build", str(doc), "--out", str(out)]
    killed = subprocess.run(command, cwd=ROOT, capture_output=True)
    assert killed.returncode == -signal.SIGKILL
    assert contents(out) == expected(OLD)
    assert len(list(tmp_path.glob(".dataset.*"))) == 1  # the killed build's staging folder
    rebuilt = subprocess.run(
        [sys.executable, "-m", "geodata", "build", str(doc), "--out", str(out)], cwd=ROOT
    )
    assert rebuilt.returncode == 0
    assert contents(out) == expected(NEW)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.txt", "dataset"]
