"""The sealed-bid suite: every reader, before and after the deadline (frozen clock), through pages, API,
filters, ordering, exports, attachments, revisions, counts, notifications, the trail and the award notice."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from proposals import services
from proposals.models import ProposalAttachment, SealedReadLog
from tests.proposals.conftest import AFTER, BEFORE, DAVE_PRICE, ERIN_PRICE

# reader → (reads dave's proposal before the deadline, after the deadline)
READERS = {
    "dave": (True, True),
    "alice": (False, True),
    "bob": (False, True),
    "pat": (False, True),
    "erin": (False, False),
    "charlie": (False, False),
    "mallory": (False, False),
    "anonymous": (False, False),
}
CASES = [(who, when) for who in READERS for when in ("before", "after")]


def _user(request, who):
    return None if who == "anonymous" else request.getfixturevalue(who)


def _expects(who, when) -> bool:
    return READERS[who][0 if when == "before" else 1]


def _at(clock, when):
    clock(BEFORE if when == "before" else AFTER)


def _price_text(price: int) -> list[str]:
    return [str(price), f"{price:,}"]


def _leaks(content: str, *needles) -> list[str]:
    found = []
    for needle in needles:
        for text in needle if isinstance(needle, list) else [needle]:
            if text in content:
                found.append(text)
    return found


@pytest.mark.parametrize(("who", "when"), CASES)
def test_proposal_page_follows_the_sealing_rule(request, world, clock, client_as, who, when):
    _at(clock, when)
    response = client_as(_user(request, who)).get(f"/proposals/{world.dave_proposal.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    if _expects(who, when):
        assert response.status_code == 200
        assert "DAVE-SECRET-APPROACH" in body
        assert "1,234,567" in body
    elif who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == 404
        assert _leaks(body, "DAVE-SECRET-APPROACH", _price_text(DAVE_PRICE), "云途会诊平台", "苏州云途") == []
    assert _leaks(body, "ERIN-SECRET-APPROACH", _price_text(ERIN_PRICE)) == []


@pytest.mark.parametrize(("who", "when"), CASES)
def test_proposal_api_detail_follows_the_sealing_rule(request, world, clock, api_as, who, when):
    _at(clock, when)
    response = api_as(_user(request, who)).get(f"/api/v1/proposals/{world.dave_proposal.pk}/")
    if _expects(who, when):
        assert response.status_code == 200
        assert response.json()["price"] == DAVE_PRICE
        assert response.json()["approach"] == "DAVE-SECRET-APPROACH"
    else:
        assert response.status_code == (401 if who == "anonymous" else 404)
        assert _leaks(response.content.decode(), "DAVE", _price_text(DAVE_PRICE)) == []


def _expected_ids(world, who, when) -> set[int]:
    ids = set()
    if who == "dave":
        ids |= {world.dave_proposal.pk, world.dave_other_proposal.pk}
    if who == "erin":
        ids |= {world.erin_proposal.pk}
    if when == "after" and who in ("alice", "bob"):
        ids |= {world.dave_proposal.pk, world.erin_proposal.pk}
    if when == "after" and who == "charlie":
        ids |= {world.dave_other_proposal.pk}
    if when == "after" and who == "pat":
        ids |= {world.dave_proposal.pk, world.erin_proposal.pk, world.dave_other_proposal.pk}
    return ids


@pytest.mark.parametrize(("who", "when"), CASES)
@pytest.mark.parametrize(
    "query",
    [
        "",
        "?ordering=price",
        "?ordering=-price",
        "?scenario={scenario}",
        "?scenario={scenario}&ordering=-submitted_at",
        "?status=submitted",
    ],
)
def test_proposal_api_list_filters_and_ordering_show_only_readable_rows(
    request, world, clock, api_as, who, when, query
):
    _at(clock, when)
    response = api_as(_user(request, who)).get("/api/v1/proposals/" + query.format(scenario=world.scenario.pk))
    if who == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    rows = response.json()["results"]
    expected = _expected_ids(world, who, when)
    if "scenario=" in query:
        expected &= {world.dave_proposal.pk, world.erin_proposal.pk}
    assert {row["id"] for row in rows} == expected
    assert response.json()["count"] == len(expected)
    for row in rows:
        assert "price" in row  # every row returned is one whose price the caller may read


def test_proposal_api_ordering_by_price_is_exact_for_the_owner_after_the_deadline(world, clock, api_as, alice):
    clock(AFTER)
    response = api_as(alice).get(f"/api/v1/proposals/?scenario={world.scenario.pk}&ordering=price")
    assert [row["price"] for row in response.json()["results"]] == [DAVE_PRICE, ERIN_PRICE]


@pytest.mark.parametrize(("who", "when"), CASES)
def test_proposal_revisions_and_attachments_follow_the_sealing_rule(
    request, world, clock, api_as, client_as, who, when, dave
):
    pdf = SimpleUploadedFile("方案.pdf", b"%PDF-1.4 sealed", content_type="application/pdf")
    clock(BEFORE)
    services.proposal_attachment_add(proposal=world.dave_proposal, actor=dave, upload=pdf)
    attachment = ProposalAttachment.objects.get()
    _at(clock, when)
    user = _user(request, who)
    revisions = api_as(user).get(f"/api/v1/proposals/{world.dave_proposal.pk}/revisions/")
    download = client_as(user).get(f"/proposals/files/{attachment.uuid}/")
    if _expects(who, when):
        assert revisions.status_code == 200
        assert revisions.json()[-1]["snapshot"]["price"] == DAVE_PRICE
        assert revisions.json()[-1]["snapshot"]["attachments"] == ["方案.pdf"]
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == b"%PDF-1.4 sealed"
    else:
        assert revisions.status_code == (401 if who == "anonymous" else 404)
        assert download.status_code == (302 if who == "anonymous" else 404)
        assert "方案" not in revisions.content.decode()


@pytest.mark.parametrize(("who", "when"), CASES)
def test_export_follows_the_sealing_rule(request, world, clock, client_as, who, when):
    _at(clock, when)
    response = client_as(_user(request, who)).get(f"/county/scenarios/{world.scenario.pk}/export.csv")
    if who in ("alice", "bob", "pat"):
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        if when == "before":
            assert rows == [["id", "firm", "solutions", "price_cny", "submitted_at", "version", "disqualified"]]
        else:
            assert [(r[0], r[3]) for r in rows[1:]] == [
                (str(world.dave_proposal.pk), str(DAVE_PRICE)),
                (str(world.erin_proposal.pk), str(ERIN_PRICE)),
            ]
    else:
        assert response.status_code == (302 if who == "anonymous" else 404)
        assert _leaks(response.content.decode(errors="ignore"), _price_text(DAVE_PRICE), "云途") == []


@pytest.mark.parametrize("when", ["before", "after"])
@pytest.mark.parametrize("who", ["alice", "bob", "pat"])
def test_owner_and_province_see_the_count_at_any_time(request, world, clock, api_as, who, when):
    _at(clock, when)
    response = api_as(request.getfixturevalue(who)).get(f"/api/v1/proposals/count/?scenario={world.scenario.pk}")
    assert response.status_code == 200
    assert response.json() == {"scenario": world.scenario.pk, "count": 2}


@pytest.mark.parametrize("who", ["dave", "erin", "charlie", "mallory"])
def test_others_do_not_get_the_count(request, world, clock, api_as, who):
    response = api_as(request.getfixturevalue(who)).get(f"/api/v1/proposals/count/?scenario={world.scenario.pk}")
    assert response.status_code == 404


def test_owner_dashboard_before_the_deadline_shows_only_the_count(world, clock, client_as, alice):
    response = client_as(alice).get("/county/scenarios/", HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<td class="proposal-count">2</td>' in body
    assert _leaks(body, "云途", "康宁", "DAVE", "ERIN", _price_text(DAVE_PRICE), _price_text(ERIN_PRICE)) == []
    detail = client_as(alice).get(f"/county/scenarios/{world.scenario.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 proposals submitted" in detail
    assert (
        _leaks(detail, "云途", "康宁", "DAVE", _price_text(DAVE_PRICE), f"/proposals/{world.dave_proposal.pk}/") == []
    )


def test_owner_scenario_page_after_the_deadline_lists_the_proposals(world, clock, client_as, alice):
    clock(AFTER)
    body = client_as(alice).get(f"/county/scenarios/{world.scenario.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "苏州云途" in body or "Suzhou Yuntu" in body
    assert "CNY 1,234,567" in body and "CNY 7,654,321" in body


@pytest.mark.parametrize("who", ["erin", "charlie", "mallory", "dave"])
def test_owner_pages_are_404_for_everyone_else(request, world, clock, client_as, who):
    clock(AFTER)
    client = client_as(request.getfixturevalue(who))
    for path in (f"/county/scenarios/{world.scenario.pk}/", f"/county/scenarios/{world.scenario.pk}/award/"):
        assert client.get(path).status_code == 404


def test_sealed_reads_by_others_than_the_firm_are_logged(world, clock, client_as, api_as, alice, pat, dave):
    clock(AFTER)
    client_as(alice).get(f"/proposals/{world.dave_proposal.pk}/")
    api_as(pat).get(f"/api/v1/proposals/{world.dave_proposal.pk}/")
    api_as(pat).get(f"/api/v1/proposals/?scenario={world.scenario.pk}")
    client_as(dave).get(f"/proposals/{world.dave_proposal.pk}/")
    logs = sorted((log.user.username, log.proposal_id, log.via) for log in SealedReadLog.objects.select_related("user"))
    assert logs == sorted(
        [
            ("alice", world.dave_proposal.pk, "page"),
            ("pat", world.dave_proposal.pk, "api"),
            ("pat", world.dave_proposal.pk, "api-list"),
            ("pat", world.erin_proposal.pk, "api-list"),
        ]
    )
    assert all(log.at == AFTER for log in SealedReadLog.objects.all())


@pytest.mark.parametrize("method", ["patch", "post-withdraw", "post-submit", "post-disqualify"])
def test_a_competitor_guessing_an_id_gets_404_and_nothing_changes(world, clock, api_as, erin, method):
    client = api_as(erin)
    url = f"/api/v1/proposals/{world.dave_proposal.pk}/"
    if method == "patch":
        response = client.patch(url, {"price": 1}, format="json")
    else:
        response = client.post(url + method.split("-")[1] + "/", {"reason": "x"}, format="json")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    world.dave_proposal.refresh_from_db()
    assert (world.dave_proposal.price, world.dave_proposal.status) == (DAVE_PRICE, "submitted")


def test_a_competitor_guessing_an_id_on_pages_gets_404(world, clock, client_as, erin):
    client = client_as(erin)
    for path in ("edit/", "withdraw/", "submit/", ""):
        response = (
            client.post(f"/proposals/{world.dave_proposal.pk}/{path}")
            if path != ""
            else client.get(f"/proposals/{world.dave_proposal.pk}/")
        )
        assert response.status_code == 404
    assert client.get("/proposals/999999/").status_code == 404


def test_received_notification_carries_only_the_count(world, clock, sent, dave, alice, bob):
    services.proposal_withdraw(proposal=world.dave_other_proposal, actor=dave)
    draft = services.proposal_create(
        actor=dave,
        scenario=world.other_scenario,
        solutions=[world.dave_proposal.solutions.get()],
        approach="x",
        price=99,
        declares_no_conflict=True,
        declares_data_security=True,
    )
    assert sent == []  # a draft tells nobody
    services.proposal_withdraw(proposal=draft, actor=dave)
    services.proposal_withdraw(proposal=world.dave_proposal, actor=dave)
    services.proposal_create(
        actor=dave, scenario=world.scenario, solutions=[world.dave_proposal.solutions.get()], approach="new",
        price=4_444_444, declares_no_conflict=True, declares_data_security=True, submit=True,
    )  # fmt: skip
    assert len(sent) == 1
    message = sent[0]
    assert message["kind"] == "proposal_received"
    assert {u.username for u in message["users"]} == {"alice", "bob"}
    assert "2 submitted proposal(s)" in message["body"]
    text = message["title"] + message["body"] + message["url"]
    assert _leaks(text, "云途", "Yuntu", "4444444", "4,444,444", "new") == []


def test_award_notice_is_public_and_never_shows_a_price(world, clock, api_as, client_as, alice, sent):
    from tests.proposals.helpers import complete_evaluation

    clock(AFTER)
    complete_evaluation(world.scenario, alice, {world.dave_proposal.pk: [8, 8, 8], world.erin_proposal.pk: [5, 5, 5]})
    services.award_decide(
        scenario=world.scenario, actor=alice, proposals=[world.dave_proposal.pk], reason="技术方案最优"
    )
    for user in (None, "erin", "charlie"):
        client = client_as(None if user is None else _named(user, world))
        body = client.get(f"/awards/{world.scenario.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "技术方案最优" in body
        assert "云途会诊平台" in body
        assert _leaks(body, _price_text(DAVE_PRICE), _price_text(ERIN_PRICE), "康宁远程医疗", "ERIN-SECRET") == []
    api = api_as(None).get(f"/api/v1/awards/?scenario={world.scenario.pk}").json()["results"]
    assert api[0]["winners"] == [
        {"firm": world.dave_proposal.firm.name, "solutions": ["云途会诊平台"], "contract_value": None}
    ]
    assert _leaks(str(api), _price_text(DAVE_PRICE)) == []
    # Every bidder hears the outcome for their own proposal, without prices or competitors' names.
    outcome = [m for m in sent if m["kind"] == "award_decision"]
    assert sorted(sorted(u.username for u in m["users"]) for m in outcome) == [["dave"], ["erin"]]
    assert all(_leaks(m["title"] + m["body"], _price_text(DAVE_PRICE), "康宁", "云途") == [] for m in outcome)


def _named(username, world):
    from directory.models import User

    return User.objects.get(username=username)


def test_trail_before_the_deadline_has_no_proposal_entries(world, clock, client_as, alice, dave):
    services.proposal_update(proposal=world.dave_proposal, actor=dave, approach="REVISED-SECRET")
    body = (
        client_as(alice)
        .get(f"/county/scenarios/{world.scenario.pk}/trail/", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "REVISED-SECRET" not in body
    assert "proposal #" not in body
    clock(AFTER)
    body = (
        client_as(alice)
        .get(f"/county/scenarios/{world.scenario.pk}/trail/", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "REVISED-SECRET" in body
    assert _leaks(body, _price_text(DAVE_PRICE)) == []


@pytest.mark.parametrize("who", ["erin", "charlie", "mallory", "dave"])
def test_trail_is_404_for_those_outside_the_owner_and_province(request, world, clock, client_as, who):
    clock(AFTER)
    assert (
        client_as(request.getfixturevalue(who)).get(f"/county/scenarios/{world.scenario.pk}/trail/").status_code == 404
    )


@pytest.mark.parametrize(("who", "when"), CASES)
def test_evaluation_ranking_api_follows_the_rule(request, world, clock, api_as, who, when):
    _at(clock, when)
    response = api_as(_user(request, who)).get(f"/api/v1/evaluations/ranking/?scenario={world.scenario.pk}")
    if who in ("alice", "bob", "pat"):
        assert response.status_code == 200
        assert response.json()["ranking"] is None
    else:
        assert response.status_code == (401 if who == "anonymous" else 404)


@pytest.mark.parametrize(("who", "when"), CASES)
def test_trail_api_follows_the_rule(request, world, clock, api_as, dave, who, when):
    services.proposal_update(proposal=world.dave_proposal, actor=dave, approach="REVISED-SECRET", price=2_222_222)
    _at(clock, when)
    response = api_as(_user(request, who)).get(f"/api/v1/proposals/trail/?scenario={world.scenario.pk}")
    if who in ("alice", "bob", "pat"):
        assert response.status_code == 200
        entries = response.json()["results"]
        proposal_entries = [e for e in entries if e["object_type"] == "proposal"]
        assert bool(proposal_entries) == (when == "after")
        updates = [e["changes"] for e in proposal_entries if e["action"] == "update"]
        assert updates == (
            [{"approach": ["DAVE-SECRET-APPROACH", "REVISED-SECRET"], "version": ["1", "2"]}] if when == "after" else []
        )
        assert _leaks(response.content.decode(), _price_text(2_222_222), _price_text(DAVE_PRICE)) == []
    else:
        assert response.status_code == (401 if who == "anonymous" else 404)


@pytest.mark.parametrize("when", ["before", "after"])
def test_evaluation_page_shows_proposals_only_after_the_deadline(world, clock, client_as, alice, when):
    evaluation = services.evaluator_assign(scenario=world.scenario, actor=alice, evaluator=alice)
    services.evaluation_declare(evaluation=evaluation, actor=alice, no_conflict=True)
    _at(clock, when)
    body = client_as(alice).get(f"/evaluations/{evaluation.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    if when == "before":
        assert "Proposals stay sealed until the deadline" in body
        assert _leaks(body, "云途", "康宁", "Yuntu", "Kangning", f"/proposals/{world.dave_proposal.pk}/") == []
        assert _leaks(body, _price_text(DAVE_PRICE), _price_text(ERIN_PRICE)) == []
    else:
        assert f"/proposals/{world.dave_proposal.pk}/" in body and f"/proposals/{world.erin_proposal.pk}/" in body
        # The evaluator belongs to the owner office, which reads prices once the deadline has passed.
        assert f"{DAVE_PRICE:,}" in body and f"{ERIN_PRICE:,}" in body
    assert SealedReadLog.objects.filter(user=alice, via="evaluation").count() == (2 if when == "after" else 0)


def test_scoring_api_before_the_deadline_reveals_nothing(world, clock, api_as, alice):
    evaluation = services.evaluator_assign(scenario=world.scenario, actor=alice, evaluator=alice)
    services.evaluation_declare(evaluation=evaluation, actor=alice, no_conflict=True)
    response = api_as(alice).post(
        f"/api/v1/evaluations/{evaluation.pk}/scores/",
        {"proposal": world.dave_proposal.pk, "scores": {}},
        format="json",
    )
    assert response.status_code == 404  # the proposal is not readable yet: same answer as a missing one
