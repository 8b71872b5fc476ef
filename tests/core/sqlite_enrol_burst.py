"""Run by tests/core/test_fail_well.py in a fresh process: 30 people enrol at once through the API on a file
SQLite database (the `make run` default) and the status codes are printed as JSON."""

from __future__ import annotations

import json
import threading
from collections import Counter

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from tests.factories import SessionFactory, UserFactory  # noqa: E402

PEOPLE = 30
CAPACITY = 10

call_command("migrate", verbosity=0)
session = SessionFactory(capacity=CAPACITY)
tokens = [Token.objects.create(user=UserFactory(username=f"burst{i}")).key for i in range(PEOPLE)]
journal_mode = connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]
connection.close()

barrier = threading.Barrier(PEOPLE)
codes: list[int] = []
lock = threading.Lock()


def enrol(token: str) -> None:
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Token {token}")
    barrier.wait()
    response = client.post("/api/v1/enrolments/", {"session": session.pk}, content_type="application/json")
    with lock:
        codes.append(response.status_code)
    connection.close()


threads = [threading.Thread(target=enrol, args=(token,)) for token in tokens]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()

statuses = Counter(session.enrolments.values_list("status", flat=True))
print(json.dumps({"codes": dict(Counter(codes)), "statuses": dict(statuses), "journal_mode": journal_mode}))
