"""Demo data for talent: two providers' courses in several counties and online, sessions in the coming weeks
(one full with a waitlist), a finished course with certificates, and exchanges from 苏南 to 苏北.

Idempotent: courses are looked up by (provider, Chinese title); a course that already exists is left alone
with its sessions, so running ``seed_demo`` again changes nothing. Upcoming sessions are placed relative to
the day of the first run. Past sessions (history for the ledger and certificates) are written directly as
history, since the services rightly refuse to schedule or enrol in the past; attendance, completion and
certificates then go through the services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.utils import timezone

from core.text import clean_typed_text
from directory.models import Organization, Region, User
from talent import recurrence, services
from talent.models import Course, Enrolment, Exchange, Occurrence, Session, Skill
from talent.skills_data import sync_skills

# (key, provider name_zh, title_zh, title_en, hours, format, skills [(code, level)], description_zh)
COURSES = [
    (
        "gov-data",
        "江苏省数字技能培训中心",
        "数字政务基础：数据素养与信息安全",
        "Digital government basics: data literacy and information security",
        12,
        "in_person",
        [("digcomp-1.1", "3"), ("digcomp-1.3", "4"), ("digcomp-4.2", "4")],
        "面向县级数据局和政务服务中心工作人员：检索与评估政务数据、数据分类分级管理、个人信息保护要点。",
    ),
    (
        "ai-junior",
        "江苏省数字技能培训中心",
        "人工智能工程技术人员（初级）",
        "AI engineering technician (junior)",
        32,
        "blended",
        [("det-ai", "junior"), ("digcomp-3.4", "4")],
        "数字技术工程师培育项目初级课程：机器学习基础、数据标注与模型评估、县域场景中的AI应用案例。",
    ),
    (
        "big-data-online",
        "江苏省数字技能培训中心",
        "大数据分析入门（线上）",
        "Introduction to big data analytics (online)",
        16,
        "online",
        [("det-big-data", "junior"), ("digcomp-1.2", "4")],
        "线上直播课程：数据采集、清洗与可视化，以县域人口与产业数据为练习数据。",
    ),
    (
        "iiot",
        "徐州数字工匠学院",
        "工业互联网平台实施",
        "Implementing industrial internet platforms",
        24,
        "in_person",
        [("det-industrial-internet", "intermediate"), ("det-iot", "junior")],
        "面向苏北制造企业数字化负责人：设备联网、标识解析、工业APP选型与实施。",
    ),
    (
        "village-mgmt",
        "徐州数字工匠学院",
        "数字乡村管理实务",
        "Digital village management in practice",
        20,
        "in_person",
        [("det-digital-management", "junior"), ("digcomp-5.2", "3")],
        "乡镇与村级数字化管理：农村电商、数字乡村平台运营、基层治理数据应用。",
    ),
    (
        "security-online",
        "徐州数字工匠学院",
        "网络安全与个人信息保护",
        "Cyber security and personal data protection",
        8,
        "online",
        [("digcomp-4.1", "4"), ("digcomp-4.2", "5")],
        "线上课程：终端安全、口令与钓鱼防范、《个人信息保护法》要点。",
    ),
]

# provider name_zh → [(region code, room, address, room capacity)]
VENUES = {
    "江苏省数字技能培训中心": [
        ("320583", "昆山市民中心 3号培训室", "昆山市前进中路1号市民中心3楼", 30),
        ("320281", "江阴数据局 多功能厅", "江阴市澄江中路8号", 25),
        ("320102", "省培训中心 201教室", "南京市玄武区中山路18号", 40),
    ],
    "徐州数字工匠学院": [
        ("320321", "丰县职教中心 实训室A", "丰县中阳大道66号", 20),
        ("321322", "沭阳县电商产业园 报告厅", "沭阳县上海路9号", 20),
    ],
}

PARTICIPANTS = [
    "kunshan_admin",
    "kunshan_editor",
    "kunshan_viewer",
    "shuyang_admin",
    "rugao_admin",
    "taixing_admin",
    "fengxian_admin",
    "yuntu_admin",
    "yuntu_editor",
    "kangning_admin",
    "zhijiao_admin",
    "nongxin_admin",
]


# The exchanges from 苏南 to 苏北, proposed through the services: (person, home, host, (start, end) in days from
# today, role, goals, skills, who proposes, then what the sides' admins do, in order: (step, admin, other
# arguments); a step whose admin is not among the demo accounts is left out).
EXCHANGES: list[
    tuple[str, str, str, tuple[int, int], str, str, list[str], str, list[tuple[str, str, dict[str, Any]]]]
] = [
    # 昆山 (苏南) → 沭阳 (苏北), finished with a report and a certificate.
    (
        "kunshan_editor",
        "昆山市数据局",
        "沭阳县数据局",
        (-90, -30),
        "政务数据共享专班 挂职副组长",
        "帮助沭阳搭建政务数据共享交换平台，培训县级数据专员。",
        ["digcomp-1.3", "det-big-data"],
        "kunshan_admin",
        [
            ("approve", "kunshan_admin", {}),
            ("approve", "shuyang_admin", {}),
            ("start", "kunshan_admin", {}),
            (
                "complete",
                "shuyang_admin",
                {"report": "完成12个部门数据目录梳理，共享接口上线38个；培训县级数据专员46人次。", "hours": 320},
            ),
        ],
    ),
    # 云途 (苏州, 苏南) → 丰县 (苏北), in progress.
    (
        "yuntu_editor",
        "苏州云途智行科技有限公司",
        "丰县数据局",
        (-14, 76),
        "智慧交通项目 驻点工程师",
        "指导丰县公交调度系统上线，带教本地运维人员。",
        ["det-iot", "digcomp-5.1"],
        "yuntu_admin",
        [("approve", "yuntu_admin", {}), ("approve", "fengxian_admin", {}), ("start", "fengxian_admin", {})],
    ),
    # 康宁 (南京, 苏南) → 沭阳 (苏北), proposed, approved by the home side only.
    (
        "kangning_admin",
        "南京康宁医疗信息技术有限公司",
        "沭阳县数据局",
        (30, 120),
        "互联网医院建设 技术顾问",
        "支持沭阳县互联网医院平台与县域医共体信息系统对接。",
        ["det-cloud", "digcomp-4.2"],
        "kangning_admin",
        [("approve", "kangning_admin", {})],
    ),
    # 如皋 (苏中) → 江阴 (苏南): learning from the south, approved.
    (
        "rugao_admin",
        "如皋市数据局",
        "江阴市数据局",
        (20, 50),
        "跟岗学习 数字政府建设",
        "学习江阴“一网通办”经验。",
        ["digcomp-2.3"],
        "rugao_admin",
        [("approve", "jiangyin_admin", {})],
    ),
    # 泰兴 (苏中) → 昆山 (苏南): approved by both sides, then cancelled by the host with its reason.
    (
        "taixing_admin",
        "泰兴市数据局",
        "昆山市数据局",
        (10, 40),
        "跟岗学习 城市运行管理中心",
        "学习昆山城市运行“一网统管”平台的建设与值守。",
        ["digcomp-2.3"],
        "taixing_admin",
        [
            ("approve", "taixing_admin", {}),
            ("approve", "kunshan_admin", {}),
            (
                "cancel",
                "kunshan_admin",
                {"reason": "接收岗位所在的平台升级项目延期至明年，本期跟岗取消，届时另行商定。"},
            ),
        ],
    ),
]


def _at(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=recurrence.SHANGHAI)


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def seed(stdout=None) -> None:
    sync_skills(Skill)
    users = {
        u.username: u for u in User.objects.filter(username__in=[*PARTICIPANTS, "trainer_admin", "trainer_xuzhou"])
    }
    providers = {o.name_zh: o for o in Organization.objects.filter(name_zh__in=list(VENUES))}
    if len(providers) < 2 or "trainer_admin" not in users:
        _say(stdout, "talent: directory demo data missing; skipped.")
        return
    trainer_of = {"江苏省数字技能培训中心": users["trainer_admin"], "徐州数字工匠学院": users["trainer_xuzhou"]}
    venues = {}
    for provider_name, rows in VENUES.items():
        for code, room, address, capacity in rows:
            venues[(provider_name, code)] = services.venue_create(
                actor=trainer_of[provider_name],
                provider=providers[provider_name],
                region=Region.objects.get(code=code),
                name=room,
                address=address,
                room_capacity=capacity,
            )

    created = {}
    for key, provider_name, title_zh, title_en, hours, fmt, skills, description in COURSES:
        provider = providers[provider_name]
        if Course.objects.filter(provider=provider, title_zh=clean_typed_text(title_zh)).exists():
            continue
        created[key] = services.course_create(
            actor=trainer_of[provider_name],
            provider=provider,
            title_zh=title_zh,
            title_en=title_en,
            planned_hours=hours,
            format=fmt,
            description_zh=description,
            language=Course.Language.ZH,
            skills=[(Skill.objects.get(code=code), level) for code, level in skills],
            publish=True,
        )
    if not created:
        _say(stdout, "talent: demo courses already present.")
        return

    _seed_upcoming(created, trainer_of, venues, users)
    if "security-online" in created:
        _seed_history(created["security-online"], trainer_of["徐州数字工匠学院"], users)
    _seed_exchanges(users, stdout)
    _say(stdout, f"talent: {len(created)} courses with sessions, enrolments, certificates and exchanges.")


def _seed_upcoming(
    created: dict[str, Course], trainer_of: dict[str, User], venues: dict, people: dict[str, User]
) -> None:
    """Upcoming sessions, through the services (conflict checks, seat allocation), each with its enrolments."""
    provider_of = {key: provider_name for key, provider_name, *_rest in COURSES}
    # In this order: course key, start, end, venue's region (None: online only), capacity, registration closes,
    # who enrols in this order (past the capacity they wait), other settings of the session (and ``cancel``: an
    # occurrence cancelled before anyone enrols, as (index, note)).
    sessions: list[
        tuple[str, dt.datetime, dt.datetime, str | None, int, dt.datetime, Sequence[str], dict[str, Any]]
    ] = [
        # 8 seats: 8 registered, 3 waitlisted.
        ("gov-data", _at(10, 9), _at(10, 12), "320583", 8, _at(8, 18), PARTICIPANTS[:11], {}),
        ("gov-data", _at(17, 14), _at(17, 17), "320281", 25, _at(15, 18), (), {}),
        (
            "ai-junior",
            _at(7, 14),
            _at(7, 17),
            "320102",
            30,
            _at(6, 18),
            ("yuntu_editor", "zhijiao_admin", "taixing_admin"),
            {
                "online_url": "https://meeting.example.com/jsdi-ai",
                "repeat_weekdays": str(_at(7, 14).weekday()),
                "repeat_count": 6,
                "cancel": (2, "讲师赴苏北调研，本次停课"),
            },
        ),
        (
            "big-data-online",
            _at(12, 19),
            _at(12, 21),
            None,
            100,
            _at(12, 12),
            ("nongxin_admin", "fengxian_admin"),
            {"online_url": "https://meeting.example.com/jsdi-bigdata"},
        ),
        # Half the seats for 苏北 learners until a week before the start.
        (
            "iiot",
            _at(14, 9),
            _at(14, 17),
            "320321",
            20,
            _at(12, 18),
            ("fengxian_admin",),
            {"quota_zone": "north", "quota_seats": 10, "quota_until": _at(7, 9)},
        ),
        # A small workshop, full: 3 registered, 2 waitlisted.
        (
            "village-mgmt",
            _at(21, 9),
            _at(21, 16),
            "321322",
            3,
            _at(19, 18),
            ("shuyang_admin", "fengxian_admin", "nongxin_admin", "kunshan_viewer", "rugao_admin"),
            {},
        ),
    ]
    for key, start, end, region, capacity, closes, enrolling, other in sessions:
        if key not in created:
            continue
        provider_name = provider_of[key]
        trainer = trainer_of[provider_name]
        settings = dict(other)
        cancel = settings.pop("cancel", None)
        session = services.session_create(
            actor=trainer,
            course=created[key],
            start=start,
            end=end,
            venue=venues[(provider_name, region)] if region else None,
            capacity=capacity,
            registration_closes=closes,
            trainers=[trainer],
            publish=True,
            **settings,
        )
        if cancel is not None:
            index, note = cancel
            services.occurrence_cancel(
                actor=trainer, occurrence=session.occurrences.order_by("start")[index], note=note
            )
        for username in enrolling:
            services.enrolment_create(person=people[username], session=session)


def _seed_history(course: Course, trainer: User, people: dict[str, User]) -> None:
    """A two-week online course that ended last week: three complete (certificates), one does not."""
    start = _at(-21, 19)
    session = Session.objects.create(
        course=course,
        start=start,
        end=start + dt.timedelta(hours=2),
        online_url="https://meeting.example.com/xuzhou-security",
        capacity=30,
        registration_closes=start - dt.timedelta(days=1),
        repeat_weekdays=str(start.weekday()),
        repeat_count=2,
        status=Session.Status.PUBLISHED,
    )
    session.trainers.add(trainer)
    for slot in recurrence.expand(start=session.start, end=session.end, weekdays=[start.weekday()], count=2):
        Occurrence.objects.create(session=session, original_date=slot.original_date, start=slot.start, end=slot.end)
    marks = {
        "kunshan_editor": ("present", "present"),
        "shuyang_admin": ("present", "late"),
        "fengxian_admin": ("present", "present"),
        "rugao_admin": ("present", "absent"),
    }
    occurrences = list(session.occurrences.order_by("start"))
    for username, statuses in marks.items():
        enrolment = Enrolment.objects.create(session=session, person=people[username], status="registered")
        for occurrence, status in zip(occurrences, statuses, strict=True):
            services.attendance_mark(actor=trainer, occurrence=occurrence, enrolment=enrolment, status=status)
    services.session_complete(actor=trainer, session=session)


def _seed_exchanges(users: dict[str, User], stdout) -> None:
    orgs = {o.name_zh: o for o in Organization.objects.all()}
    admins = {u.username: u for u in User.objects.filter(username__endswith="_admin")}
    today = timezone.localdate()
    steps: dict[str, Callable[..., Exchange]] = {
        "approve": services.exchange_approve,
        "start": services.exchange_start,
        "complete": services.exchange_complete,
        "cancel": services.exchange_cancel,
    }
    for person, home, host, days, role, goals, skills, proposer, actions in EXCHANGES:
        if Exchange.objects.filter(
            person=users[person], home_organization=orgs[home], host_organization=orgs[host]
        ).exists():
            continue
        exchange = services.exchange_propose(
            actor=admins[proposer],
            person=users[person],
            home_organization=orgs[home],
            host_organization=orgs[host],
            start_date=today + dt.timedelta(days=days[0]),
            end_date=today + dt.timedelta(days=days[1]),
            role=role,
            goals=goals,
            skills=list(Skill.objects.filter(code__in=skills)),
        )
        for step, admin, arguments in actions:
            if admin in admins:
                steps[step](actor=admins[admin], exchange=exchange, **arguments)
