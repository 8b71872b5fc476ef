import datetime as dt
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from catalog.attachments import MAX_BYTES, content_disposition, make_zip
from catalog.models import Attachment, Scenario
from core.exceptions import StateConflict
from tests.factories import ScenarioFactory

PDF = b"%PDF-1.7\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DOCX = make_zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = make_zip({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00" + b"\x00" * 64


def _upload(client, scenario, name, content):
    return client.post(
        reverse("catalog:scenario-attachment-upload", args=[scenario.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(
    ("name", "content", "mime"),
    [
        ("方案说明.pdf", PDF, "application/pdf"),
        ("报价.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("清单.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("现场.png", PNG, "image/png"),
    ],
)
def test_upload_accepts_known_types_by_content(client_as, alice, county, name, content, mime):
    scenario = ScenarioFactory(owner=county)
    response = _upload(client_as(alice), scenario, name, content)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.original_name, attachment.content_type, attachment.size) == (name, mime, len(content))
    assert attachment.uuid.hex in attachment.file.name
    assert name not in attachment.file.name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("invoice.pdf", EXE),  # a renamed executable
        ("fake.docx", make_zip({"[Content_Types].xml": "<Types/>", "evil/x.bin": "x"})),
        ("empty.pdf", b""),
    ],
)
def test_upload_rejects_wrong_content(client_as, alice, county, name, content):
    scenario = ScenarioFactory(owner=county)
    _upload(client_as(alice), scenario, name, content)
    assert Attachment.objects.count() == 0


def test_upload_rejects_files_over_20_mb(client_as, alice, county):
    scenario = ScenarioFactory(owner=county)
    response = _upload(client_as(alice), scenario, "big.pdf", PDF + b"0" * (MAX_BYTES + 1 - len(PDF)))
    assert response.status_code == 302
    assert Attachment.objects.count() == 0
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["文件大小为 20.0 MB，上限为 20 MB。"]


def test_path_characters_are_stripped_from_names(client_as, alice, county):
    scenario = ScenarioFactory(owner=county)
    _upload(client_as(alice), scenario, "../../etc/passwd\x00.pdf", PDF)
    attachment = Attachment.objects.get()
    assert "/" not in attachment.original_name and "\x00" not in attachment.original_name
    assert not attachment.original_name.startswith(".")


def test_download_is_an_attachment_with_the_chinese_name_and_only_for_viewers(client_as, alice, bob, charlie, county):
    scenario = ScenarioFactory(owner=county)
    _upload(client_as(alice), scenario, "评审办法.pdf", PDF)
    attachment = Attachment.objects.get()
    url = reverse("catalog:attachment-download", args=[attachment.uuid])
    response = client_as(bob).get(url)
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == f"attachment; filename=\"attachment.pdf\"; filename*=UTF-8''{quote('评审办法.pdf')}"
    )
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert client_as(charlie).get(url).status_code == 404  # the draft is not visible to charlie
    assert client_as(None).get(url).status_code == 404
    Scenario.objects.filter(pk=scenario.pk).update(published_at="2026-01-01T00:00:00Z", status="open")
    assert client_as(None).get(url).status_code == 200


def test_upload_by_viewer_is_forbidden(client_as, bob, county):
    scenario = ScenarioFactory(owner=county)
    assert _upload(client_as(bob), scenario, "a.pdf", PDF).status_code == 403
    assert Attachment.objects.count() == 0


def test_content_disposition_resists_header_injection():
    header = content_disposition('a"\r\nSet-Cookie: x.pdf')
    assert "\r" not in header and "\n" not in header


