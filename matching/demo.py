"""Demo data for matching: region pairs, a starter catalog when the catalog's own demo has not provided one,
a couple of subscriptions, one replication push, and every suggestion computed (``refresh_all``).

Idempotent: natural keys everywhere (``external_ref`` "demo-match:<dev id>" for catalog rows, get_or_create for
the rest), so ``seed_demo`` can run again and again.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from catalog import services as catalog_services
from catalog.models import Capability, Domain, Scenario, Solution
from directory.models import Organization, Region, User
from matching import curation, learning, services
from matching.models import Subscription, Suggestion, WeightSet

# Part of the labelled dev set, copied into the project (see matching/data/demo/README.md for source and selection).
DEMO_DATA = Path(__file__).resolve().parent / "data" / "demo"
REF_PREFIX = "demo-match:"


# Which demo firm (directory/demo.py, by Chinese name) offers the dev set's solutions of each primary domain.
FIRM_FOR_DOMAIN = {
    "transport": "苏州云途智行科技有限公司",
    "health": "南京康宁医疗信息技术有限公司",
    "elderly_care": "南京康宁医疗信息技术有限公司",
    "education": "无锡智教未来科技有限公司",
    "agriculture": "盐城农信物联科技有限公司",
    "emergency": "常州安鉴应急科技有限公司",
    "municipal": "常州安鉴应急科技有限公司",
}
OTHER_FIRM = "淮安云川软件有限公司"


def seed_region_pairs() -> int:
    """The pairing programme shipped in ``matching/data/region_pairs.csv`` (also loaded by migration 0006;
    transactional tests flush)."""
    return services.region_pairs_load()


def _records(name: str) -> list[dict]:
    path = DEMO_DATA / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _starter_catalog(stdout=None) -> tuple[int, int]:
    """Publish the dev set's scenarios located in demo counties (owned by those county offices) and the solutions
    labelled relevant to them (owned by demo firms by domain), from the copy in matching/data/demo."""
    offices = {o.region_id: o for o in Organization.objects.verified().filter(kind=Organization.Kind.COUNTY_OFFICE)}
    firms = {o.name_zh: o for o in Organization.objects.verified().filter(kind=Organization.Kind.FIRM)}
    if not offices or not firms:
        return 0, 0
    scenarios = [r for r in _records("scenarios.jsonl") if r.get("county_code") in offices]
    wanted = {r["id"] for r in scenarios}
    relevant = {
        label["solution_id"]
        for label in _records("labels.jsonl")
        if label.get("scenario_id") in wanted and int(label.get("relevance", 0)) >= 1
    }
    counties = {r.code: r for r in Region.objects.filter(level=Region.Level.COUNTY)}
    domains = {d.code: d for d in Domain.objects.all()}
    operator = catalog_services.OPERATOR
    made_s = made_p = 0
    for record in scenarios:
        ref = REF_PREFIX + record["id"]
        if Scenario.objects.filter(external_ref=ref).exists():
            continue
        description = record.get("description", "")
        scenario = catalog_services.scenario_create(
            actor=operator,
            owner=offices[record["county_code"]],
            title=record["title"],
            summary=description[:120],
            problem_statement=description,
            domain=domains[record["domain"]],
            tags=record.get("tags", []),
            budget_min=record.get("budget_min_cny") or None,
            budget_max=record.get("budget_max_cny") or None,
            deadline=timezone.now() + dt.timedelta(days=45),
            language=record.get("language", "zh"),
            replicable=True,
            external_ref=ref,
            criteria=[("技术方案 / technical approach", 50), ("价格 / price", 30), ("落地经验 / track record", 20)],
            # Publishing needs a KPI row; the dev set's records state none, so the starter rows name a generic one.
            kpis=[{"indicator": "试点覆盖率", "unit": "%", "baseline": "0", "target": "80", "method": "试点验收统计"}],
        )
        catalog_services.scenario_publish(scenario=scenario, actor=operator)
        made_s += 1
    for record in _records("solutions.jsonl"):
        if record["id"] not in relevant:
            continue
        ref = REF_PREFIX + record["id"]
        if Solution.objects.filter(external_ref=ref).exists():
            continue
        firm = firms.get(FIRM_FOR_DOMAIN.get(record["domains"][0], OTHER_FIRM)) or firms.get(OTHER_FIRM)
        if firm is None:
            continue
        description = record.get("description", "")
        deployments = [(counties[c], None, "") for c in record.get("deployed_in", []) if c in counties]
        catalog_services.solution_create(
            actor=operator,
            owner=firm,
            domains=[domains[d] for d in record["domains"] if d in domains],
            deployments=deployments,
            status=Solution.Status.PUBLISHED,
            title=record["title"],
            summary=description[:120],
            description=description,
            tags=record.get("tags", []),
            maturity=record.get("maturity") or Solution.Maturity.PILOT,
            price_min=record.get("price_min_cny") or None,
            price_max=record.get("price_max_cny") or None,
            language=record.get("language", "zh"),
            external_ref=ref,
        )
        made_p += 1
    shuyang = offices.get("321322")
    if shuyang is not None and not Scenario.objects.filter(external_ref=REF_PREFIX + "draft-bus").exists():
        # A draft only its office sees: the replication push below reaches it (Suqian is paired with Suzhou).
        catalog_services.scenario_create(
            actor=operator,
            owner=shuyang,
            title="镇村公交智能排班与实时到站",
            summary="镇村公交按固定班次人工排班，高峰运力紧张、平峰空驶多。",
            problem_statement="沭阳县镇村公交线路多、班次靠人工排定，群众等车时间长、到站时间不确定。"
            "希望利用车载定位和扫码乘车数据实现智能排班、实时调度和到站预测。",
            domain=domains["transport"],
            tags=["公交调度", "智能排班", "实时到站"],
            budget_min=500_000,
            budget_max=1_500_000,
            external_ref=REF_PREFIX + "draft-bus",
        )
    return made_s, made_p


def _subscriptions() -> int:
    made = 0
    plans = [
        (
            "yuntu_admin",
            "苏州云途智行科技有限公司",
            "苏北交通 / northern transport",
            ["transport"],
            [],
            [],
            ["north"],
            "digest",
        ),
        (
            "kangning_admin",
            "南京康宁医疗信息技术有限公司",
            "远程医疗 / telemedicine",
            ["health"],
            ["telemedicine"],
            ["321300"],
            [],
            "immediate",
        ),
    ]
    for username, firm_name, name, domain_codes, capability_codes, region_codes, zones, delivery in plans:
        user = User.objects.filter(username=username).first()
        firm = Organization.objects.filter(name_zh=firm_name).first()
        if user is None or firm is None or Subscription.objects.filter(user=user, name=name).exists():
            continue
        services.subscription_create(
            actor=user,
            organization=firm,
            name=name,
            domains=Domain.objects.filter(code__in=domain_codes),
            capabilities=Capability.objects.filter(code__in=capability_codes),
            regions=Region.objects.filter(code__in=region_codes),
            zones=zones,
            delivery=delivery,
        )
        made += 1
    return made


def seed(stdout=None) -> None:
    pairs = seed_region_pairs()
    made_s = made_p = 0
    if (
        not Scenario.objects.filter(published_at__isnull=False).exists()
        or Scenario.objects.filter(external_ref__startswith=REF_PREFIX).exists()
    ):
        made_s, made_p = _starter_catalog(stdout)
    subscriptions = _subscriptions()
    result = services.refresh_all()
    # One accepted engagement's consequence, so "proven elsewhere" has content: the bus scheduling system
    # proven in Taixing pushed to counties with similar scenarios.
    source = Scenario.objects.filter(external_ref=REF_PREFIX + "S001").first()
    proven = Solution.objects.filter(external_ref=REF_PREFIX + "P001", status=Solution.Status.PUBLISHED).first()
    if proven is None:
        # With the catalog's own demo: the best stored pair stands in for an accepted engagement.
        best = Suggestion.objects.public().select_related("scenario", "solution", "solution__owner__region").first()
        if best is not None:
            source, proven = best.scenario, best.solution
    pushed = len(services.replication_push(solution=proven, source_scenario=source)) if proven else 0
    # Learning from use: once every app has seeded (the bids and awards of the proposals demo are signals), fit
    # the weights and leave them *proposed* on the tuning page, not applied.
    transaction.on_commit(lambda: _propose_weights(stdout))
    # The curation queue: phrases that recur in every app's published texts and name no capability.
    transaction.on_commit(lambda: _offer_phrases(stdout))
    if stdout is not None:
        stdout.write(
            f"matching: {pairs} region pairs added, starter catalog {made_s} scenarios / {made_p} solutions, "
            f"{subscriptions} subscriptions, suggestions +{result.created} ~{result.updated} -{result.deleted}, "
            f"{pushed} replication recommendations"
        )


def _propose_weights(stdout=None) -> None:
    if WeightSet.objects.exists():
        return
    try:
        weight_set, _fit = learning.weights_fit(evaluate=False)
    except ValidationError as exc:
        message = " ".join(exc.messages)
    else:
        message = f"weight set {weight_set.pk} proposed from {weight_set.summary['preferences']} preferences"
    if stdout is not None:
        stdout.write(f"matching: {message}")


def _offer_phrases(stdout=None) -> None:
    offered = curation.phrases_refresh()
    if stdout is not None:
        stdout.write(f"matching: {offered} unmatched phrases offered for curation")
