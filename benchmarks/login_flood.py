"""What a flood of failed logins does to everyone else, with the abuse limits and without.

    python benchmarks/login_flood.py --participants 300 --seconds 20

Generates the demo into a throwaway data directory, then serves it twice with one uvicorn
process each on 127.0.0.1: once as shipped, once with the abuse limits switched off
(`RATELIMIT_ENABLE = False`, `AXES_ENABLED = False`), the peer. Against each it measures the
season page (4 visitors in a loop) while quiet, then while `--flooders` threads send wrong
passwords for one account from one address with a valid CSRF cookie. It prints the page's
median and 95th percentile, pages a second, how the login attempts were answered, and the
server's peak resident memory.

`--quick` serves a demo of 50 participants and floods each server for a second with 4 threads.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

from measure import parse_args, peak_rss_mib, percentile, ratio, timed

CSRF = "A" * 32  # a well-formed secret, sent as both cookie and form field
SEASON = "/northbank/"
NO_LIMITS = "from overture.config.settings import *  # noqa: F403\n" + (
    "RATELIMIT_ENABLE = False\nAXES_ENABLED = False\n"
)


def generate(data_dir: Path, participants: int) -> None:
    env = {**os.environ, "OVERTURE_DATA_DIR": str(data_dir)}
    # The `overture` command of this interpreter, even when its folder is not on PATH.
    overture = [sys.executable, "-m", "overture.cli"]
    command = [*overture, "demo", "--no-serve", "--participants", str(participants)]
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)


def free_port() -> int:
    """A port nothing listens on now, so that runs side by side never meet each other's server."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(data_dir: Path, port: int, limits: bool) -> subprocess.Popen:
    env = {
        **os.environ,
        "OVERTURE_DATA_DIR": str(data_dir),
        "OVERTURE_ALLOW_INSECURE_KEY": "1",
        "DATABASE_URL": f"sqlite:///{data_dir / 'overture.sqlite3'}",
    }
    env.pop("REDIS_URL", None)
    if not limits:
        (data_dir / "no_limits.py").write_text(NO_LIMITS)
        env["PYTHONPATH"] = str(data_dir)
        env["DJANGO_SETTINGS_MODULE"] = "no_limits"
    command = [sys.executable, "-m", "uvicorn", "overture.config.asgi:application"]
    server = subprocess.Popen(
        [*command, "--port", str(port), "--log-level", "error"], env=env, cwd=data_dir
    )
    deadline = time.monotonic() + 60
    while server.poll() is None and (left := deadline - time.monotonic()) > 0:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{SEASON}", timeout=left)
            return server
        except OSError:  # not listening yet, or its first answer is still on its way
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the server did not start")


def visit(url: str, stop: threading.Event, times: list[float]) -> None:
    while not stop.is_set():
        times.append(timed(lambda: urllib.request.urlopen(url, timeout=60).read())[0])


def flood(url: str, stop: threading.Event, answers: Counter) -> None:
    body = f"csrfmiddlewaretoken={CSRF}&username=stella&password=wrong".encode()
    while not stop.is_set():
        request = urllib.request.Request(url, data=body, headers={"Cookie": f"csrftoken={CSRF}"})
        try:
            status = urllib.request.urlopen(request, timeout=60).status
        except urllib.error.HTTPError as error:
            status = error.code
        answers[status] += 1


def measure(port: int, seconds: float, flooders: int) -> tuple[list[float], Counter]:
    base = f"http://127.0.0.1:{port}"
    stop, times, answers = threading.Event(), [], Counter()
    threads = [
        threading.Thread(target=flood, args=(f"{base}/accounts/login/", stop, answers))
        for _ in range(flooders)
    ] + [threading.Thread(target=visit, args=(base + SEASON, stop, times)) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    return times, answers


def report(label: str, times: list[float], answers: Counter, seconds: float) -> str:
    p50, p95 = statistics.median(times), percentile(times, 0.95)
    logins = ", ".join(f"{count:,}×{status}" for status, count in sorted(answers.items()))
    return (
        f"  {label:<24} p50 {p50:5.2f} s  p95 {p95:5.2f} s  {len(times) / seconds:5.1f} pages/s"
        + (f"  logins: {logins}" if logins else "")
    ), p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--flooders", type=int, default=16)
    args = parse_args(parser, None, quick={"participants": 50, "seconds": 1, "flooders": 4})
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        generate(data_dir, args.participants)
        results = {}
        for limits in (True, False):
            port = free_port()
            name = "limits on" if limits else "limits off (peer)"
            server = serve(data_dir, port, limits)
            try:
                quiet = report("quiet", *measure(port, args.seconds / 2, 0), args.seconds / 2)
                flooded = report(
                    "login flood", *measure(port, args.seconds, args.flooders), args.seconds
                )
                memory = peak_rss_mib(server.pid)
            finally:
                server.terminate()
                server.wait()
            results[name] = (quiet, flooded, memory)
        for name, ((quiet_line, quiet_p95), (flood_line, flood_p95), memory) in results.items():
            print(f"{name}: server peak memory {memory:,.0f} MiB")
            print(quiet_line)
            print(flood_line + f"   p95 {ratio(flood_p95, quiet_p95)} the quiet one")
        on, off = results["limits on"][1][1], results["limits off (peer)"][1][1]
        print(f"season page p95 under the flood: limits off / limits on = {ratio(off, on)}")


if __name__ == "__main__":
    main()
