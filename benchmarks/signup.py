"""How long the server takes to sign someone up, beside a login, on the demo.

    python benchmarks/signup.py --participants 300 --count 60

Generates the demo into a throwaway data directory and serves it with one uvicorn process on
127.0.0.1 (abuse limits off, so one address may sign up many times). It then sends `--count`
sign-ups one after another, each a fresh email, and as many logins of a demo participant,
the peer: both hash a password with Argon2 once, so the ratio shows what signing up costs
beyond the hash (the account, the participant and the confirmation email). It prints the
median and 95th percentile of each and the server's peak resident memory.

`--quick` serves a demo of 50 participants and times 5 sign-ups and 5 logins.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from login_flood import CSRF, free_port, generate, serve
from measure import parse_args, peak_rss_mib, percentile, ratio, timed

SIGNUP = "/northbank/signup/"
LOGIN = "/accounts/login/"
PARTICIPANT, DEMO_PASSWORD = "sam", "overture-demo"  # a demo login it prints
NUMBERS = itertools.count(0, 1_000_000)  # each batch of emails its own


def post(url: str, fields: str) -> float:
    body = f"csrfmiddlewaretoken={CSRF}&{fields}".encode()
    request = urllib.request.Request(url, data=body, headers={"Cookie": f"csrftoken={CSRF}"})
    opener = urllib.request.build_opener(NoRedirect)
    elapsed, status = timed(lambda: status_of(opener, request))
    if status != 302:
        raise RuntimeError(f"{url} answered {status}, not a redirect")
    return elapsed


def status_of(opener: urllib.request.OpenerDirector, request: urllib.request.Request) -> int:
    try:
        return opener.open(request, timeout=60).status
    except urllib.error.HTTPError as answer:
        return answer.code


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # the redirect's page is not the post's time
        return None


def sign_ups(base: str, count: int) -> list[float]:
    first = next(NUMBERS)
    return [
        post(
            base + SIGNUP,
            f"display_name=Reader+{n}&email=reader{n}%40example.org"
            "&password1=quiet-violin-42&password2=quiet-violin-42",
        )
        for n in range(first, first + count)
    ]


def logins(base: str, username: str, password: str, count: int) -> list[float]:
    return [post(base + LOGIN, f"username={username}&password={password}") for _ in range(count)]


def line(label: str, times: list[float]) -> tuple[str, float]:
    p50, p95 = statistics.median(times), percentile(times, 0.95)
    return f"  {label:<18} p50 {p50 * 1000:6.0f} ms  p95 {p95 * 1000:6.0f} ms", p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--count", type=int, default=60)
    args = parse_args(parser, None, quick={"participants": 50, "count": 5})
    # The emails are made and sent as in production, into the server's memory.
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        generate(data_dir, args.participants)
        port = free_port()
        server = serve(data_dir, port, limits=False)
        base = f"http://127.0.0.1:{port}"
        try:
            sign_ups(base, 1)  # the first request of a process loads what every later one shares
            signing_up = sign_ups(base, args.count)
            logging_in = logins(base, PARTICIPANT, DEMO_PASSWORD, args.count)
            memory = peak_rss_mib(server.pid)
        finally:
            server.terminate()
            server.wait()
    signup_line, signup_p95 = line("sign-up", signing_up)
    login_line, login_p95 = line("login (peer)", logging_in)
    print(f"{args.count} of each, one at a time; server peak memory {memory:,.0f} MiB")
    print(signup_line)
    print(login_line)
    print(f"sign-up p95 / login p95 = {ratio(signup_p95, login_p95, 2)}")


if __name__ == "__main__":
    main()
