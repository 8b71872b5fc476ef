"""How long ``refresh_insights`` takes on 95 counties × 24 months of history (target ≤ 30 s on SQLite).

    python -m benchmarks.insights                       # a fresh SQLite file in a temporary folder
    python -m benchmarks.insights --months 36 --per-county-month 2
    python -m benchmarks.insights --database-url postgres://postgres@127.0.0.1:5432/sce_bench

It migrates an empty database, writes a synthetic history with bulk inserts (per county and month: scenarios,
proposals, awards and engagements, questions, certificates, exchanges; dated over the last ``--months``
months), then times a first refresh (the back-fill) and a second one (idempotent rerun) — wall time and this
process's CPU time (SQLite runs in the process, so on a busy machine the CPU time is the fairer figure) — and
prints one line with the load average. Figures, not pass/fail.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--per-county-month", type=int, default=1, help="scenarios per county and month")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="sce-insights-bench-")
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from catalog.models import Domain, Question, Scenario, Solution
    from directory.demo import demo_credit_code
    from directory.models import Organization, Region, User
    from insights.models import IndicatorSnapshot
    from insights.services import refresh_insights
    from proposals.models import Award, Engagement, Proposal
    from talent.models import Certificate, Course, Enrolment, Exchange, Session

    call_command("migrate", verbosity=0)
    rng = random.Random(10)
    now = timezone.now()
    start = now - dt.timedelta(days=30 * args.months)

    def moment(month: int, day_span: int = 27) -> dt.datetime:
        return start + dt.timedelta(days=30 * month + rng.randint(0, day_span), hours=rng.randint(8, 18))

    counties = list(Region.objects.counties())
    domain = Domain.objects.first() or Domain.objects.create(code="health", name_zh="医疗卫生", name_en="Health")
    offices = Organization.objects.bulk_create(
        Organization(
            kind="county_office",
            name_zh=f"{c.name_zh}数据局",
            name_en=f"{c.name_en} Bureau",
            region=c,
            verification_status="verified",
        )
        for c in counties
    )
    firms = Organization.objects.bulk_create(
        Organization(
            kind="firm",
            name_zh=f"基准企业{i}",
            name_en=f"Bench firm {i}",
            region=counties[i * 3],
            verification_status="verified",
            credit_code=demo_credit_code(counties[i].code, 800_000 + i),
        )
        for i in range(30)
    )
    solutions = Solution.objects.bulk_create(
        Solution(owner=firm, title=f"方案{i}", status="published", published_at=start) for i, firm in enumerate(firms)
    )
    provider = Organization.objects.create(
        kind="training_provider",
        name_zh="基准培训中心",
        name_en="Bench trainer",
        region=counties[0],
        verification_status="verified",
    )
    course = Course.objects.create(provider=provider, title_zh="数字技能", planned_hours=16, status="published")
    session = Session.objects.create(
        course=course,
        start=start,
        end=start + dt.timedelta(hours=3),
        capacity=100_000,
        registration_closes=start,
        online_url="https://meeting.example.com/bench",
        status="published",
    )
    scenarios = []
    for office in offices:
        for month in range(args.months):
            for _ in range(args.per_county_month):
                published = moment(month)
                scenarios.append(
                    Scenario(
                        owner=office,
                        county=office.region,
                        title="基准场景",
                        domain=domain,
                        published_at=published,
                        deadline=published + dt.timedelta(days=30),
                        status="awarded",
                    )
                )
    scenarios = Scenario.objects.bulk_create(scenarios, batch_size=2000)
    proposals, questions = [], []
    for scenario in scenarios:
        for firm in rng.sample(firms, rng.randint(0, 3)):
            proposals.append(
                Proposal(
                    scenario=scenario,
                    firm=firm,
                    price=rng.randint(2, 50) * 100_000,
                    status="submitted",
                    submitted_at=scenario.deadline - dt.timedelta(days=2),
                )
            )
        if rng.random() < 0.7:
            asked = scenario.published_at + dt.timedelta(days=2)
            questions.append(
                Question(
                    scenario=scenario,
                    asker_organization=rng.choice(firms),
                    text="问题",
                    answer="答复",
                    created_at=asked,
                    answered_at=asked + dt.timedelta(hours=30),
                )
            )
    proposals = Proposal.objects.bulk_create(proposals, batch_size=2000)
    Question.objects.bulk_create(questions, batch_size=2000)
    winners: dict[int, Proposal] = {}
    for item in proposals:
        winners.setdefault(item.scenario_id, item)
    by_id = {s.pk: s for s in scenarios}
    awards = Award.objects.bulk_create(
        (
            Award(
                scenario_id=pk,
                reason="最优",
                decided_at=by_id[pk].deadline + dt.timedelta(days=10),
                standstill_until=by_id[pk].deadline + dt.timedelta(days=20),
                status="final",
                finalised_at=by_id[pk].deadline + dt.timedelta(days=20),
            )
            for pk in winners
        ),
        batch_size=2000,
    )
    engagements = []
    for award in awards:
        winner = winners[award.scenario_id]
        contracted = award.finalised_at + dt.timedelta(days=5)
        accepted = contracted + dt.timedelta(days=120) if rng.random() < 0.5 else None
        engagements.append(
            Engagement(
                award=award,
                proposal=winner,
                scenario_id=award.scenario_id,
                firm_id=winner.firm_id,
                solution=solutions[firms.index(next(f for f in firms if f.pk == winner.firm_id))],
                status="accepted" if accepted else "piloting",
                contracted_at=contracted,
                piloting_at=contracted + dt.timedelta(days=10),
                accepted_at=accepted,
            )
        )
    Engagement.objects.bulk_create(engagements, batch_size=2000)
    learners = User.objects.bulk_create(User(username=f"bench-learner-{i}") for i in range(len(counties) * 20))
    enrolments = Enrolment.objects.bulk_create(
        (
            Enrolment(session=session, person=person, organization=offices[i % len(offices)], status="completed")
            for i, person in enumerate(learners)
        ),
        batch_size=2000,
    )
    Certificate.objects.bulk_create(
        (
            Certificate(
                enrolment=e,
                code=f"B{e.pk:09d}",
                hours=rng.choice((8, 16, 24)),
                issued_at=moment(rng.randrange(args.months)),
            )
            for e in enrolments
        ),
        batch_size=2000,
    )
    Exchange.objects.bulk_create(
        (
            Exchange(
                person=learners[i],
                home_organization=offices[i % 39],
                home_region=offices[i % 39].region,
                host_organization=offices[-1 - i % 37],
                host_region=offices[-1 - i % 37].region,
                start_date=moment(rng.randrange(args.months)).date(),
                end_date=now.date(),
                role="交流",
                status="approved",
            )
            for i in range(len(counties) * 3)
        ),
        batch_size=2000,
    )
    facts = len(scenarios) + len(proposals) + len(questions) + len(awards) + len(engagements) + len(enrolments)

    # Wall time depends on what else the machine runs; CPU time of this process (SQLite runs in it) does not.
    cpu = time.process_time()
    first = refresh_insights()
    first_cpu = time.process_time() - cpu
    cpu = time.process_time()
    second = refresh_insights()
    second_cpu = time.process_time() - cpu
    rows = IndicatorSnapshot.objects.count()
    load = os.getloadavg()[0]
    print(
        f"database={connection.vendor} counties={len(counties)} months={first.months} facts={facts} "
        f"snapshots={rows} refresh_s={first.seconds:.2f} refresh_cpu_s={first_cpu:.2f} "
        f"rerun_s={second.seconds:.2f} rerun_cpu_s={second_cpu:.2f} load_average={load:.1f} target_s=30"
    )


if __name__ == "__main__":
    main()
