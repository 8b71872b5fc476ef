"""Large exports and bulk imports run as background jobs (issue 12): the request answers at once, a task builds
the file or runs the import, the user is notified and downloads the file or reads the report; nobody else can."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from catalog.models import Scenario
from core.models import FileJob, Notification, TaskFailure
from tests.factories import ScenarioFactory
from tests.factories.catalog import domain

S = Scenario.Status


@pytest.fixture
def small_inline_limit(settings):
    settings.CATALOG_EXPORT_INLINE_ROWS = 2


@pytest.fixture
def catalogue(county, other_county):
    for n in range(3):
        ScenarioFactory(owner=county, status=S.OPEN, title=f"昆山公开{n}", domain=domain("transport"))
    ScenarioFactory(owner=county, status=S.OPEN, title="昆山医疗", domain=domain("health"))
    ScenarioFactory(owner=county, title="昆山草稿")
    ScenarioFactory(owner=other_county, title="别县草稿")


def _rows(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def _start_export(client, django_capture_on_commit_callbacks, params):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("catalog:scenario-list"), {"as": "csv", **params})
    return response


def test_a_small_export_is_still_the_answer(client_as, alice, catalogue, settings):
    settings.CATALOG_EXPORT_INLINE_ROWS = 100
    response = client_as(alice).get(reverse("catalog:scenario-list"), {"as": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.csv"')
    assert FileJob.objects.count() == 0


def test_a_large_export_becomes_a_job_with_the_users_rows_and_filters(
    client_as, alice, catalogue, small_inline_limit, django_capture_on_commit_callbacks
):
    client = client_as(alice)
    response = _start_export(client, django_capture_on_commit_callbacks, {})
    job = FileJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.uuid])
    assert (job.user, job.status, job.rows) == (alice, FileJob.Status.DONE, 5)

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert reverse("jobs:download", args=[job.uuid]) in page.content.decode()

    download = client.get(reverse("jobs:download", args=[job.uuid]))
    assert download.status_code == 200
    titles = sorted(row["title"] for row in _rows(b"".join(download.streaming_content)))
    # Alice's own draft is hers to export; another county's draft is not.
    assert titles == ["昆山公开0", "昆山公开1", "昆山公开2", "昆山医疗", "昆山草稿"]
    assert all(row["url"].startswith("http://testserver/scenarios/") for row in _rows(job.result.read()))

    notice = Notification.objects.get(user=alice, kind="file_jobs")
    assert notice.url == reverse("jobs:detail", args=[job.uuid])


def test_a_background_export_keeps_the_filters_and_json(
    client_as, dave, catalogue, small_inline_limit, django_capture_on_commit_callbacks
):
    client = client_as(dave)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("catalog:scenario-list"), {"as": "json", "domain": "transport"})
    job = FileJob.objects.get()
    assert job.result_name == "scenarios.json"
    data = json.loads(job.result.read())
    assert sorted(row["title"] for row in data) == ["昆山公开0", "昆山公开1", "昆山公开2"]


def test_anonymous_large_export_asks_to_sign_in_and_starts_nothing(client, catalogue, small_inline_limit):
    response = client.get(reverse("catalog:scenario-list"), {"as": "csv"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert FileJob.objects.count() == 0


def test_only_the_jobs_user_sees_or_downloads_it(
    client_as, client, alice, bob, pat, catalogue, small_inline_limit, django_capture_on_commit_callbacks
):
    _start_export(client_as(alice), django_capture_on_commit_callbacks, {})
    job = FileJob.objects.get()
    for url in (reverse("jobs:detail", args=[job.uuid]), reverse("jobs:download", args=[job.uuid])):
        for other in (bob, pat):  # a colleague of the same office, the provincial office
            assert client_as(other).get(url).status_code == 404
        client.logout()
        assert client.get(url).status_code == 302
    assert client_as(bob).get(reverse("jobs:list")).context["jobs"].count() == 0


def test_a_failing_export_is_reported_to_the_user_and_to_staff(
    client_as, alice, catalogue, small_inline_limit, django_capture_on_commit_callbacks, monkeypatch
):
    from catalog import exports

    def broken(rows, columns, *, fmt):
        raise RuntimeError("boom")

    monkeypatch.setattr(exports, "render", broken)
    response = _start_export(client_as(alice), django_capture_on_commit_callbacks, {})
    job = FileJob.objects.get()
    assert job.status == FileJob.Status.FAILED and not job.result
    page = client_as(alice).get(response["Location"]).content.decode()
    assert "已通知网站工作人员" in page and "boom" not in page  # the site's language (zh-hans) by default
    assert TaskFailure.objects.get().exception == "RuntimeError('boom')"


def test_running_a_job_twice_builds_it_once(alice, catalogue, small_inline_limit):
    from core import jobs

    job = jobs.start(user=alice, kind="catalog.export.scenarios", params={"format": "csv"})
    assert jobs.run_file_job(job.pk) == "done"
    first = FileJob.objects.get().result.name
    assert jobs.run_file_job(job.pk) == "skipped"
    assert FileJob.objects.get().result.name == first
    assert Notification.objects.filter(user=alice, kind="file_jobs").count() == 1


# ---------------------------------------------------------------- imports

IMPORT_ROW = {
    "id": "IMP-1",
    "title": "智慧停车（导入）",
    "description": "老城区停车难，需要路内泊位自动计费。",
    "domain": "transport",
    "tags": ["智慧停车"],
    "county_code": "320583",
    "budget_min_cny": 100000,
    "budget_max_cny": 500000,
    "kpis": [{"indicator": "泊位周转率", "target": "≥ 6 次/日"}],
}


def _upload(rows, name="rows.jsonl"):
    body = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode("utf-8")
    return SimpleUploadedFile(name, body, content_type="application/octet-stream")


def _import(client, django_capture_on_commit_callbacks, upload, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("catalog:import"), {"model": "scenarios", "file": upload, **fields})


@pytest.mark.parametrize(("who", "status"), [("alice", 403), ("dave", 403), ("pat", 200)])
def test_only_the_provincial_office_may_import(request, client_as, county, who, status):
    assert client_as(request.getfixturevalue(who)).get(reverse("catalog:import")).status_code == status


def test_anonymous_import_goes_to_sign_in(client, db):
    response = client.post(reverse("catalog:import"), {"model": "scenarios"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_province_imports_scenarios_in_the_background(client_as, pat, county, django_capture_on_commit_callbacks):
    client = client_as(pat)
    second = {**IMPORT_ROW, "id": "IMP-2", "title": "智慧路灯（导入）"}
    response = _import(
        client, django_capture_on_commit_callbacks, _upload([IMPORT_ROW, second]), publish="on", deadline="2099-06-30"
    )
    job = FileJob.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.uuid])
    assert job.report.get("errors") == [] and job.error == ""
    assert (job.status, job.rows, job.source_name) == (FileJob.Status.DONE, 2, "rows.jsonl")
    imported = Scenario.objects.filter(external_ref__in=["IMP-1", "IMP-2"])
    assert {s.title for s in imported} == {"智慧停车（导入）", "智慧路灯（导入）"}  # typed punctuation kept
    assert {s.status for s in imported} == {S.OPEN}
    assert {s.owner for s in imported} == {county}
    assert {timezone.localtime(s.deadline).isoformat() for s in imported} == {"2099-06-30T17:00:00+08:00"}
    page = client.get(response["Location"])
    assert page.context["job"].report["counts"]["created"] == 2

    # The same file again: nothing new, reported as already imported.
    _import(
        client, django_capture_on_commit_callbacks, _upload([IMPORT_ROW, second]), publish="on", deadline="2099-06-30"
    )
    assert Scenario.objects.filter(external_ref__in=["IMP-1", "IMP-2"]).count() == 2
    assert FileJob.objects.order_by("-pk").first().report["counts"] == {
        "rows": 2,
        "created": 0,
        "existing": 2,
        "organizations_created": 0,
        "skipped": 0,
    }


def test_an_import_with_an_invalid_row_saves_nothing_and_lists_it(
    client_as, pat, county, django_capture_on_commit_callbacks
):
    client = client_as(pat)
    bad = {**IMPORT_ROW, "id": "IMP-BAD", "county_code": "999999"}
    response = _import(client, django_capture_on_commit_callbacks, _upload([IMPORT_ROW, bad]))
    job = FileJob.objects.get()
    assert job.status == FileJob.Status.FAILED
    assert Scenario.objects.filter(external_ref__startswith="IMP-").count() == 0
    assert job.report["error_count"] == 1 and job.report["errors"][0]["line"] == 2
    page = client.get(response["Location"]).content.decode()
    assert "1 行无效，未保存任何内容。" in page and "county_code" in page

    _import(client, django_capture_on_commit_callbacks, _upload([IMPORT_ROW, bad]), skip_invalid="on")
    assert list(Scenario.objects.filter(external_ref__startswith="IMP-").values_list("external_ref", flat=True)) == [
        "IMP-1"
    ]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("rows.exe", b"MZ"), "请选择 .jsonl"),
        (SimpleUploadedFile("rows.csv", b""), "提交的是空文件"),  # Django's own message, in the site's language
    ],
)
def test_a_bad_file_is_refused_with_400_and_starts_nothing(client_as, pat, upload, message):
    response = client_as(pat).post(reverse("catalog:import"), {"model": "scenarios", "file": upload})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["file"])
    assert FileJob.objects.count() == 0


def test_an_unreadable_file_fails_the_job_with_a_reason(client_as, pat, county, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("rows.xlsx", b"not a zip at all")
    _import(client_as(pat), django_capture_on_commit_callbacks, upload)
    job = FileJob.objects.get()
    assert job.status == FileJob.Status.FAILED and job.error.startswith("无法读取该文件")
    assert TaskFailure.objects.count() == 0
