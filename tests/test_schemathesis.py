"""schemathesis against the live API on the demo data, as a firm, a county office and anonymously (issue 17).

Part of `make test` (and so of CI, on SQLite and on PostgreSQL). One live server with the demo data; for each
role ``st run`` with every check (``--checks all``), the fuzzing phase, a fixed seed and deterministic
generation, ``SCHEMATHESIS_MAX_EXAMPLES`` examples per operation (default below). It prints, per role, the
operations tested, the test cases generated and the failures, and passes only with 0 failures.

What the run is told, and why (also in docs/security.md):

- ``tests/schemathesis.toml`` lets three groups of operations answer 400 to a schema-valid body in ONE check
  (positive_data_acceptance), because their bodies obey rules OpenAPI 3.0 cannot state (ids of objects the
  schema must not list, rules across fields, the detected type of an uploaded file); every other check still
  runs on them.
- ``allow-x00 = false``: the input sanitiser refuses a NUL character in any text, parameter or field name with
  400 (PostgreSQL cannot store it); OpenAPI 3.0 cannot say "no NUL" for property names, so strings with NUL are
  not generated. The bad-input corpus (tests/test_bad_input_corpus.py) sends NUL everywhere instead.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from directory.models import User

ROLES = {"firm": "yuntu_admin", "county": "kunshan_admin", "anonymous": None}
MAX_EXAMPLES = os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "4")
CONFIG = Path(__file__).with_name("schemathesis.toml")


def _figures(output: str) -> str:
    tested = re.search(r"Tested: (\d+)", output)
    generated = re.search(r"(\d+) generated", output)
    failures = re.search(r"(\d+) unique failures?", output)
    return (
        f"{tested.group(1) if tested else '?'} operations, {generated.group(1) if generated else '?'} examples, "
        f"failures={failures.group(1) if failures else 0}"
    )


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_no_failure(live_server, settings):
    settings.DEBUG = True  # seed_demo refuses production settings
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    failed = {}
    for role, username in ROLES.items():
        command = [
            str(Path(sys.executable).with_name("st")),
            "--config-file",
            str(CONFIG),
            "run",
            f"{live_server.url}/api/v1/schema/",
            "--checks",
            "all",
            "--phases",
            "fuzzing",
            "--seed",
            "2026",
            "--generation-deterministic",
            "--generation-allow-x00",
            "false",
            "--max-examples",
            MAX_EXAMPLES,
            "--continue-on-failure",
            "--no-shrink",
            "--request-timeout",
            "60",
            "--no-color",
        ]
        if username:
            token = Token.objects.get_or_create(user=User.objects.get(username=username))[0].key
            command += ["-H", f"Authorization: Token {token}"]
        started = time.monotonic()
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=1200)
        print(f"\nschemathesis as {role}: {_figures(result.stdout)}, {time.monotonic() - started:.0f} s")
        if result.returncode != 0:
            failed[role] = result.stdout[-8000:] + result.stderr[-2000:]
    assert failed == {}, "\n\n".join(f"== {role}\n{out}" for role, out in failed.items())
