"""The `overture` command: try the demo, serve the site, run management commands.

overture demo                 set up the demo orchestra and serve it on 127.0.0.1:8000
overture serve --port 8000    serve the site, configured from the environment
overture manage migrate       any Django management command
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import sys
import tempfile
import time
import warnings
from collections.abc import Sequence
from pathlib import Path

from overture.config.paths import data_dir

SETTINGS_MODULE = "overture.config.settings"
ASGI_APP = "overture.config.asgi:application"
SECRET_KEY_FILE = "secret_key"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["manage"]:
        # Everything after "manage" belongs to Django, options included.
        return manage(args[1:])
    parsed = _parser().parse_args(args)
    return parsed.run(parsed)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="overture",
        description="Overture: co-produce cultural experiences with the people who take part.",
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    demo = commands.add_parser(
        "demo",
        help="set up a demo orchestra with a season and an audience, and serve it",
        description="Set up the demo orchestra in a local SQLite database (in "
        "$OVERTURE_DATA_DIR) and serve it on 127.0.0.1. A second run reuses the demo.",
    )
    demo.add_argument("--port", type=int, default=8000, help="port to serve on (default 8000)")
    demo.add_argument(
        "--participants", type=_positive, default=2000, help="audience size (default 2000)"
    )
    demo.add_argument(
        "--seed", type=_not_negative, default=7, help="same seed, same demo (default 7)"
    )
    demo.add_argument("--reset", action="store_true", help="delete the demo and generate it anew")
    demo.add_argument("--no-serve", action="store_true", help="set up, then exit")
    demo.set_defaults(run=_run_demo)

    serve = commands.add_parser(
        "serve",
        help="serve the site with uvicorn, configured from the environment",
        description="Serve the site. Settings come from the environment "
        "(SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS...).",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.set_defaults(run=_run_serve)

    commands.add_parser(
        "manage",
        help="run a Django management command, e.g. `overture manage migrate`",
        add_help=False,
    )
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _not_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def demo_secret_key(directory: Path) -> str:
    """A random key made on first use and kept, so logins survive restarts."""
    path = directory / SECRET_KEY_FILE
    if path.exists() and not path.read_text().strip():
        path.unlink()  # left empty by a run stopped half way
    # Write the key aside, then link it into place: the file appears whole or not at all,
    # and when two runs race the first link wins and both read its key.
    fd, aside = tempfile.mkstemp(dir=directory, prefix=".secret-")
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50) + "\n")
        with contextlib.suppress(FileExistsError):
            os.link(aside, path)
    finally:
        os.unlink(aside)
    return path.read_text().strip()


def _say(text: str = "") -> None:
    print(text, flush=True)


def _run_demo(args: argparse.Namespace) -> int:
    directory = data_dir()
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    os.environ["OVERTURE_DATA_DIR"] = str(directory)
    if not os.environ.get("SECRET_KEY"):
        os.environ["SECRET_KEY"] = demo_secret_key(directory)

    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    from overture import demo

    _say(f"Overture demo — data in {directory}")
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    _say(f"  database ready ({time.perf_counter() - started:.1f} s)")

    existing = demo.demo_organisation()
    if existing and args.reset:
        started = time.perf_counter()
        demo.delete_demo()
        _say(f"  deleted the previous demo ({time.perf_counter() - started:.1f} s)")
        existing = None
    if existing:
        size = existing.participants.count()
        _say(
            f"  reusing the demo organisation {existing.name} ({size:,} participants); "
            "run with --reset to generate it again"
        )
    else:
        _generate(demo, args)
    _print_welcome(demo, args.port)
    if args.no_serve:
        return 0
    # WhiteNoise serves from the app folders (finders); an empty STATIC_ROOT avoids its warning.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    return _serve("127.0.0.1", args.port)


def _generate(demo, args: argparse.Namespace) -> None:
    _say(f"  generating the demo season (seed {args.seed}, {args.participants:,} participants)")

    def report(phase) -> None:
        _say(f"    {phase.name:<14} {phase.seconds:6.2f} s   {phase.detail}")

    try:
        season = demo.generate(seed=args.seed, participants=args.participants, on_phase=report)
    except demo.DemoExists as error:
        raise SystemExit(f"overture demo: {error} Run with --reset to start again.") from None
    _say(f"  done: {season.rows:,} rows in {season.seconds:.1f} s")


def _print_welcome(demo, port: int) -> None:
    url = f"http://127.0.0.1:{port}/{demo.DEMO_SLUG}/"
    _say()
    _say(f"  {demo.DEMO_NAME} is at {url}")
    _say(f"  Log in at http://127.0.0.1:{port}/accounts/login/ as:")
    for login in demo.LOGINS:
        who = f"{login.role:<13} {login.username:<7} password: {login.password}"
        _say(f"    {who}   ({login.note})")
    _say()


def _run_serve(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
    except ImproperlyConfigured as error:
        print(f"overture serve: {error}", file=sys.stderr)
        return 2
    return _serve(args.host, args.port)


def _serve(host: str, port: int) -> int:
    import uvicorn

    # Django's ASGI handler warns for every file WhiteNoise streams from disk; the file is
    # still served correctly (read in a worker thread), so the warning is only noise here.
    warnings.filterwarnings("ignore", message="StreamingHttpResponse must consume synchronous")
    # Django has no lifespan events; saying so up front spares a confusing startup message.
    uvicorn.run(ASGI_APP, host=host, port=port, lifespan="off")
    return 0


def manage(args: Sequence[str]) -> int:
    """Pass the arguments to Django's management commands."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["overture manage", *args])
    except ImproperlyConfigured as error:
        print(f"overture manage: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
