"""Evaluation panels drawn from the expert pool: conflicts excluded with reasons, reserves seated in order when
a member declines, recuses or is found conflicted, the draw re-run from its record, and drawn evaluators from
outside the owner office reading only what the sealing rule allows — on pages, in the API, counts, exports and
the admin."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from core.exceptions import StateConflict
from directory.models import Membership
from proposals import services
from proposals.models import Evaluation, Expert, PanelDraw, PanelSeat, SealedReadLog
from proposals.services.panels import draw_order
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.factories import proposal_factories as pf
from tests.proposals.conftest import AFTER, BEFORE, DAVE_PRICE, ERIN_PRICE

SEED = "5eed0000000000000000000000000001"
# Literal query counts, the same for 1 and 3 rows (the flat-count tests at the end).
QUERIES_POOL_PAGE = 12
QUERIES_POOL_API = 5
QUERIES_CALL_PAGE = 17


@pytest.fixture
def pool(world, pat, firm, other_firm, county, trainer_org):
    """Nine health experts and one transport expert. Four health experts are conflicted for the world's call:
    one works for dave's firm (a bidder), one is a member of it, one declared a tie with erin's firm (a bidder),
    one a tie with the owner office. Five are free."""
    health = pf.domain("health")

    def expert(username, organization, domain=health):
        return services.expert_add(
            actor=pat, user=UserFactory(username=username), organization=organization, domains=[domain]
        )

    university = OrganizationFactory(name_zh="南京大学", name_en="Nanjing University")
    hospital = OrganizationFactory(name_zh="江苏省人民医院", name_en="Jiangsu Province Hospital")
    experts = {
        "at_bidder": expert("x_at_bidder", firm),
        "member_of_bidder": expert("x_member", university),
        "tie_bidder": expert("x_tie_bidder", trainer_org),
        "tie_owner": expert("x_tie_owner", hospital),
        **{f"free{i}": expert(f"x_free{i}", university if i % 2 else hospital) for i in range(1, 6)},
        "transport": expert("x_transport", university, pf.domain("transport")),
    }
    MembershipFactory(user=experts["member_of_bidder"].user, organization=firm, role=Membership.Role.VIEWER)
    services.expert_tie_declare(actor=pat, expert=experts["tie_bidder"], organization=other_firm, nature="曾任技术顾问")
    tie_owner = experts["tie_owner"]
    services.expert_tie_declare(actor=tie_owner.user, expert=tie_owner, organization=county, nature="配偶在该局任职")
    return experts


def _draw(world, alice, *, size=3, reserves=2, seed=SEED) -> PanelDraw:
    return services.panel_draw(scenario=world.scenario, actor=alice, size=size, reserves=reserves, seed=seed)


# ---------------------------------------------------------------- the draw


def test_draw_never_seats_a_conflicted_expert_and_records_why(world, clock, alice, pool, firm, other_firm, county):
    clock(AFTER)
    draw = _draw(world, alice)
    free = sorted(pool[f"free{i}"].pk for i in range(1, 6))
    health = sorted(e.pk for key, e in pool.items() if key != "transport")
    assert draw.pool == health
    assert draw.bidders == sorted([firm.pk, other_firm.pk])
    assert draw.excluded == sorted(
        [
            {"expert": pool["at_bidder"].pk, "reasons": [{"code": "bidder_organization", "organization": firm.pk}]},
            {"expert": pool["member_of_bidder"].pk, "reasons": [{"code": "bidder_member", "organization": None}]},
            {"expert": pool["tie_bidder"].pk, "reasons": [{"code": "tie_bidder", "organization": other_firm.pk}]},
            {"expert": pool["tie_owner"].pk, "reasons": [{"code": "tie_owner", "organization": county.pk}]},
        ],
        key=lambda row: row["expert"],
    )
    assert draw.order == draw_order(seed=SEED, expert_ids=free)
    assert sorted(draw.order) == free
    seats = list(draw.seats.order_by("position"))
    assert [s.expert_id for s in seats] == draw.order
    assert [(s.role, s.status) for s in seats] == [("member", "seated")] * 3 + [("reserve", "waiting")] * 2
    assert [s.evaluation.evaluator_id for s in seats[:3]] == [s.expert.user_id for s in seats[:3]]
    assert all(s.evaluation is None for s in seats[3:])
    conflicted = {pool[k].pk for k in ("at_bidder", "member_of_bidder", "tie_bidder", "tie_owner")}
    assert not conflicted & {s.expert_id for s in PanelSeat.objects.all()}


@pytest.mark.parametrize("seed", ["a", "b", "c", "d", "e", "f"])
def test_conflicted_experts_are_never_drawn_whatever_the_seed(world, clock, alice, pool, seed):
    clock(AFTER)
    draw = _draw(world, alice, size=5, reserves=0, seed=seed)
    drawn = set(draw.seats.values_list("expert_id", flat=True))
    assert drawn == {pool[f"free{i}"].pk for i in range(1, 6)}


def test_draw_refusals(world, clock, alice, bob, dave, charlie, pool):
    with pytest.raises(StateConflict, match="once the call has closed and the bidders are known"):
        _draw(world, alice)
    clock(AFTER)
    for outsider in (bob, dave, charlie):
        with pytest.raises(PermissionDenied):
            _draw(world, outsider)
    with pytest.raises(StateConflict, match=r"Only 5 expert\(s\) of the pool in this domain are free of conflicts"):
        _draw(world, alice, size=6)
    with pytest.raises(ValidationError, match="A panel has 1 to 15 experts"):
        _draw(world, alice, size=0)
    with pytest.raises(ValidationError, match="Draw 0 to 10 reserve experts"):
        _draw(world, alice, reserves=11)
    _draw(world, alice)
    with pytest.raises(StateConflict, match="A panel has already been drawn for this call"):
        _draw(world, alice)
    assert PanelDraw.objects.count() == 1


def test_draw_refused_without_bidders(clock, county, alice, pool):
    scenario = pf.scenario(owner=county, deadline=BEFORE)
    clock(AFTER)
    with pytest.raises(StateConflict, match="Nobody submitted a proposal"):
        services.panel_draw(scenario=scenario, actor=alice, size=1, reserves=0)


def test_province_keeps_the_pool_and_may_draw(world, clock, pat, alice, pool):
    with pytest.raises(PermissionDenied):
        services.expert_add(actor=alice, user=UserFactory(), organization=world.scenario.owner, domains=[])
    with pytest.raises(ValidationError, match="Choose at least one domain"):
        services.expert_add(actor=pat, user=UserFactory(), organization=world.scenario.owner, domains=[])
    with pytest.raises(ValidationError, match="already in the expert pool"):
        services.expert_add(
            actor=pat, user=pool["free1"].user, organization=world.scenario.owner, domains=[pf.domain()]
        )
    services.expert_set_active(actor=pat, expert=pool["free5"], active=False)
    clock(AFTER)
    draw = services.panel_draw(scenario=world.scenario, actor=pat, size=2, reserves=2, seed=SEED)
    assert pool["free5"].pk not in draw.pool
    assert draw.drawn_by == pat


# ---------------------------------------------------------------- reserves


def test_reserve_is_seated_when_a_member_declines(world, clock, alice, pool, sent):
    clock(AFTER)
    draw = _draw(world, alice)
    first, reserve = draw.seats.get(position=1), draw.seats.get(position=4)
    with pytest.raises(PermissionDenied):
        services.panel_seat_decline(seat=first, actor=reserve.expert.user, reason="不是我的")
    with pytest.raises(ValidationError, match="Say why you decline"):
        services.panel_seat_decline(seat=first, actor=first.expert.user, reason="  ")
    new = services.panel_seat_decline(seat=first, actor=first.expert.user, reason="出差，无法参加")
    first.refresh_from_db()
    assert (first.status, first.reason) == ("declined", "出差，无法参加")
    assert first.evaluation.status == Evaluation.Status.RECUSED
    assert new.pk == reserve.pk
    reserve.refresh_from_db()
    assert reserve.status == "seated"
    assert reserve.evaluation.evaluator == reserve.expert.user
    assert reserve.evaluation.status == Evaluation.Status.ASSIGNED
    assert sent[-1]["users"] == [reserve.expert.user]
    assert sent[-1]["title"] == f"You were drawn for the evaluation panel of “{world.scenario.title}”"
    with pytest.raises(StateConflict, match="Only a seated panel member can decline"):
        services.panel_seat_decline(seat=first, actor=first.expert.user, reason="again")
    assert services.evaluation_state(world.scenario)["total"] == 3


def test_reserve_found_conflicted_now_is_skipped(world, clock, alice, pat, pool, firm):
    clock(AFTER)
    draw = _draw(world, alice)
    reserve1, reserve2 = draw.seats.get(position=4), draw.seats.get(position=5)
    services.expert_tie_declare(actor=pat, expert=reserve1.expert, organization=firm, nature="持有股份")
    new = services.panel_seat_conflict(seat=draw.seats.get(position=2), actor=alice, reason="与投标方有合作")
    assert new.pk == reserve2.pk
    reserve1.refresh_from_db()
    assert (reserve1.status, reserve1.reason) == ("conflicted", "declared a tie with a bidder")
    assert draw.seats.get(position=2).status == "conflicted"
    # No reserve left: the seat stays empty and the owner office names evaluators itself.
    assert services.panel_seat_conflict(seat=draw.seats.get(position=3), actor=alice, reason="同单位") is None


def test_recusal_on_the_evaluation_page_seats_the_next_reserve(world, clock, alice, bob, pool):
    clock(AFTER)
    draw = _draw(world, alice)
    seat = draw.seats.get(position=1)
    with pytest.raises(PermissionDenied):
        services.panel_seat_conflict(seat=seat, actor=bob, reason="x")
    services.evaluation_declare(evaluation=seat.evaluation, actor=seat.expert.user, no_conflict=False, reason="曾参与")
    seat.refresh_from_db()
    assert (seat.status, seat.reason) == ("conflicted", "曾参与")
    assert draw.seats.get(position=4).status == "seated"


# ---------------------------------------------------------------- reproducibility


def test_draw_is_reproducible_from_its_record(world, clock, alice, pool):
    clock(AFTER)
    draw = _draw(world, alice, seed=None)
    assert len(draw.seed) == 32
    replay = services.panel_draw_replay(PanelDraw.objects.get(pk=draw.pk))
    assert replay.same
    assert replay.members == list(
        draw.seats.filter(role="member").order_by("position").values_list("expert_id", flat=True)
    )
    assert replay.reserves == list(
        draw.seats.filter(role="reserve").order_by("position").values_list("expert_id", flat=True)
    )
    out = io.StringIO()
    call_command("replay_panel_draw", world.scenario.pk, stdout=out)
    assert out.getvalue().splitlines() == [
        f"seed: {draw.seed}",
        "pool: 9 expert(s), excluded: 4",
        f"panel: {' '.join(map(str, replay.members))}",
        f"reserves: {' '.join(map(str, replay.reserves))}",
        "same order as recorded: yes",
    ]


def test_replay_detects_a_tampered_record(world, clock, alice, pool):
    clock(AFTER)
    draw = _draw(world, alice)
    draw.order = list(reversed(draw.order))
    draw.save()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="differs from the recorded order"):
        call_command("replay_panel_draw", world.scenario.pk, stdout=io.StringIO())


def test_draw_order_is_a_function_of_seed_and_ids_only():
    assert draw_order(seed="s", expert_ids=[3, 1, 2]) == draw_order(seed="s", expert_ids=[2, 3, 1, 1])
    assert draw_order(seed="s", expert_ids=range(1, 40)) != draw_order(seed="t", expert_ids=range(1, 40))
    # The documented rule: ascending SHA-256 hex of "<seed>:<id>".
    import hashlib

    ids = [5, 8, 13]
    assert draw_order(seed="abc", expert_ids=ids) == sorted(
        ids, key=lambda i: hashlib.sha256(f"abc:{i}".encode()).hexdigest()
    )


# ---------------------------------------------------------------- what an outside evaluator sees


@pytest.fixture
def outsider_seat(world, clock, alice, pool):
    """A seated expert from outside the owner office, seated after the deadline; the clock stays after it."""
    clock(AFTER)
    return _draw(world, alice).seats.get(position=1)


def test_outside_evaluator_reads_the_calls_proposals_after_unsealing(world, client_as, outsider_seat):
    expert = outsider_seat.expert.user
    client = client_as(expert)
    page = client.get(f"/proposals/{world.dave_proposal.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "DAVE-SECRET-APPROACH" in page.content.decode()
    services.evaluation_declare(evaluation=outsider_seat.evaluation, actor=expert, no_conflict=True)
    body = client.get(f"/evaluations/{outsider_seat.evaluation.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert world.dave_proposal.firm.name_zh in body or world.dave_proposal.firm.name_en in body
    api = client.get("/api/v1/proposals/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert sorted(p["id"] for p in api["results"]) == sorted([world.dave_proposal.pk, world.erin_proposal.pk])
    assert SealedReadLog.objects.filter(user=expert, proposal=world.dave_proposal).exists()


@pytest.mark.parametrize("when", ["before", "after"])
def test_outside_evaluator_sees_nothing_of_other_calls_nor_before_unsealing(
    world, clock, client_as, api_as, outsider_seat, when
):
    if when == "before":
        clock(BEFORE)
    expert = outsider_seat.expert.user
    client, api = client_as(expert), api_as(expert)
    scenario, other = world.scenario, world.other_scenario
    # Never: the owner's pages, counts, exports and trail of the call, nor anything of another call.
    for url in (
        f"/county/scenarios/{scenario.pk}/",
        f"/county/scenarios/{scenario.pk}/export.csv",
        f"/county/scenarios/{scenario.pk}/trail/",
        f"/county/scenarios/{scenario.pk}/award/",
        f"/county/scenarios/{other.pk}/",
        f"/proposals/{world.dave_other_proposal.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        f"/api/v1/proposals/count/?scenario={scenario.pk}",
        f"/api/v1/proposals/trail/?scenario={scenario.pk}",
        f"/api/v1/proposals/{world.dave_other_proposal.pk}/",
        f"/api/v1/panel-draws/{outsider_seat.draw_id}/",
        f"/api/v1/panel-draws/{outsider_seat.draw_id}/replay/",
    ):
        assert api.get(url).status_code == 404, url
    listed = {p["id"] for p in api.get("/api/v1/proposals/").json()["results"]}
    assert world.dave_other_proposal.pk not in listed
    page = client.get(f"/proposals/{world.dave_proposal.pk}/")
    assert (page.status_code == 200) == (when == "after")
    assert (listed == {world.dave_proposal.pk, world.erin_proposal.pk}) == (when == "after")
    if when == "before":
        assert listed == set()
        body = client.get(f"/evaluations/{outsider_seat.evaluation.pk}/").content.decode()
        for secret in ("DAVE-SECRET-APPROACH", str(DAVE_PRICE), f"{DAVE_PRICE:,}", str(ERIN_PRICE)):
            assert secret not in body


def test_outside_evaluator_loses_access_on_leaving_the_panel(world, client_as, outsider_seat):
    expert = outsider_seat.expert.user
    services.panel_seat_decline(seat=outsider_seat, actor=expert, reason="时间冲突")
    assert client_as(expert).get(f"/proposals/{world.dave_proposal.pk}/").status_code == 404
    assert client_as(expert).get("/api/v1/proposals/").json()["results"] == []


@pytest.mark.parametrize("when", ["before", "after"])
def test_admin_lists_for_a_staff_outside_evaluator_follow_the_sealing_rule(
    world, clock, client_as, outsider_seat, when
):
    expert = outsider_seat.expert.user
    expert.is_staff = True
    expert.save()
    if when == "before":
        clock(BEFORE)
    body = client_as(expert).get("/admin/proposals/proposal/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ("2 proposals" in body) == (when == "after")
    assert ("0 proposals" in body) == (when == "before")
    assert str(DAVE_PRICE) not in body


def test_expert_pool_model_strings(pool):
    assert str(pool["free1"]) == str(pool["free1"].user)
    assert Expert.objects.filter(active=True).count() == 10


@pytest.mark.parametrize("who", ["expert", "alice", "charlie"])
def test_admin_draw_records_only_for_the_owner_office_and_province(world, client_as, outsider_seat, request, who):
    user = outsider_seat.expert.user if who == "expert" else request.getfixturevalue(who)
    user.is_staff = True
    user.save()
    body = client_as(user).get("/admin/proposals/paneldraw/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ("1 panel draw" in body) == (who == "alice")
    pool_page = client_as(user).get("/admin/proposals/expert/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "0 experts" in pool_page


# ---------------------------------------------------------------- pages


def test_draw_from_the_calls_evaluation_page_and_the_record_shown(world, clock, client_as, alice, pat, dave, pool):
    clock(AFTER)
    page = client_as(alice).get(f"/county/scenarios/{world.scenario.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert 'id="panel-draw-form"' in page.content.decode()
    response = client_as(alice).post(f"/county/scenarios/{world.scenario.pk}/panel/draw/", {"size": 3, "reserves": 2})
    assert response.status_code == 302
    draw = PanelDraw.objects.get(scenario=world.scenario)
    assert len(draw.seed) == 32
    for reader in (alice, pat):
        body = client_as(reader).get(f"/county/scenarios/{world.scenario.pk}/", HTTP_ACCEPT_LANGUAGE="en")
        body = body.content.decode()
        assert draw.seed in body
        assert 'id="panel-draw-form"' not in body
        assert str(pool["tie_owner"].user) in body and "declared a tie with the owner office" in body
        assert body.count("waiting in reserve") == 2
    assert client_as(dave).get(f"/county/scenarios/{world.scenario.pk}/").status_code == 404


def test_draw_page_refusal_is_shown(world, clock, client_as, alice, pool):
    clock(AFTER)
    response = client_as(alice).post(
        f"/county/scenarios/{world.scenario.pk}/panel/draw/",
        {"size": 9, "reserves": 0},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "free of conflicts; the panel needs 9" in response.content.decode()
    assert not PanelDraw.objects.exists()


def test_conflict_page_for_the_owner_office_only(world, client_as, alice, bob, outsider_seat):
    url = f"/county/scenarios/{world.scenario.pk}/panel/seats/{outsider_seat.pk}/conflict/"
    assert client_as(bob).post(url, {"reason": "x"}).status_code == 403
    assert client_as(outsider_seat.expert.user).post(url, {"reason": "x"}).status_code == 404
    assert client_as(alice).get(url).status_code == 200
    assert client_as(alice).post(url, {"reason": ""}).status_code == 400
    assert client_as(alice).post(url, {"reason": "与投标方有合作"}).status_code == 302
    outsider_seat.refresh_from_db()
    assert outsider_seat.status == "conflicted"


def test_expert_sees_and_declines_the_seat_on_workspace_and_evaluations(world, client_as, alice, outsider_seat):
    expert = outsider_seat.expert.user
    home = client_as(expert).get("/workspace/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert world.scenario.title in home and 'id="my-seats"' in home
    mine = client_as(expert).get("/evaluations/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"/panels/seats/{outsider_seat.pk}/decline/" in mine
    url = f"/panels/seats/{outsider_seat.pk}/decline/"
    assert client_as(alice).get(url).status_code == 404
    assert client_as(expert).get(url).status_code == 200
    assert client_as(expert).post(url, {"reason": "出差"}).status_code == 302
    outsider_seat.refresh_from_db()
    assert (outsider_seat.status, outsider_seat.reason) == ("declined", "出差")
    assert outsider_seat.draw.seats.get(position=4).status == "seated"


def test_expert_pool_page_for_the_province(world, client_as, pat, alice, pool, county):
    assert client_as(alice).get("/panels/experts/").status_code == 404
    body = client_as(pat).get("/panels/experts/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert str(pool["free1"].user) in body and "配偶在该局任职" in body
    newcomer = UserFactory(username="x_new")
    response = client_as(pat).post(
        "/panels/experts/add/",
        {"username": "x_new", "organization": county.pk, "domains": [pf.domain().pk], "speciality": "教授"},
    )
    assert response.status_code == 302
    assert Expert.objects.get(user=newcomer).speciality == "教授"
    again = client_as(pat).post(
        "/panels/experts/add/",
        {"username": "x_new", "organization": county.pk, "domains": [pf.domain().pk]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "already in the expert pool" in again.content.decode()


# ---------------------------------------------------------------- API


def test_api_draw_record_replay_conflict_and_decline(world, clock, api_as, alice, bob, pat, dave, pool):
    clock(AFTER)
    assert (
        api_as(dave).post("/api/v1/panel-draws/", {"scenario": world.scenario.pk, "size": 3, "reserves": 2}).status_code
        == 404
    )
    assert (
        api_as(bob).post("/api/v1/panel-draws/", {"scenario": world.scenario.pk, "size": 3, "reserves": 2}).status_code
        == 403
    )
    too_big = api_as(alice).post("/api/v1/panel-draws/", {"scenario": world.scenario.pk, "size": 7, "reserves": 0})
    assert too_big.status_code == 409
    response = api_as(alice).post("/api/v1/panel-draws/", {"scenario": world.scenario.pk, "size": 3, "reserves": 2})
    assert response.status_code == 201
    record = response.json()
    draw = PanelDraw.objects.get()
    assert record["seed"] == draw.seed and record["order"] == draw.order and len(record["excluded"]) == 4
    assert [s["status"] for s in record["seats"]] == ["seated"] * 3 + ["waiting"] * 2
    assert api_as(pat).get(f"/api/v1/panel-draws/?scenario={world.scenario.pk}").json()["count"] == 1
    assert api_as(dave).get("/api/v1/panel-draws/").json()["count"] == 0
    replay = api_as(pat).get(f"/api/v1/panel-draws/{draw.pk}/replay/").json()
    assert replay["same"] is True and replay["order"] == draw.order
    first = draw.seats.get(position=1)
    conflict = api_as(alice).post(f"/api/v1/panel-draws/{draw.pk}/conflict/", {"seat": first.pk, "reason": "同单位"})
    assert conflict.status_code == 200
    assert [s["status"] for s in conflict.json()["seats"]] == ["conflicted", "seated", "seated", "seated", "waiting"]
    second = draw.seats.get(position=2)
    expert_api = api_as(second.expert.user)
    assert [s["id"] for s in expert_api.get("/api/v1/panel-seats/").json()["results"]] == [second.pk]
    assert api_as(alice).post(f"/api/v1/panel-seats/{second.pk}/decline/", {"reason": "x"}).status_code == 404
    declined = expert_api.post(f"/api/v1/panel-seats/{second.pk}/decline/", {"reason": "出差"})
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    assert draw.seats.get(position=5).status == "seated"


def test_api_expert_pool_for_the_province_only(api_as, pat, alice, pool, county):
    assert api_as(alice).get("/api/v1/experts/").json()["count"] == 0
    assert api_as(pat).get("/api/v1/experts/").json()["count"] == 10
    newcomer = UserFactory(username="x_api")
    body = {"user": newcomer.pk, "organization": county.pk, "domains": ["health"], "speciality": "教授"}
    assert api_as(alice).post("/api/v1/experts/", body, format="json").status_code == 403
    created = api_as(pat).post("/api/v1/experts/", body, format="json")
    assert created.status_code == 201 and created.json()["domains"] == ["health"]


@pytest.mark.parametrize(
    ("language", "person", "organisation"),
    [
        ("en", "No person has this id.", "No organisation has this id."),
        ("zh-hans", "没有此编号的人员。", "没有此编号的机构。"),
    ],
)
def test_api_expert_pool_names_unknown_ids_in_the_readers_language(api_as, pat, language, person, organisation):
    body = {"user": 999_999, "organization": 999_999, "domains": ["health"]}
    refused = api_as(pat).post("/api/v1/experts/", body, format="json", HTTP_ACCEPT_LANGUAGE=language)
    assert (refused.status_code, refused.json()) == (400, {"user": [person], "organization": [organisation]})


def test_province_takes_an_expert_out_of_the_pool_and_back(world, clock, client_as, pat, alice, pool):
    url = f"/panels/experts/{pool['free1'].pk}/active/"
    assert client_as(alice).post(url, {"active": "0"}).status_code == 404
    assert client_as(pat).post(url, {"active": "0"}).status_code == 302
    pool["free1"].refresh_from_db()
    assert pool["free1"].active is False
    clock(AFTER)
    draw = _draw(world, alice, size=2, reserves=2)
    assert pool["free1"].pk not in draw.pool
    assert client_as(pat).post(url, {"active": "1"}).status_code == 302
    pool["free1"].refresh_from_db()
    assert pool["free1"].active is True


# ---------------------------------------------------------------- flat query counts


def _experts(pat, n, organization):
    for i in range(n):
        services.expert_add(
            actor=pat, user=UserFactory(username=f"q_expert{i}"), organization=organization, domains=[pf.domain()]
        )


@pytest.mark.parametrize("n", [1, 3])
def test_expert_pool_page_and_api_queries_are_flat(client_as, api_as, pat, county, django_assert_num_queries, n):
    _experts(pat, n, county)
    client = client_as(pat)
    client.get("/panels/experts/")
    with django_assert_num_queries(QUERIES_POOL_PAGE):
        body = client.get("/panels/experts/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert body.lower().count("q_expert") >= n
    api = api_as(pat)
    with django_assert_num_queries(QUERIES_POOL_API):
        assert api.get("/api/v1/experts/").json()["count"] == n


@pytest.mark.parametrize("n", [1, 3])
def test_call_page_with_a_drawn_panel_queries_are_flat(
    world, clock, client_as, alice, pat, county, django_assert_num_queries, n
):
    _experts(pat, n, county)
    clock(AFTER)
    services.panel_draw(scenario=world.scenario, actor=alice, size=n, reserves=0, seed=SEED)
    client = client_as(alice)
    client.get(f"/county/scenarios/{world.scenario.pk}/")
    with django_assert_num_queries(QUERIES_CALL_PAGE):
        body = client.get(f"/county/scenarios/{world.scenario.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert body.count("panel member") == n
