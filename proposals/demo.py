"""Demo data for proposals, evaluation, award and engagements, on top of ``catalog.demo`` (it runs after it),
using the catalog's open demo scenarios (no scenarios are added):

* 沭阳 "花木产业数字乡村综合服务平台" is **open with sealed proposals**: 农信 and 云途 have submitted (农信 revised
  once), 智教 holds a draft.
* 昆山 "城乡公交客流分析与智能排班" is **under evaluation**: 1 of 2 office evaluators done, and a panel of 3 drawn
  by lot from the provincial expert pool (9 experts of 9 organisations; 3 excluded for conflicts: one works for
  the bidder 云途, one declared a tie with the bidder 农信, one with 昆山's office), with 2 reserves; one drawn
  expert declined, so the first reserve sits on the panel.
* 如皋 "县域医共体远程会诊与影像中心" is **awarded** to 康宁, in its standstill period, with an unanswered objection.
* 如皋's award states a contract value below the winning price (270 万 of 280 万), visible to 如皋 and 康宁 only
  until the award is final.
* 泰兴 "农村公路养护巡检数字化" has an engagement **piloting** with milestones and a KPI, 30% of its contract
  value paid against its done milestone.
* 沭阳's adoption of 昆山's bus scenario has an **accepted** engagement: every milestone done or waived, every KPI
  reported, an acceptance report on file and a committee of two 沭阳 members who both signed off. Its replicable
  case (可复制可推广案例) is a reference case that 丰县's draft adoption shows as a similar case, and 沭阳 joined
  the solution's deployments as a *verified* deployment (the firms' own entries stay self-declared).

Everything above is created through the services, acting as the demo users of ``directory.demo``. The one
shortcut: after the proposals are in, a scenario's deadline is moved to that moment (just after the last proposal,
so none is dated after its deadline) with ``save(update_fields=…)`` (recorded in the audit trail) instead of
waiting for it.

The catalog's demo advances a few scenarios straight to *awarded*, *piloting* or *completed* (its layer has no
awards). :func:`_backfill_later_states` gives each the history its status implies, dated in the past: published,
deadline passed, one proposal submitted before the deadline, an award (final or still in its standstill) and an
engagement in the matching state — written as rows, like the gap monitor's history (``insights/demo.py``).

Idempotent: a scenario that already has proposals (or an award) is skipped.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from catalog.models import Deployment, Domain, EvaluationCriterion, Scenario, Solution
from directory.demo import DEMO_PASSWORD
from directory.models import Organization, User
from proposals import services
from proposals.models import (
    Award,
    Contract,
    Engagement,
    Evaluation,
    Expert,
    KpiResult,
    Proposal,
    ReplicableCase,
)
from proposals.services.acceptance import case_kpis

# A minimal PDF standing in for the signed acceptance report (the upload check reads the type from the content).
DEMO_REPORT = (
    b"%PDF-1.4\n% demo acceptance report\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)

DECLARED = {"declares_no_conflict": True, "declares_data_security": True}


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _solution(title: str) -> Solution:
    return Solution.objects.get(title=title)


def _proposal(
    actor: str, scenario: Scenario, solutions: list[str], price: int, approach: str, *, submit=True
) -> Proposal:
    return services.proposal_create(
        actor=_user(actor),
        scenario=scenario,
        solutions=[_solution(t) for t in solutions],
        price=price,
        approach=approach,
        deliverables="平台部署、数据对接、培训与试点期运维。",
        timeline="签约后 2 个月上线，6 个月试点。",
        team="项目经理 1 名、实施工程师 4 名、驻场运维 2 名。",
        local_service="在本县设服务点，工作日 2 小时内响应，重大故障 4 小时到场。",
        submit=submit,
        **DECLARED,
    )


def _scenario(ref: str) -> Scenario | None:
    """A catalog demo scenario that is open and has no proposals yet (``None`` otherwise: already seeded)."""
    scenario = Scenario.objects.filter(external_ref=ref).first()
    if scenario is None or not scenario.is_open or Proposal.objects.filter(scenario=scenario).exists():
        return None
    return scenario


def _close(scenario: Scenario) -> None:
    # Demo shortcut (documented above): the deadline passes now instead of in a week — after every proposal.
    scenario.refresh_from_db()
    scenario.deadline = timezone.now()
    scenario.save(update_fields=["deadline"])


def _score(evaluator: str, scenario: Scenario, marks: dict[int, list[int]], *, complete=True) -> Evaluation:
    owner_admin = scenario.owner.memberships.filter(role="admin", status="active").order_by("pk").first().user
    evaluation = services.evaluator_assign(scenario=scenario, actor=owner_admin, evaluator=_user(evaluator))
    services.evaluation_declare(evaluation=evaluation, actor=_user(evaluator), no_conflict=True)
    criteria = list(EvaluationCriterion.objects.filter(scenario=scenario).order_by("position", "id"))
    for proposal_id, values in marks.items():
        services.scores_set(
            evaluation=evaluation,
            actor=_user(evaluator),
            proposal=Proposal.objects.get(pk=proposal_id),
            scores={c.pk: v for c, v in zip(criteria, values, strict=True)},
        )
    if complete:
        services.evaluation_complete(evaluation=evaluation, actor=_user(evaluator))
    return evaluation


# The provincial expert pool: (username, display name, organisation, domains, speciality, declared tie or None).
EXPERTS = [
    ("expert_lin", "林教授", "江苏省数字技能培训中心", ["transport", "education"], "交通运输规划 教授", None),
    ("expert_gu", "顾研究员", "徐州数字工匠学院", ["transport"], "智能交通 研究员", None),
    ("expert_shen", "沈高工", "苏州市数据局", ["transport", "municipal"], "城市数据治理 高级工程师", None),
    ("expert_tang", "唐工", "江阴市数据局", ["transport"], "公交信息化 工程师", None),
    ("expert_qin", "秦主任", "高邮市数据局", ["transport", "government_services"], "政务数据 主任", None),
    ("expert_xu", "许博士", "常州安鉴应急科技有限公司", ["transport", "emergency"], "应急交通 博士", None),
    ("expert_he", "何总工", "苏州云途智行科技有限公司", ["transport"], "车路协同 总工程师", None),
    (
        "expert_wei",
        "魏教授",
        "淮安云川软件有限公司",
        ["transport", "agriculture"],
        "数字乡村 教授",
        ("盐城农信物联科技有限公司", "曾任技术顾问（2024—2025）"),
    ),
    (
        "expert_jiang",
        "蒋老师",
        "无锡智教未来科技有限公司",
        ["transport", "education"],
        "交通大数据 讲师",
        ("昆山市数据局", "配偶在该局任职"),
    ),
]


def _expert_pool() -> None:
    """The pool the provincial office keeps (idempotent: an existing expert is left as is)."""

    keeper = _user("province_admin")
    for username, name, org_name, domains, speciality, tie in EXPERTS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"display_name": name, "email": f"{username}@example.com"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if Expert.objects.filter(user=user).exists():
            continue
        expert = services.expert_add(
            actor=keeper,
            user=user,
            organization=Organization.objects.get(name_zh=org_name),
            domains=Domain.objects.filter(code__in=domains),
            speciality=speciality,
        )
        if tie is not None:
            services.expert_tie_declare(
                actor=user, expert=expert, organization=Organization.objects.get(name_zh=tie[0]), nature=tie[1]
            )


def _award(admin: str, scenario: Scenario, winners: list[Proposal], reason: str, standstill: int, contract_values=None):
    award = services.award_decide(
        scenario=scenario,
        actor=_user(admin),
        proposals=[p.pk for p in winners],
        reason=reason,
        standstill=standstill,
        contract_values=contract_values,
    )
    if standstill == 0:
        services.award_finalise(award=award, actor=_user(admin))
    return award


def seed(stdout=None) -> None:
    done = []

    # A. Open, sealed.
    flowers = _scenario("demo-sy-flower")
    if flowers is not None:
        p = _proposal("nongxin_admin", flowers, ["数字乡村综合服务平台"], 1_880_000, "花木交易、物流与金融服务一张网。")
        services.proposal_update(proposal=p, actor=_user("nongxin_admin"), price=1_790_000)
        _proposal("yuntu_admin", flowers, ["农村公路病害 AI 巡检"], 1_250_000, "以物流道路数字化切入花木产业服务。")
        _proposal(
            "zhijiao_admin", flowers, ["课后服务一站式管理平台"], 600_000, "（草稿）花木技能培训模块。", submit=False
        )
        done.append("open")

    # B. Under evaluation: 1 of 2 evaluators done.
    bus = _scenario("demo-ks-bus")
    if bus is not None:
        a = _proposal(
            "yuntu_admin", bus, ["云途公交智能排班调度系统"], 1_680_000, "基于刷卡与车载定位数据的客流预测和动态排班。"
        )
        b = _proposal(
            "nongxin_admin", bus, ["数字乡村综合服务平台"], 1_200_000, "以数字乡村平台为底座扩展城乡公交出行服务。"
        )
        _close(bus)
        _score("kunshan_admin", bus, {a.pk: [9, 8, 7, 8], b.pk: [6, 5, 8, 7]})
        _score("kunshan_editor", bus, {a.pk: [8, 9, 7, 9]}, complete=False)
        _expert_pool()
        draw = services.panel_draw(scenario=bus, actor=_user("kunshan_admin"), size=3, reserves=2)
        first = draw.seats.get(position=1)
        services.panel_seat_decline(seat=first, actor=first.expert.user, reason="评审期间出差，无法参加。")
        done.append("evaluating (with a drawn panel)")

    # C. Awarded, in the standstill period, with an objection waiting for an answer.
    health = _scenario("demo-rg-health")
    if health is not None:
        a = _proposal(
            "kangning_admin",
            health,
            ["县域医共体远程会诊平台", "区域影像云与远程阅片"],
            2_800_000,
            "医共体远程会诊与区域影像中心一体化建设。",
        )
        b = _proposal("nongxin_admin", health, ["数字乡村综合服务平台"], 2_100_000, "在村级服务站接入远程问诊终端。")
        _close(health)
        _score("rugao_admin", health, {a.pk: [9, 9, 7, 8], b.pk: [6, 6, 8, 7]})
        # The contract value was negotiated below the price (270 万 of 280 万): until the award is final only
        # 如皋 and 康宁 see it.
        award = _award(
            "rugao_admin",
            health,
            [a],
            "技术方案与同类县域案例得分最高，影像中心方案经专家论证可行。",
            10,
            contract_values={a.pk: "270万"},
        )
        services.objection_submit(
            award=award, actor=_user("nongxin_admin"), proposal=b, text="我方报价更低，请说明价格分的计算方法。"
        )
        done.append("awarded")

    # D. Piloting, with milestones and a KPI.
    road = _scenario("demo-tx-bus")
    if road is not None:
        a = _proposal(
            "yuntu_admin", road, ["农村公路病害 AI 巡检"], 1_380_000, "公交车载摄像头 + AI 识别病害，自动派单。"
        )
        b = _proposal("zhijiao_admin", road, ["智慧体育体质监测"], 990_000, "（跨界）以视觉识别平台改造。")
        _close(road)
        _score("taixing_admin", road, {a.pk: [9, 8, 8, 8], b.pk: [4, 3, 9, 6]})
        _award("taixing_admin", road, [a], "综合得分第一，已在同类县域应用。", 0)
        engagement = Engagement.objects.get(scenario=road)
        today = timezone.localdate()
        yuntu = _user("yuntu_admin")
        first = services.milestone_add(
            engagement=engagement, actor=yuntu, title="30 辆公交车加装摄像头", due_date=today - dt.timedelta(days=5)
        )
        services.milestone_add(
            engagement=engagement, actor=yuntu, title="病害识别准确率验收测试", due_date=today + dt.timedelta(days=2)
        )
        services.engagement_advance(engagement=engagement, actor=_user("taixing_admin"), to="piloting")
        services.milestone_done(milestone=first, actor=yuntu, done_date=today - dt.timedelta(days=6))
        # 30% paid against the first milestone; 70% remains.
        services.payment_record(
            engagement=engagement,
            actor=_user("taixing_admin"),
            milestone=first,
            amount="41.4万",
            paid_on=today - dt.timedelta(days=3),
            note="首付款（30%），摄像头安装完成后支付。",
        )
        first_kpi = road.kpis.order_by("position", "id").first()
        if first_kpi is not None:
            services.kpi_report(engagement=engagement, actor=yuntu, kpi=first_kpi, result="平均 3 天", met=True)
        done.append("piloting")

    # E. Accepted: 沭阳 adopted 昆山's bus scenario and piloted it — a reference case.
    source = Scenario.objects.filter(external_ref="demo-ks-bus").first()
    adoption = (
        Scenario.objects.filter(replicated_from=source, owner__name_zh__startswith="沭阳").first() if source else None
    )
    town_bus = None
    if adoption is not None and adoption.is_open and not Proposal.objects.filter(scenario=adoption).exists():
        town_bus = adoption
    if town_bus is not None:
        a = _proposal(
            "yuntu_admin", town_bus, ["云途公交智能排班调度系统"], 1_150_000, "客流预测 + 动态排班 + 电子站牌。"
        )
        _close(town_bus)
        _score("shuyang_admin", town_bus, {a.pk: [9, 9, 8, 9]})
        _award("shuyang_admin", town_bus, [a], "唯一有效投标，技术方案满足全部要求。", 0)
        engagement = Engagement.objects.get(scenario=town_bus)
        admin = _user("shuyang_admin")
        milestone = services.milestone_add(
            engagement=engagement, actor=admin, title="18 条线路接入", due_date=timezone.localdate()
        )
        screens = services.milestone_add(
            engagement=engagement, actor=admin, title="电子站牌 40 块", due_date=timezone.localdate()
        )
        services.engagement_advance(engagement=engagement, actor=admin, to="piloting")
        services.milestone_done(milestone=milestone, actor=admin)
        services.payment_record(
            engagement=engagement,
            actor=admin,
            milestone=milestone,
            amount="80万",
            paid_on=timezone.localdate(),
            note="线路接入完成后支付。",
        )
        services.milestone_waive(
            milestone=screens, actor=admin, reason="电子站牌改由交通局统一采购，不在本次试点范围内。"
        )
        results = {"高峰平均候车时间": "下降 27%（18 → 13 分钟）", "群众满意度": "93%"}
        for kpi in town_bus.kpis.order_by("position", "id"):
            services.kpi_report(
                engagement=engagement, actor=admin, kpi=kpi, result=results.get(kpi.indicator, "达标"), met=True
            )
        services.engagement_advance(engagement=engagement, actor=admin, to="deployed")
        services.engagement_report(
            engagement=engagement,
            actor=admin,
            lessons="先做客流数据治理再上排班算法；司机排班规则要提前与公交公司确认。",
            outcome="试点线路高峰候车时间下降 27%，平峰空驶率下降 15%。",
        )
        services.acceptance_report_submit(
            engagement=engagement,
            actor=admin,
            conclusion="passed",
            summary="18 条线路全部接入，两项 KPI 均达标；专家组现场核验排班效果。",
            upload=ContentFile(DEMO_REPORT, name="沭阳公交试点验收报告.pdf"),
        )
        editor = _user("shuyang_editor")
        services.committee_appoint(engagement=engagement, actor=admin, members=[admin, editor], quorum=2)
        services.acceptance_sign(engagement=engagement, actor=admin, note="同意通过验收。")
        services.acceptance_sign(engagement=engagement, actor=editor)
        services.engagement_advance(engagement=engagement, actor=admin, to="accepted", cost=1_150_000)
        done.append("accepted")

    backfilled = _backfill_later_states(timezone.now())
    if backfilled:
        done.append(f"{backfilled} award histories")

    if stdout is not None:
        stdout.write(f"proposals: {', '.join(done) or 'nothing'} added")


# Days between publication and now for a scenario the catalog demo left in a later state: enough for the history
# below to reach that state (award decided 38 days after publication, final after 48, pilot from 68, accepted 188).
LATER_STATES = {Scenario.Status.AWARDED: 45, Scenario.Status.PILOTING: 90, Scenario.Status.COMPLETED: 200}


def dated_award(
    *, scenario: Scenario, winner: Proposal, decided: dt.datetime, final: dt.datetime, now: dt.datetime
) -> Award:
    """An award decided at ``decided`` whose standstill ends at ``final``: final from then if that is past at ``now``,
    else still in its standstill (demo histories: here and the gap monitor's, ``insights/demo.py``)."""
    award = Award.objects.create(
        scenario=scenario,
        reason="综合评分最高（演示数据）。",
        decided_at=decided,
        standstill_until=final,
        status=Award.Status.FINAL if final <= now else Award.Status.STANDSTILL,
        finalised_at=final if final <= now else None,
    )
    award.proposals.set([winner])
    if winner.price is not None:
        Contract.objects.create(award=award, proposal=winner, value=winner.price, set_at=decided)
    return award


def _backfill_later_states(now: dt.datetime) -> int:
    """Give every demo scenario that is awarded, piloting or completed without an award the history its status
    implies (see the module docstring). Returns how many were back-filled."""
    count = 0
    pending = Scenario.objects.filter(
        external_ref__startswith="demo-", status__in=list(LATER_STATES), award__isnull=True
    ).select_related("county", "domain")
    for scenario in pending:
        solution = (
            Solution.objects.filter(
                status=Solution.Status.PUBLISHED,
                domains=scenario.domain,
                owner__verification_status=Organization.Verification.VERIFIED,
            )
            .exclude(owner__region__zone=scenario.county.zone)
            .order_by("pk")
            .first()
        ) or Solution.objects.filter(status=Solution.Status.PUBLISHED).order_by("pk").first()
        if solution is None:
            continue
        published = now - dt.timedelta(days=LATER_STATES[scenario.status])
        deadline = published + dt.timedelta(days=30)
        decided = deadline + dt.timedelta(days=8)
        final = decided + dt.timedelta(days=10)
        contracted = final + dt.timedelta(days=5)
        piloting = contracted + dt.timedelta(days=15)
        accepted = piloting + dt.timedelta(days=120)
        Scenario.objects.filter(pk=scenario.pk).update(published_at=published, deadline=deadline)
        proposal = Proposal.objects.create(
            scenario=scenario,
            firm=solution.owner,
            approach="演示数据：分阶段建设，先试点后推广。",
            price=max(scenario.budget_min or 0, 300_000),
            status=Proposal.Status.SUBMITTED,
            version=1,
            declares_no_conflict=True,
            declares_data_security=True,
            submitted_at=deadline - dt.timedelta(days=5),
        )
        proposal.solutions.set([solution])
        award = dated_award(scenario=scenario, winner=proposal, decided=decided, final=final, now=now)
        if scenario.status != Scenario.Status.AWARDED:
            completed = scenario.status == Scenario.Status.COMPLETED
            engagement = Engagement.objects.create(
                award=award,
                proposal=proposal,
                scenario=scenario,
                firm=solution.owner,
                solution=solution,
                status=Engagement.Status.ACCEPTED if completed else Engagement.Status.PILOTING,
                contracted_at=contracted,
                piloting_at=piloting,
                accepted_at=accepted if completed else None,
                outcome="试点达到预期指标，已通过验收（演示数据）。" if completed else "",
            )
            if completed:
                backfill_case(engagement, accepted)
        count += 1
    return count


def backfill_case(engagement: Engagement, accepted: dt.datetime) -> None:
    """What acceptance leaves behind for a back-filled accepted engagement: a result for every KPI, the
    replicable case and the verified deployment (written as rows, dated at acceptance)."""
    for kpi in engagement.scenario.kpis.all():
        KpiResult.objects.create(
            engagement=engagement,
            kpi=kpi,
            name=kpi.indicator,
            target=f"{kpi.target}{kpi.unit}",
            result="达标（演示数据）",
            met=True,
            measured_at=accepted.date(),
        )
    scenario = engagement.scenario
    ReplicableCase.objects.create(
        engagement=engagement,
        title=scenario.title,
        problem=scenario.problem_statement or scenario.title,
        solution_summary=engagement.solution.summary or engagement.solution.title,
        kpis_achieved=case_kpis(engagement),
        lessons="试点前统一数据口径，验收时对照 KPI 逐项核验（演示数据）。",
        contact_name=scenario.contact_name,
        contact_email=scenario.contact_email,
        published_at=accepted,
    )
    deployment, _created = Deployment.objects.get_or_create(
        solution=engagement.solution,
        county=scenario.county,
        year=timezone.localtime(accepted).year,
        defaults={"note": f"验收通过：{scenario.title}"[:300]},
    )
    deployment.verification = Deployment.Verification.VERIFIED
    deployment.verified_at = accepted
    deployment.save()
    engagement.deployment = deployment
    engagement.save(update_fields=["deployment"])
