"""Demo data for proposals, evaluation, award and engagements, on top of ``catalog.demo`` (it runs after it).

* 昆山 "城乡公交客流分析与智能排班" (catalog's ks-bus) is **open with sealed proposals**: 云途 and 农信 have
  submitted (云途 revised once), 智教 holds a draft.
* 昆山 "乡镇卫生院远程会诊与慢病随访" is **under evaluation**: 1 of 2 evaluators done.
* 如皋 "独居老人居家智能监护（如皋）" is **awarded** to 康宁, in its standstill period, with an unanswered objection.
* 泰兴 "农村公路病害巡检数字化试点" has an engagement **piloting** with milestones and a KPI.
* 沭阳 "县城公交智能调度试点" has an **accepted** engagement — a reference case that 昆山's open bus scenario and
  丰县's draft adoption show as a similar case; 沭阳 joined the solution's deployments.

Everything is created through the services, acting as the demo users of ``directory.demo``. The one shortcut:
after the proposals are in, a scenario's deadline is moved to one minute ago with ``save(update_fields=…)``
(recorded in the audit trail) instead of waiting for it. Idempotent: each scenario is keyed by its
``external_ref`` (``demo-prop-…``) and skipped when it exists.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from catalog import services as catalog_services
from catalog.models import EvaluationCriterion, Scenario, Solution
from directory.models import Organization, User
from matching.proposals import services
from matching.proposals.models import Engagement, Evaluation, Proposal

OP = catalog_services.OPERATOR
CRITERIA = [("技术方案与可行性", 40), ("同类县域案例", 25), ("报价合理性", 20), ("本地化服务与运维", 15)]
DECLARED = {"declares_no_conflict": True, "declares_data_security": True}


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _office(prefix: str) -> Organization:
    return Organization.objects.get(name_zh__startswith=prefix, kind=Organization.Kind.COUNTY_OFFICE)


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


def _scenario(
    key: str, office: str, domain: str, title: str, problem: str, caps: list[str], budget: tuple[int, int]
) -> Scenario | None:
    ref = f"demo-prop-{key}"
    if Scenario.objects.filter(external_ref=ref).exists():
        return None
    from catalog.models import Domain

    scenario = catalog_services.scenario_create(
        actor=OP,
        owner=_office(office),
        capabilities=caps,
        criteria=CRITERIA,
        title=title,
        summary=problem[:80],
        problem_statement=problem,
        expected_outcomes="响应时间缩短 30%；群众满意度 90% 以上；形成可复制推广的县域方案。",
        open_resources="开放业务数据接口（脱敏）与 2–3 个试点点位，试点期 6 个月。",
        domain=Domain.objects.get(code=domain),
        budget_min=budget[0] * 10_000,
        budget_max=budget[1] * 10_000,
        deadline=timezone.now() + dt.timedelta(days=7),
        replicable=True,
        external_ref=ref,
    )
    return catalog_services.scenario_publish(scenario=scenario, actor=OP, reason="演示数据")


def _close(scenario: Scenario) -> None:
    # Demo shortcut (documented above): the deadline passes now instead of in a week.
    scenario.refresh_from_db()
    scenario.deadline = timezone.now() - dt.timedelta(minutes=1)
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


def _award(admin: str, scenario: Scenario, winners: list[Proposal], reason: str, standstill: int):
    award = services.award_decide(
        scenario=scenario, actor=_user(admin), proposals=[p.pk for p in winners], reason=reason, standstill=standstill
    )
    if standstill == 0:
        services.award_finalise(award=award, actor=_user(admin))
    return award


def seed(stdout=None) -> None:
    done = []

    # A. Open, sealed: catalog's 昆山 bus scenario.
    bus = Scenario.objects.filter(external_ref="demo-ks-bus").first()
    if bus is not None and bus.is_open and not Proposal.objects.filter(scenario=bus).exists():
        p = _proposal(
            "yuntu_admin", bus, ["云途公交智能排班调度系统"], 1_680_000, "基于刷卡与车载定位数据的客流预测和动态排班。"
        )
        services.proposal_update(proposal=p, actor=_user("yuntu_editor"), price=1_590_000)
        _proposal("nongxin_admin", bus, ["数字乡村综合服务平台"], 1_200_000, "以数字乡村平台为底座扩展公交出行服务。")
        _proposal("zhijiao_admin", bus, ["课后服务一站式管理平台"], 900_000, "（草稿）校车与公交接驳。", submit=False)
        done.append("open")

    # B. Under evaluation: 1 of 2 evaluators done.
    health = _scenario(
        "ks-health", "昆山", "health", "乡镇卫生院远程会诊与慢病随访",
        "全市 10 个乡镇卫生院缺少专科医生，慢病患者随访率不足 60%，需要县乡两级远程会诊和随访管理。",
        ["telemedicine", "chronic_disease"], (120, 260),
    )  # fmt: skip
    if health is not None:
        a = _proposal(
            "kangning_admin",
            health,
            ["县域医共体远程会诊平台", "慢病随访管理小程序"],
            2_350_000,
            "医共体一体化：远程会诊、影像与慢病随访。",
        )
        b = _proposal("nongxin_admin", health, ["数字乡村综合服务平台"], 1_450_000, "在村级服务站嵌入健康随访模块。")
        _close(health)
        _score("kunshan_admin", health, {a.pk: [9, 8, 7, 8], b.pk: [6, 5, 8, 7]})
        _score("kunshan_editor", health, {a.pk: [8, 9, 7, 9]}, complete=False)
        done.append("evaluating")

    # C. Awarded, in the standstill period, with an objection waiting for an answer.
    elder = _scenario(
        "rg-elder", "如皋", "elderly_care", "独居老人居家智能监护（如皋）",
        "全市 80 岁以上独居老人约 5000 人，夜间跌倒和突发疾病难以及时发现。",
        ["home_care", "iot_sensing"], (150, 320),
    )  # fmt: skip
    if elder is not None:
        a = _proposal(
            "kangning_admin", elder, ["居家养老智能监护包"], 2_800_000, "毫米波雷达跌倒监测 + 一键呼叫 + 网格员联动。"
        )
        b = _proposal("nongxin_admin", elder, ["数字乡村综合服务平台"], 2_100_000, "村级平台接入智能手环。")
        _close(elder)
        _score("rugao_admin", elder, {a.pk: [9, 9, 7, 8], b.pk: [6, 6, 8, 7]})
        award = _award("rugao_admin", elder, [a], "技术方案与同类案例得分最高，跌倒识别准确率经现场测试达标。", 10)
        services.objection_submit(
            award=award, actor=_user("nongxin_admin"), proposal=b, text="我方报价更低，请说明价格分的计算方法。"
        )
        done.append("awarded")

    # D. Piloting, with milestones and a KPI.
    road = _scenario(
        "tx-road", "泰兴", "transport", "农村公路病害巡检数字化试点",
        "农村公路 3000 公里，人工巡查频次低，坑槽、裂缝发现滞后。",
        ["road_maintenance", "video_ai"], (80, 180),
    )  # fmt: skip
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
        first = services.milestone_add(
            engagement=engagement,
            actor=_user("yuntu_admin"),
            title="30 辆公交车加装摄像头",
            due_date=today - dt.timedelta(days=5),
        )
        services.milestone_add(
            engagement=engagement,
            actor=_user("yuntu_admin"),
            title="病害识别准确率验收测试",
            due_date=today + dt.timedelta(days=2),
        )
        services.engagement_advance(engagement=engagement, actor=_user("taixing_admin"), to="piloting")
        services.milestone_done(milestone=first, actor=_user("yuntu_admin"), done_date=today - dt.timedelta(days=6))
        services.kpi_record(
            engagement=engagement,
            actor=_user("yuntu_admin"),
            name="病害发现时间",
            target="≤ 7 天",
            result="平均 3 天",
            met=True,
        )
        done.append("piloting")

    # E. Accepted: a reference case.
    town_bus = _scenario(
        "sy-bus", "沭阳", "transport", "县城公交智能调度试点",
        "县城公交 18 条线路，发车间隔固定，高峰拥挤、平峰空驶。",
        ["bus_dispatch"], (60, 150),
    )  # fmt: skip
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
        services.engagement_advance(engagement=engagement, actor=admin, to="piloting")
        services.milestone_done(milestone=milestone, actor=admin)
        services.kpi_record(
            engagement=engagement, actor=admin, name="高峰平均候车时间", target="下降 20%", result="下降 27%", met=True
        )
        services.engagement_advance(engagement=engagement, actor=admin, to="deployed")
        services.engagement_report(
            engagement=engagement,
            actor=admin,
            lessons="先做客流数据治理再上排班算法；司机排班规则要提前与公交公司确认。",
            outcome="试点线路高峰候车时间下降 27%，平峰空驶率下降 15%。",
        )
        services.engagement_advance(engagement=engagement, actor=admin, to="accepted")
        done.append("accepted")

    if stdout is not None:
        stdout.write(f"proposals: {', '.join(done) or 'nothing'} added")
