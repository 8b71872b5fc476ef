"""schemathesis against the live API on the demo data, as a firm, a county office and anonymously (issue 17).

Opt-in while the API still has known failures (see docs/security.md, "What is left"): run with

    SCHEMATHESIS=1 .venv/bin/python -m pytest tests/test_schemathesis.py -s -q

It starts Django's live server with the demo data, creates API tokens for ``yuntu_admin`` (firm) and
``kunshan_admin`` (county office), and runs ``st run`` once per role with every check, a fixed seed and
``SCHEMATHESIS_MAX_EXAMPLES`` examples per operation (default 5), printing schemathesis's summary.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from directory.models import User

pytestmark = pytest.mark.skipif(not os.environ.get("SCHEMATHESIS"), reason="opt-in: SCHEMATHESIS=1")

ROLES = {"firm": "yuntu_admin", "county": "kunshan_admin", "anonymous": None}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", list(ROLES))
def test_schemathesis_finds_no_failure(live_server, settings, role):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    command = [
        str(Path(sys.executable).with_name("st")),
        "run",
        f"{live_server.url}/api/v1/schema/",
        "--checks",
        "all",
        "--phases",
        "fuzzing",
        "--seed",
        "2026",
        "--max-examples",
        os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "5"),
        "--no-shrink",
        "--request-timeout",
        "30",
    ]
    username = ROLES[role]
    if username:
        token = Token.objects.get_or_create(user=User.objects.get(username=username))[0].key
        command += ["-H", f"Authorization: Token {token}"]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=900)
    print(result.stdout[-6000:])
    assert result.returncode == 0, result.stdout[-3000:]
