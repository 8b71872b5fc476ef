"""A real Redis and a real Celery worker process: publishing a scenario stores its suggestions, off the request.

Needs Redis at ``SCE_TEST_REDIS_URL`` (default redis://127.0.0.1:6379/6); skipped when none answers, except in CI
(``CI=true``; ``.ci/run`` starts one) where that is a failure. The worker and the publishing process share a
temporary SQLite file database and a queue of their own, so parallel runs on one Redis do not meet.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("SCE_TEST_REDIS_URL", "redis://127.0.0.1:6379/6")


def _redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def broker():
    if not _redis_answers():
        if os.environ.get("CI") == "true":
            pytest.fail(f"no Redis at {REDIS_URL}: .ci/run should have started one")
        pytest.skip(f"no Redis at {REDIS_URL}")
    return REDIS_URL


def _env(tmp_path, broker, queue):
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_"))}
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_DEBUG": "true",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "CELERY_BROKER_URL": broker,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "PYTHONPATH": str(ROOT),
    }


def _script(env, *args, timeout=300):
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "integration" / "worker_publish.py"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_worker_stores_the_suggestions_of_a_published_scenario(tmp_path, broker):
    env = _env(tmp_path, broker, queue=f"test-{uuid.uuid4().hex}")
    made = _script(env, "setup")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "-l",
            "WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        outcome = _script(env, "publish", str(made["scenario"]), "120")
    finally:
        worker.terminate()
        try:
            log = worker.communicate(timeout=30)[0]
        except subprocess.TimeoutExpired:
            worker.kill()
            log = worker.communicate()[0]
    assert outcome["at_once"] == 0, "the publishing process computed suggestions itself (not off the request)"
    assert outcome["suggested"] == 2, log[-3000:]