def test_api_upload_list_and_download(api_as, client_as, alice, bob, charlie, county):
    scenario = ScenarioFactory(owner=county)
    url = f"/api/v1/scenarios/{scenario.pk}/attachments/"
    assert api_as(bob).post(url, {"file": SimpleUploadedFile("a.pdf", PDF)}, format="multipart").status_code == 403
    assert api_as(charlie).post(url, {"file": SimpleUploadedFile("a.pdf", PDF)}, format="multipart").status_code == 404
    bad = api_as(alice).post(
        url, {"file": SimpleUploadedFile("a.pdf", EXE)}, format="multipart", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert bad.status_code == 400
    assert bad.json()["file"][0].startswith("Only PDF, Word (DOCX), Excel (XLSX), PNG and JPEG files can be attached")
    created = api_as(alice).post(url, {"file": SimpleUploadedFile("附件一.pdf", PDF)}, format="multipart")
    assert created.status_code == 201
    assert (created.json()["original_name"], created.json()["size"]) == ("附件一.pdf", len(PDF))
    listed = api_as(bob).get(url).json()
    assert [a["original_name"] for a in listed] == ["附件一.pdf"]
    assert api_as(None).get(url).status_code == 404


def test_api_add_deployment(api_as, dave, erin, firm):
    from tests.factories import SolutionFactory

    solution = SolutionFactory(owner=firm)
    url = f"/api/v1/solutions/{solution.pk}/deployments/"
    assert api_as(erin).post(url, {"county": "321322", "year": 2024}, format="json").status_code == 403
    bad = api_as(dave).post(url, {"county": "320500", "year": 2024}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert (bad.status_code, bad.json()) == (400, {"county": ["Choose a county-level region."]})
    ok = api_as(dave).post(url, {"county": "321322", "year": 2024, "note": "全县推广"}, format="json")
    assert (ok.status_code, ok.json()) == (
        201,
        # A firm's own entry is self-declared: only an accepted pilot verifies a deployment.
        {"county": "321322", "year": 2024, "note": "全县推广", "verification": "self_declared", "verified_at": None},
    )


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("poly.html", PNG, "poly.png"),  # the name claims another type than the content
        ("invoice\u202efdp.exe", PDF, "invoicefdp.pdf"),  # an RTL override that made it read "invoiceexe.pdf"
        ("报告\x07.docx", DOCX, "报告.docx"),
    ],
)
def test_download_name_takes_the_extension_of_the_detected_type(client_as, alice, county, name, content, expected):
    scenario = ScenarioFactory(owner=county)
    _upload(client_as(alice), scenario, name, content)
    attachment = Attachment.objects.get()
    assert attachment.original_name == expected
    # Also for a row stored before the fix with the raw name.
    Attachment.objects.filter(pk=attachment.pk).update(original_name=name)
    response = client_as(alice).get(reverse("catalog:attachment-download", args=[attachment.uuid]))
    assert response["Content-Disposition"].endswith(quote(expected, safe=""))
    assert "\u202e" not in response["Content-Disposition"]


@pytest.mark.parametrize("status", ["evaluating", "awarded", "piloting", "completed", "cancelled", "submitted"])
def test_api_upload_refused_once_the_scenario_left_draft_and_open(api_as, alice, county, status):
    # Firms bid on the documents as they stood at the deadline.
    scenario = ScenarioFactory(owner=county, status=status)
    response = api_as(alice).post(
        f"/api/v1/scenarios/{scenario.pk}/attachments/",
        {"file": SimpleUploadedFile("补充.pdf", PDF)},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 409
    assert response.json()["detail"].startswith(
        "Attachments can be added or removed only while a scenario is a draft or open"
    )
    assert Attachment.objects.count() == 0


def test_api_upload_refused_after_the_deadline_of_an_open_scenario(api_as, alice, county):
    scenario = ScenarioFactory(owner=county, status="open")
    Scenario.objects.filter(pk=scenario.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    response = api_as(alice).post(
        f"/api/v1/scenarios/{scenario.pk}/attachments/",
        {"file": SimpleUploadedFile("补充.pdf", PDF)},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "只有草稿和征集中的场景可以添加或删除附件（该场景当前为“评审中”）。"
    assert Attachment.objects.count() == 0


def test_page_upload_refused_after_the_deadline_with_a_message(client_as, alice, county):
    scenario = ScenarioFactory(owner=county, status="evaluating")
    response = _upload(client_as(alice), scenario, "补充.pdf", PDF)
    assert response.status_code == 302
    assert [str(m) for m in response.wsgi_request._messages] == [
        "只有草稿和征集中的场景可以添加或删除附件（该场景当前为“评审中”）。"
    ]
    assert Attachment.objects.count() == 0


def test_upload_still_allowed_on_an_open_scenario_before_its_deadline(api_as, alice, county):
    scenario = ScenarioFactory(owner=county, status="open")
    response = api_as(alice).post(
        f"/api/v1/scenarios/{scenario.pk}/attachments/",
        {"file": SimpleUploadedFile("补充.pdf", PDF)},
        format="multipart",
    )
    assert response.status_code == 201
    assert list(scenario.attachments.values_list("original_name", flat=True)) == ["补充.pdf"]


def test_deleting_an_attachment_is_refused_once_the_scenario_is_evaluating(alice, county):
    from catalog import services

    scenario = ScenarioFactory(owner=county, status="open")
    attachment = services.attachment_add(parent=scenario, actor=alice, upload=SimpleUploadedFile("评审办法.pdf", PDF))
    Scenario.objects.filter(pk=scenario.pk).update(status="evaluating")
    with pytest.raises(StateConflict):
        services.attachment_delete(attachment=Attachment.objects.get(pk=attachment.pk), actor=alice)
    assert list(scenario.attachments.values_list("original_name", flat=True)) == ["评审办法.pdf"]


def test_solution_attachments_are_accepted_in_any_state(api_as, dave, firm):
    # A solution is the firm's own brochure, not bid documents: a bid keeps its own snapshot of what it cites.
    from tests.factories import SolutionFactory

    solution = SolutionFactory(owner=firm, status="archived")
    response = api_as(dave).post(
        f"/api/v1/solutions/{solution.pk}/attachments/",
        {"file": SimpleUploadedFile("介绍.pdf", PDF)},
        format="multipart",
    )
    assert response.status_code == 201
