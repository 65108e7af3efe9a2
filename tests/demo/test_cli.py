"""The `overture` command, run as people run it: in a fresh process with its own data folder."""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.template import Context, Template

from overture import cli

SCRIPT = Path(sys.executable).with_name("overture")
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "overture.cli"]
# The command must find its own settings, key and database, not the test run's.
INHERITED_SETTINGS = {"DATABASE_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DEBUG"}


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("overture-data")


def environment(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in INHERITED_SETTINGS}
    env["OVERTURE_DATA_DIR"] = str(data_dir)
    return env


def overture(data_dir: Path, *args: str) -> str:
    done = subprocess.run(
        [*COMMAND, *args],
        env=environment(data_dir),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def demo_in_database(data_dir: Path) -> tuple[str, int]:
    with sqlite3.connect(data_dir / "overture.sqlite3") as db:
        (org_id, name), *_ = db.execute(
            "SELECT id, name FROM organisations_organisation WHERE slug = 'northbank'"
        ).fetchall()
        (count,) = db.execute(
            "SELECT count(*) FROM audience_participant WHERE organisation_id = ?", (org_id,)
        ).fetchone()
    return name, count


def test_demo_sets_up_once_reuses_then_resets(data_dir):
    first = overture(data_dir, "demo", "--no-serve", "--participants", "200")
    assert "generating the demo season" in first
    assert re.search(r"stella\s+password: overture-demo", first)
    assert re.search(r"sam\s+password: overture-demo", first)
    assert "http://127.0.0.1:8000/northbank/" in first
    key_file = data_dir / "secret_key"
    key = key_file.read_text()
    assert len(key.strip()) >= 50 and key_file.stat().st_mode & 0o077 == 0
    assert demo_in_database(data_dir) == ("Northbank Symphony Orchestra", 201)

    second = overture(data_dir, "demo", "--no-serve", "--participants", "300")
    assert "reusing the demo organisation" in second
    assert "generating" not in second
    assert key_file.read_text() == key
    assert demo_in_database(data_dir)[1] == 201

    third = overture(data_dir, "demo", "--no-serve", "--reset", "--participants", "300")
    assert "deleted the previous demo" in third and "generating the demo season" in third
    assert demo_in_database(data_dir)[1] == 301


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers.get("Content-Type", "")


def wait_until_up(url: str, server: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server stopped:\n{log.read_text()}")
        try:
            fetch(url)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    pytest.fail(f"the server did not answer within {timeout} s:\n{log.read_text()}")


def test_demo_serves_the_site_and_its_static_files(data_dir, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [*COMMAND, "demo", "--port", str(port), "--participants", "200"],
            env=environment(data_dir),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(f"{base}/", server, log)
        assert fetch(f"{base}/northbank/")[0] == 200
        status, content_type = fetch(f"{base}/static/overture/site.css")
        assert status == 200 and content_type.startswith("text/css")
        htmx = Template("{% load django_htmx %}{% htmx_script %}").render(Context())
        src = re.search(r'src="([^"]+)"', htmx).group(1)
        assert fetch(f"{base}{src}")[0] == 200
        assert demo_in_database(data_dir)[0] == "Northbank Symphony Orchestra"
    finally:
        server.terminate()
        server.wait(timeout=15)


def test_a_negative_seed_is_a_usage_error_before_anything_is_set_up(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["demo", "--no-serve", "--seed", "-1"])
    assert exit_.value.code == 2
    assert "--seed: must be 0 or more" in capsys.readouterr().err


def test_the_demo_key_is_made_once_kept_private_and_remade_when_left_empty(tmp_path):
    from overture.cli import demo_secret_key

    key = demo_secret_key(tmp_path)
    assert len(key) > 50 and demo_secret_key(tmp_path) == key
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]
    (tmp_path / "secret_key").write_text("")
    remade = demo_secret_key(tmp_path)
    assert remade and remade != key
