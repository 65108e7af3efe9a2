"""A benchmark whose peer did not run says so, and never claims that the peer agreed."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_benchmark(name: str, *options: str) -> list[str]:
    """The lines a benchmark prints when run from the repository root, as documented."""
    finished = subprocess.run(
        [sys.executable, f"benchmarks/{name}.py", *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return finished.stdout.splitlines()


@pytest.mark.parametrize(
    ("name", "options", "reason"),
    [
        ("buddies", ["--skip-networkx"], "--skip-networkx"),
        ("buddies", [], "below its smallest size"),
        ("signposting", ["--peer-participants", "0"], "--peer-participants 0"),
    ],
)
def test_a_skipped_peer_is_reported_as_not_compared(name, options, reason):
    sizes = {"buddies": ["--requests", "300", "--buddies", "60"]}.get(
        name, ["--participants", "300", "--activities", "50"]
    )
    lines = run_benchmark(name, *sizes, *options)

    skipped = [line for line in lines if "skipped" in line]
    assert len(skipped) == 1
    assert reason in skipped[0]
    assert "nothing was compared" in skipped[0]
    assert "not checked" in lines[-1]
    claims = ("agree", "same optimum", "yes")
    assert not [line for line in lines if any(claim in line for claim in claims)]


def test_a_peer_that_ran_is_compared():
    lines = run_benchmark("signposting", "--participants", "300", "--activities", "50")

    assert lines[-1].split() == ["same", "top-10", "yes"]
    assert not [line for line in lines if "skipped" in line]
