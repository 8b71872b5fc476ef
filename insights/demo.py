"""Demo data for insights: twenty months of history so that every chart of the gap monitor has a shape, then
the snapshots (seed_demo runs this after every other app).

The story: 苏南's offices open two scenarios a month at first and 苏北/苏中's one; from the tenth month the
northern offices open three a month and 苏南's one; firms from 苏南 answer them, win and pilot there, some pilots
are accepted (with their KPI results, replicable case and verified deployment, as acceptance leaves them);
questions are answered; training certificates reach learners of the northern offices; staff of
苏南 offices go north on exchanges; two northern counties submit a self-assessment.

Every date follows from the one before it and statuses agree with the dates: a proposal is submitted before
its deadline, an award only after the deadline, a scenario still before its deadline is open, one past it
without an award is evaluating, an award whose pilot runs is piloting, an accepted pilot is completed; nothing
is dated in the future except open deadlines and exchanges not yet started. Idempotent: the history's scenarios
carry ``external_ref`` ``gap-history-…``; when the first of them exists nothing is added again.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from catalog.demo import demo_kpis
from catalog.models import Domain, Question, Scenario, ScenarioKpi, Solution
from directory.models import Organization, User
from insights import maturity
from insights.models import MaturityAnswer, MaturityAssessment
from insights.services import refresh_insights
from proposals.demo import backfill_case, dated_award
from proposals.models import Engagement, Proposal
from talent.models import Certificate, Course, Enrolment, Exchange, Session, Skill, new_certificate_code
from talent.services.exchanges import working_days

MONTHS = 20
PREFIX = "gap-history-"
# County offices of the directory demo, by name: 苏北 and 苏中 (the story's subjects) and 苏南 (the baseline).
LAGGING = [
    "沭阳县数据局",
    "丰县数据局",
    "涟水县数据局",
    "东海县数据局",
    "阜宁县数据局",
    "如皋市数据局",
    "泰兴市数据局",
    "高邮市数据局",
]
LEADING = ["昆山市数据局", "江阴市数据局", "溧阳市数据局"]
SOUTH_FIRMS = [
    "苏州云途智行科技有限公司",
    "南京康宁医疗信息技术有限公司",
    "无锡智教未来科技有限公司",
    "常州安鉴应急科技有限公司",
]
NORTH_FIRMS = ["盐城农信物联科技有限公司", "淮安云川软件有限公司"]
TOPICS = [
    ("health", "乡镇卫生院远程会诊"),
    ("transport", "农村客运智能调度"),
    ("education", "乡村学校双师课堂"),
    ("municipal", "城区内涝监测预警"),
    ("agriculture", "设施农业物联网监测"),
    ("elderly_care", "居家养老智能呼叫"),
    ("emergency", "危化品运输安全监管"),
    ("government_services", "涉企事项一网通办"),
]


def _month_start(months_ago: int, now: dt.datetime) -> dt.datetime:
    local = timezone.localtime(now)
    year, month = local.year, local.month - months_ago
    while month <= 0:
        year, month = year - 1, month + 12
    return local.replace(year=year, month=month, day=1, hour=9, minute=0, second=0, microsecond=0)


def _orgs(names: list[str]) -> list[Organization]:
    found = {o.name_zh: o for o in Organization.objects.filter(name_zh__in=names).select_related("region")}
    return [found[name] for name in names if name in found]


def seed(stdout=None) -> None:
    if not Scenario.objects.filter(external_ref__startswith=PREFIX).exists():
        _history(timezone.now())
    result = refresh_insights()
    if stdout is not None:
        stdout.write(f"insights: {result.months} months of snapshots from {result.first_month or '-'}")


def _history(now: dt.datetime) -> None:
    lagging, leading = _orgs(LAGGING), _orgs(LEADING)
    south_firms, north_firms = _orgs(SOUTH_FIRMS), _orgs(NORTH_FIRMS)
    if not lagging or not leading or not south_firms:
        return  # the directory demo is not there: nothing to tell a story about
    solutions = {
        firm.pk: Solution.objects.filter(owner=firm, status=Solution.Status.PUBLISHED).first()
        for firm in south_firms + north_firms
    }
    domains = {d.code: d for d in Domain.objects.all()}
    fallback = next(iter(domains.values()))
    made: list[Scenario] = []
    serial = 0
    for months_ago in range(MONTHS - 1, -1, -1):
        start = _month_start(months_ago, now)
        # 苏南 leads at first (two calls a month against one); from month ten the north opens three a month.
        early = months_ago > 10
        offices = [lagging[(MONTHS - months_ago + k) % len(lagging)] for k in range(1 if early else 3)]
        offices += [leading[(months_ago + k) % len(leading)] for k in range(2 if early else 1)]
        for k, office in enumerate(offices):
            serial += 1
            code, topic = TOPICS[serial % len(TOPICS)]
            published = start + dt.timedelta(days=3 + 7 * k)
            if published > now:
                published = now - dt.timedelta(hours=2)
            source = next((s for s in reversed(made) if s.replicable and s.county_id != office.region_id), None)
            made.append(
                _scenario(
                    office=office,
                    serial=serial,
                    title=f"{office.region.name_zh}{topic}",
                    domain=domains.get(code, fallback),
                    published=published,
                    now=now,
                    replicable=serial % 3 == 0,
                    source=source if serial % 4 == 0 else None,
                    firms=south_firms if serial % 5 else south_firms[:1] + north_firms[:1],
                    solutions=solutions,
                )
            )
    _training(lagging, leading, now)
    _exchanges(leading, lagging, now)
    _assessments(lagging[:2], now)


def _scenario(*, office, serial, title, domain, published, now, replicable, source, firms, solutions) -> Scenario:
    deadline = published + dt.timedelta(days=30)
    scenario = Scenario.objects.create(
        owner=office,
        county=office.region,
        title=title,
        summary="演示历史：县域开放应用场景。",
        problem_statement="县域数字化短板，需要可复制的解决方案。",
        domain=domain,
        budget_min=300_000,
        budget_max=2_000_000,
        deadline=deadline,
        published_at=published,
        status=Scenario.Status.OPEN,
        replicable=replicable,
        replicated_from=source,
        external_ref=f"{PREFIX}{serial:03d}",
    )
    # Published calls state their KPIs (publishing needs one); accepted pilots report against them below.
    ScenarioKpi.objects.bulk_create(
        ScenarioKpi(scenario=scenario, position=index, **row)
        for index, row in enumerate(demo_kpis(domain.code, (deadline + dt.timedelta(days=200)).date()))
    )
    asked = published + dt.timedelta(days=3)
    answered = asked + dt.timedelta(hours=20 + 7 * (serial % 6))
    if asked <= now:
        Question.objects.create(
            scenario=scenario,
            asker_organization=firms[serial % len(firms)],
            text="现有数据能否开放接口？",
            answer="可以，按数据共享目录申请。" if answered <= now else "",
            answered_at=answered if answered <= now else None,
            created_at=asked,
        )
    bidders = [firms[serial % len(firms)], firms[(serial + 1) % len(firms)]]
    proposals = []
    for i, firm in enumerate(dict.fromkeys(bidders)):
        submitted = deadline - dt.timedelta(days=5 - i)
        if submitted > now:
            continue  # nobody has bid yet
        proposal = Proposal.objects.create(
            scenario=scenario,
            firm=firm,
            approach="分阶段建设，先试点后推广。",
            price=600_000 + 50_000 * (serial % 9) + 100_000 * i,
            status=Proposal.Status.SUBMITTED,
            version=1,
            declares_no_conflict=True,
            declares_data_security=True,
            submitted_at=submitted,
        )
        if solutions.get(firm.pk) is not None:
            proposal.solutions.set([solutions[firm.pk]])
        proposals.append(proposal)
    status = Scenario.Status.OPEN if deadline > now else Scenario.Status.EVALUATING
    decided = deadline + dt.timedelta(days=8 + serial % 10)
    winner = proposals[0] if proposals else None
    if winner is not None and decided <= now and solutions.get(winner.firm_id) is not None:
        final = decided + dt.timedelta(days=10)
        award = dated_award(scenario=scenario, winner=winner, decided=decided, final=final, now=now)
        status = Scenario.Status.AWARDED
        contracted = final + dt.timedelta(days=5)
        if contracted <= now:
            piloting = contracted + dt.timedelta(days=15)
            accepted = piloting + dt.timedelta(days=120)
            engagement_status = Engagement.Status.CONTRACTED
            if accepted <= now and serial % 2 == 0:
                engagement_status, status = Engagement.Status.ACCEPTED, Scenario.Status.COMPLETED
            elif piloting <= now:
                engagement_status, status = Engagement.Status.PILOTING, Scenario.Status.PILOTING
            engagement = Engagement.objects.create(
                award=award,
                proposal=winner,
                scenario=scenario,
                firm=winner.firm,
                solution=solutions[winner.firm_id],
                status=engagement_status,
                contracted_at=contracted,
                piloting_at=piloting if piloting <= now else None,
                accepted_at=accepted if engagement_status == Engagement.Status.ACCEPTED else None,
            )
            if engagement_status == Engagement.Status.ACCEPTED:
                # What acceptance leaves behind: KPI results, the replicable case, the verified deployment.
                backfill_case(engagement, accepted)
    Scenario.objects.filter(pk=scenario.pk).update(status=status)
    scenario.status = status
    return scenario


def _training(lagging: list[Organization], leading: list[Organization], now: dt.datetime) -> None:
    provider = Organization.objects.filter(name_zh="江苏省数字技能培训中心").first()
    if provider is None:
        return
    course, _ = Course.objects.get_or_create(
        provider=provider,
        title_zh="县域数字化骨干研修班（演示历史）",
        defaults={"title_en": "County digital leaders (demo history)", "planned_hours": 24, "status": "published"},
    )
    password = make_password(None)
    for months_ago in range(MONTHS - 1, 0, -2):
        start = _month_start(months_ago, now) + dt.timedelta(days=10)
        session = Session.objects.create(
            course=course,
            start=start,
            end=start + dt.timedelta(hours=6),
            online_url="https://meeting.example.com/demo-history",
            capacity=60,
            registration_closes=start - dt.timedelta(days=1),
            status="published",
        )
        # Two learners per southern office each time; from the north one at first, three later.
        places = [(office, 2) for office in leading] + [(office, 1 if months_ago > 10 else 3) for office in lagging]
        for office, per_office in places:
            for k in range(per_office):
                user, _ = User.objects.get_or_create(
                    username=f"{PREFIX}learner-{office.region_id}-{months_ago}-{k}",
                    defaults={"password": password, "display_name": f"学员{office.region.name_zh}{k + 1}"},
                )
                enrolment = Enrolment.objects.create(
                    session=session, person=user, organization=office, status=Enrolment.Status.COMPLETED
                )
                Certificate.objects.create(enrolment=enrolment, hours=24, issued_at=start + dt.timedelta(days=1))


def _exchanges(leading: list[Organization], lagging: list[Organization], now: dt.datetime) -> None:
    password = make_password(None)
    today = timezone.localdate()
    for i, months_ago in enumerate(range(MONTHS - 2, -2, -3)):
        home, host = leading[i % len(leading)], lagging[i % len(lagging)]
        start = _month_start(max(months_ago, 0), now).date() + dt.timedelta(days=14 if months_ago >= 0 else 45)
        end = start + dt.timedelta(days=90)
        person, _ = User.objects.get_or_create(
            username=f"{PREFIX}exchange-{i}", defaults={"password": password, "display_name": f"交流干部{i + 1}"}
        )
        status = Exchange.Status.APPROVED
        if end < today:
            status = Exchange.Status.COMPLETED
        elif start <= today:
            status = Exchange.Status.IN_PROGRESS
        completed = status == Exchange.Status.COMPLETED
        exchange = Exchange.objects.create(
            person=person,
            home_organization=home,
            home_region=home.region,
            host_organization=host,
            host_region=host.region,
            start_date=start,
            end_date=end,
            role="数据治理挂职",
            status=status,
            home_approved_at=now,
            host_approved_at=now,
            # A completed exchange ran to its end date and credits hours (half of each working day served, within
            # the 8-hour ceiling talent's exchange_complete enforces) and its skills, like any completed exchange.
            ended_on=end if completed else None,
            credited_hours=working_days(start, end) * 4 if completed else None,
            report="挂职期满，完成数据治理任务交接（演示历史）。" if completed else "",
            certificate_code=new_certificate_code() if completed else "",
        )
        exchange.skills.set(Skill.objects.filter(code__in=("det-big-data", "digcomp-1.3")))


def _assessments(offices: list[Organization], now: dt.datetime) -> None:
    levels = [[2, 2, 3, 2, 1, 2], [3, 2, 3, 3, 2, 2]]
    dimensions = [dimension.code for dimension in maturity.DIMENSIONS]
    for office, marks in zip(offices, levels, strict=False):
        assessment, created = MaturityAssessment.objects.get_or_create(
            county=office.region,
            year=timezone.localdate().year,
            defaults={
                "organization": office,
                "status": MaturityAssessment.Status.SUBMITTED,
                "score": round(sum(marks) / len(marks), 2),
                "submitted_at": now - dt.timedelta(days=20),
            },
        )
        if created:
            MaturityAnswer.objects.bulk_create(
                MaturityAnswer(assessment=assessment, dimension=d, level=m, evidence="https://example.gov.cn/plan")
                for d, m in zip(dimensions, marks, strict=True)
            )
