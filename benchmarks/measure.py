"""Timing, peak memory, the ratio against the named peer and quick mode, for every benchmark.

Not a benchmark itself. Each benchmark runs from the repository root as
`python benchmarks/<name>.py`; Python puts the script's own folder first on the import path,
so they import this module (and each other) by their plain names.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

QUICK_HELP = "small sizes, a few seconds: the same code paths, the peer included when installed"


def parse_args(
    parser: argparse.ArgumentParser, argv: Sequence[str] | None, quick: dict[str, Any]
) -> argparse.Namespace:
    """Parse the options, with `--quick` turning the defaults into the small sizes `quick`.

    Options given on the command line win over both.
    """
    parser.add_argument("--quick", action="store_true", help=QUICK_HELP)
    args = parser.parse_args(argv)
    if args.quick:
        parser.set_defaults(**quick)
        args = parser.parse_args(argv)
    return args


def timed(run: Callable[[], T]) -> tuple[float, T]:
    """Seconds `run()` took, and what it returned."""
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """The shortest of `repeat` timings of `run()`, in seconds (at least one run)."""
    return min(timed(run)[0] for _ in range(max(repeat, 1)))


def percentile(samples: Sequence[float], q: float) -> float:
    """The sample at quantile `q` by nearest rank: 0.5 the median, 0.95 the 95th percentile."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def peak_rss_mib(pid: int | None = None) -> float:
    """Peak resident memory in MiB of this process, or of the running process `pid` (Linux)."""
    if pid is not None:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kibibytes, macOS bytes.
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def traced_peak_mib(run: Callable[[], object]) -> float:
    """Peak memory allocated while `run()` ran (NumPy and pandas buffers included), in MiB."""
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def ratio(value: float, peer: float, digits: int = 1) -> str:
    """`value / peer` as a multiple such as "2.5×", for a sentence naming both."""
    if peer == 0:
        return "∞×" if value else "1×"
    return f"{value / peer:,.{digits}f}×"


def peer_skipped(peer: str, reason: str) -> str:
    """What a benchmark prints when its peer did not run: it says why, and claims nothing."""
    return f"{peer} skipped ({reason}), so nothing was compared with it"
