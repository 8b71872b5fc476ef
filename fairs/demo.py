"""Demo fairs for ``seed_demo`` (idempotent): one past fair, scheduled and held, with outcomes recorded; one
upcoming fair with registration and meeting requests open. Dates agree with statuses: the past fair's requests
closed before it and every outcome is recorded after its meeting started."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from directory.demo import ORGANIZATIONS
from directory.models import Organization, User
from fairs import services
from fairs.models import Attendee, Event, MeetingRequest, Participant, ProgrammeItem
from fairs.services import SHANGHAI

PAST_TITLE = "2026 苏南—苏北数字化场景供需对接会"
UPCOMING_TITLE = "数字乡村与智慧医疗场景发布会暨供需对接会"
# Chinese title → (English title, days from today, registration opens (days before the start; None: a week ago),
# registration closes and meeting requests close (days before the start))
FAIRS: dict[str, tuple[str, int, int | None, int, int]] = {
    PAST_TITLE: ("2026 South–North Jiangsu digital scenario matchmaking fair", -21, 40, 10, 3),
    UPCOMING_TITLE: ("Digital village and smart health: scenario release event and matchmaking fair", 18, None, 5, 2),
}

COUNTIES = ["shuyang", "fengxian", "rugao", "taixing", "kunshan"]
SUPPLY = ["yuntu", "kangning", "zhijiao", "nongxin", "jsdi"]
# key → Chinese name, from the directory's demo organisations (the keys above are theirs).
ORG_NAMES = {key: name_zh for key, _kind, name_zh, *_rest in ORGANIZATIONS}
PEOPLE = {
    "shuyang": ("陈主任", "数据局副局长"),
    "fengxian": ("孙主任", "数据局主任"),
    "rugao": ("周科长", "数字政府科科长"),
    "taixing": ("吴科长", "信息化科科长"),
    "kunshan": ("李科长", "场景开放科科长"),
    "yuntu": ("刘经理", "政企业务总监"),
    "kangning": ("郑经理", "医疗事业部经理"),
    "zhijiao": ("冯经理", "教育行业经理"),
    "nongxin": ("钱经理", "数字乡村产品经理"),
    "jsdi": ("马老师", "培训项目主管"),
}
# (requester, recipient, purpose, priority, accepted, requester's outcome, value, recipient's outcome)
PAST_REQUESTS = [
    ("yuntu", "shuyang", "农村公路巡检与公交排班的试点方案", 3, True, "intention", 1_500_000, "intention"),
    ("kangning", "fengxian", "县域远程会诊平台演示", 3, True, "invited", None, "invited"),
    ("nongxin", "shuyang", "花木产业数字乡村服务", 2, True, "follow_up", None, "follow_up"),
    ("shuyang", "zhijiao", "课后服务平台在乡镇学校的适用性", 2, True, "no_fit", None, "no_fit"),
    ("rugao", "kangning", "家庭医生签约服务数字化", 2, True, "intention", 800_000, "intention"),
    ("taixing", "yuntu", "城乡公交一体化调度", 1, True, "follow_up", None, "follow_up"),
    ("jsdi", "fengxian", "基层干部数字技能培训", 1, True, "invited", None, "follow_up"),
    ("kunshan", "nongxin", "近郊农业物联网监测", 1, False, None, None, None),
]
UPCOMING_REQUESTS = [
    ("kangning", "shuyang", "互联网医院与乡镇卫生院远程会诊", 3, True),
    ("yuntu", "fengxian", "农村客运与物流统筹", 2, False),
    ("fengxian", "nongxin", "数字乡村综合服务平台", 2, True),
]


def _org(key: str) -> Organization | None:
    return Organization.objects.filter(name_zh=ORG_NAMES[key]).first()


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _create_event(organiser: Organization, actor: User, title: str) -> tuple[Event, dt.datetime]:
    """The fair ``title`` of ``FAIRS``, built with the service (it checks the fields and cuts the slots) and
    published at once; with the moment it starts."""
    title_en, days, opens_before, closes_before, requests_before = FAIRS[title]
    date = timezone.localdate() + dt.timedelta(days=days)
    start = dt.datetime.combine(date, dt.time(9, 0), tzinfo=SHANGHAI)
    event = services.event_create(
        actor=actor,
        organiser=organiser,
        rooms=[("A厅 洽谈区", 6), ("B厅 洽谈区", 4)],
        kind=Event.Kind.BOTH,
        title_zh=title,
        title_en=title_en,
        description="县（市、区）现场发布开放应用场景，企业和培训机构路演方案，供需双方一对一洽谈。",
        region=organiser.region,
        venue="南京国际博览中心 3 号馆",
        date=date,
        day_start=dt.time(9, 0),
        day_end=dt.time(16, 30),
        slot_minutes=30,
        breaks=[["12:00", "13:30"]],
        registration_opens=(
            start - dt.timedelta(days=opens_before)
            if opens_before is not None
            else timezone.now() - dt.timedelta(days=7)
        ),
        registration_closes=start - dt.timedelta(days=closes_before),
        requests_close=start - dt.timedelta(days=requests_before),
    )
    services.event_publish(actor=actor, event=event)
    return event, start


def _participant(event: Event, key: str) -> Participant:
    organization = _org(key)
    assert organization is not None  # noqa: S101 - the directory demo ran first
    participant, created = Participant.objects.get_or_create(
        event=event,
        organization=organization,
        defaults={"side": services.side_of(organization), "status": Participant.Status.ACCEPTED, "max_meetings": 6},
    )
    if created:
        name, position = PEOPLE[key]
        admin = organization.memberships.filter(role="admin").select_related("user").first()
        Attendee.objects.create(
            participant=participant, name=name, position=position, user=admin.user if admin else None
        )
    return participant


def _programme(event: Event, actor: User, participants: dict[str, Participant]) -> None:
    slots = list(event.slots.all())
    items = [
        (0, ProgrammeItem.Kind.OTHER, "开幕致辞：推动苏南苏北数字化协同", None),
        (1, ProgrammeItem.Kind.RELEASE, "沭阳县开放应用场景发布", "shuyang"),
        (2, ProgrammeItem.Kind.RELEASE, "丰县开放应用场景发布", "fengxian"),
        (3, ProgrammeItem.Kind.PITCH, "云途智行：农村公路 AI 巡检方案路演", "yuntu"),
        (4, ProgrammeItem.Kind.PITCH, "康宁医疗：县域远程会诊方案路演", "kangning"),
    ]
    for index, kind, title, key in items:
        services.programme_add(
            actor=actor,
            event=event,
            slot=slots[index],
            kind=kind,
            title=title,
            participant=participants.get(key) if key else None,
        )


def _seed_past(organiser: Organization, actor: User) -> Event:
    event, start = _create_event(organiser, actor, PAST_TITLE)
    Event.objects.filter(pk=event.pk).update(published_at=start - dt.timedelta(days=40))
    participants = {key: _participant(event, key) for key in COUNTIES + SUPPLY}
    _programme(event, actor, participants)
    # Requests were made and answered before requests closed (written directly: the window is in the past).
    for requester, recipient, purpose, priority, accepted, *_outcomes in PAST_REQUESTS:
        asked_at = start - dt.timedelta(days=8)
        a, b = participants[requester], participants[recipient]
        scenario, solution, score, reasons = services.match_for(requester=a, recipient=b, scenario=None, solution=None)
        MeetingRequest.objects.create(
            event=event,
            requester=a,
            recipient=b,
            purpose=purpose,
            scenario=scenario,
            solution=solution,
            score=score,
            reasons=reasons,
            priority=priority,
            status=MeetingRequest.Status.ACCEPTED if accepted else MeetingRequest.Status.EXPIRED,
            created_at=asked_at,
            answered_at=asked_at + dt.timedelta(days=1) if accepted else event.requests_close,
        )
    services.schedule_run(actor=actor, event=event, time_limit_s=5.0)
    for requester, recipient, _purpose, _p, accepted, mine, value, theirs in PAST_REQUESTS:
        if not accepted:
            continue
        request = MeetingRequest.objects.get(requester=participants[requester], recipient=participants[recipient])
        meeting = getattr(request, "meeting", None)
        if meeting is None:
            continue
        for key, outcome, amount in (
            (requester, mine, value),
            (recipient, theirs, value if theirs == "intention" else None),
        ):
            who = participants[key]
            admin = who.organization.memberships.filter(role="admin").select_related("user").first()
            if admin is None or outcome is None:
                continue
            record = services.outcome_record(
                actor=admin.user, meeting=meeting, participant=who, outcome=outcome, value=amount
            )
            record.recorded_at = meeting.slot.end + dt.timedelta(hours=2)
            record.save(update_fields=["recorded_at"])
        Participant.objects.filter(pk__in=[participants[requester].pk, participants[recipient].pk]).update(
            checked_in_at=start - dt.timedelta(minutes=20)
        )
    return event


def _seed_upcoming(organiser: Organization, actor: User) -> Event:
    event, _start = _create_event(organiser, actor, UPCOMING_TITLE)
    participants = {}
    for key in ["shuyang", "fengxian", "rugao", "yuntu", "kangning", "nongxin"]:
        organization = _org(key)
        admin = organization.memberships.filter(role="admin").select_related("user").first() if organization else None
        if organization is None or admin is None:
            continue
        name, position = PEOPLE[key]
        participant = services.participant_register(
            actor=admin.user, event=event, organization=organization, attendees=[(name, position)], max_meetings=6
        )
        services.participant_decide(actor=actor, participant=participant, accept=key != "rugao")
        participant.refresh_from_db()
        participants[key] = participant
    _programme(event, actor, participants)
    for requester, recipient, purpose, priority, answered in UPCOMING_REQUESTS:
        a, b = participants.get(requester), participants.get(recipient)
        if a is None or b is None:
            continue
        admin = a.organization.memberships.filter(role="admin").select_related("user").first()
        if admin is None:
            continue
        request = services.request_create(
            actor=admin.user, requester=a, recipient=b, purpose=purpose, priority=priority
        )
        if answered:
            other = b.organization.memberships.filter(role="admin").select_related("user").first()
            if other is not None:
                services.request_answer(actor=other.user, request=request, answer="accept")
    return event


def seed(stdout=None) -> None:
    organiser = _org("province")
    actor = _user("province_admin")
    if organiser is None or actor is None or any(_org(key) is None for key in COUNTIES + SUPPLY):
        return
    made = []
    if not Event.objects.filter(title_zh=PAST_TITLE).exists():
        _seed_past(organiser, actor)
        made.append("past fair")
    if not Event.objects.filter(title_zh=UPCOMING_TITLE).exists():
        _seed_upcoming(organiser, actor)
        made.append("upcoming fair")
    if stdout is not None and made:
        stdout.write(f"fairs: {', '.join(made)}\n")
