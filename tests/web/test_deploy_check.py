"""Django's production checklist passes, apart from the warnings we accept on purpose."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys

import pytest

# HSTS covers this host only and is not submitted for preloading (see docs/operations.md).
DELIBERATE_WITH_HTTPS = {"security.W005", "security.W021"}
# Without OVERTURE_HTTPS the site is served over plain HTTP, so HTTPS-only settings stay off.
DELIBERATE_WITHOUT_HTTPS = {"security.W004", "security.W008", "security.W012", "security.W016"}


def deploy_check(tmp_path, **env: str) -> set[str]:
    # A production environment: nothing of the test run's own (DEBUG, DJANGO_ALLOW_ASYNC_UNSAFE).
    environment = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    environment |= {
        "DJANGO_SETTINGS_MODULE": "overture.config.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "overture.example.org",
        "OVERTURE_DATA_DIR": str(tmp_path),
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return set(re.findall(r"^\S*: \((\w+\.\w+)\)", result.stderr + result.stdout, re.MULTILINE))


@pytest.mark.parametrize(
    ("https", "deliberate"), [("1", DELIBERATE_WITH_HTTPS), ("", DELIBERATE_WITHOUT_HTTPS)]
)
def test_check_deploy_leaves_only_the_documented_warnings(tmp_path, https, deliberate):
    assert deploy_check(tmp_path, OVERTURE_HTTPS=https) == deliberate
