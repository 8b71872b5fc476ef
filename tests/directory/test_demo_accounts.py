"""Issue 17 item 10: the README's demo credentials work, the superuser's included."""

import io

import pytest
from django.core.management import call_command

from directory.demo import DEMO_PASSWORD


@pytest.mark.parametrize("username", ["admin", "province_admin", "yuntu_admin"])
def test_seeded_accounts_sign_in_with_the_readme_password(db, settings, client, username):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    if username == "admin":
        assert client.get("/admin/").status_code == 200
