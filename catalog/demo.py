"""Demo data for the catalog: scenarios in every zone, domain and state, solutions of the demo firms with
deployments, a few answered questions and an adoption family (a 苏南 scenario adopted by a 苏北 county).

Idempotent: every object has a natural key (``external_ref`` = ``demo-…``), so running ``seed_demo`` again
changes nothing. Uses the organisations and users of ``directory.demo``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.files import File
from django.utils import timezone

from catalog import jobs as catalog_jobs
from catalog import services
from catalog.models import Capability, Domain, Question, ResourceRequest, Scenario, Solution
from core.models import FileJob
from directory.models import Organization, Region, User

DEMO_IMPORT = Path(__file__).resolve().parent / "data" / "demo" / "province_import.jsonl"

OP = services.OPERATOR
CRITERIA = [("技术方案与可行性", 40), ("同类县域案例", 25), ("报价合理性", 20), ("本地化服务与运维", 15)]

# key, office (name_zh prefix), domain, tier, title, summary, problem, capabilities, budget min/max (万), funding,
# state, replicable
SCENARIOS = [
    (
        "ks-bus",
        "昆山",
        "transport",
        "small",
        "城乡公交客流分析与智能排班",
        "用刷卡和定位数据动态调整发车间隔。",
        "全市城乡公交线路 120 余条，高峰运力紧张、平峰空驶率高，群众反映候车时间长、到站时间不确定。",
        ["bus_dispatch"],
        80,
        200,
        "fiscal",
        "open",
        True,
    ),
    (
        "ks-elder",
        "昆山",
        "elderly_care",
        "small",
        "独居老人居家智能监护",
        "为 3000 户独居老人提供跌倒报警与紧急呼叫。",
        "全市 80 岁以上独居老人约 3000 人，夜间跌倒、突发疾病难以及时发现，社区网格员巡访压力大。",
        ["home_care", "iot_sensing"],
        150,
        300,
        "subsidy",
        "evaluating",
        True,
    ),
    (
        "jy-ind",
        "江阴",
        "industry",
        "industry",
        "中小企业智改数转诊断服务",
        "为 200 家规上企业提供数字化诊断和改造路线图。",
        "中小制造企业数字化基础薄弱、不知从何入手，改造项目投入产出难评估。",
        ["industrial_internet"],
        300,
        800,
        "subsidy",
        "awarded",
        False,
    ),
    (
        "jy-carbon",
        "江阴",
        "industry",
        "comprehensive",
        "工业园区能耗与碳排放监测平台",
        "园区企业能耗在线监测、碳排放核算。",
        "园区 400 余家企业能耗数据分散在电力、燃气、供热多个系统，双碳考核缺少统一底数。",
        ["energy_carbon", "data_platform"],
        500,
        1200,
        "ppp",
        "open",
        True,
    ),
    (
        "ly-tour",
        "溧阳",
        "culture_tourism",
        "small",
        "天目湖景区客流监测与分时预约",
        "节假日客流预警、分时预约和最大承载量管控。",
        "节假日游客集中，核心景点拥堵，缺少实时客流数据支撑限流和疏导。",
        ["visitor_flow"],
        60,
        150,
        "fiscal",
        "piloting",
        True,
    ),
    (
        "rg-health",
        "如皋",
        "health",
        "industry",
        "县域医共体远程会诊与影像中心",
        "乡镇卫生院检查、县医院诊断，结果互认。",
        "乡镇卫生院缺少影像诊断医生，群众小病也往县城跑，县医院专家号紧张。",
        ["telemedicine", "teleradiology", "medical_alliance"],
        400,
        900,
        "fiscal",
        "open",
        True,
    ),
    (
        "rg-meal",
        "如皋",
        "elderly_care",
        "small",
        "老年助餐刷脸就餐与补贴结算",
        "助餐点刷脸识别身份、自动结算补贴。",
        "全市 60 个老年助餐点手工登记就餐和补贴，核对工作量大，存在冒领风险。",
        ["elderly_meals"],
        30,
        80,
        "fiscal",
        "completed",
        True,
    ),
    (
        "tx-bus",
        "泰兴",
        "transport",
        "small",
        "农村公路养护巡检数字化",
        "车载视频自动识别路面病害，生成养护工单。",
        "农村公路里程长、养护人员少，路面病害发现不及时，路长制考核缺少数据。",
        ["road_maintenance", "video_ai"],
        50,
        120,
        "fiscal",
        "open",
        False,
    ),
    (
        "tx-edu",
        "泰兴",
        "education",
        "small",
        "课后服务选课与签到管理",
        "家长线上选课缴费，教师签到签退，经费自动结算。",
        "全市 90 所中小学课后服务依靠纸质登记，经费结算慢，家长满意度不高。",
        ["after_school"],
        40,
        90,
        "fiscal",
        "cancelled",
        False,
    ),
    (
        "gy-agri",
        "高邮",
        "agriculture",
        "industry",
        "高邮湖螃蟹养殖水质在线监测",
        "溶解氧、水温在线监测并自动控制增氧机。",
        "养殖户夜间巡塘辛苦，缺氧泛塘损失大，养殖数据无法支撑保险和品牌。",
        ["smart_aquaculture", "traceability"],
        80,
        200,
        "subsidy",
        "open",
        True,
    ),
    (
        "sy-flower",
        "沭阳",
        "agriculture",
        "comprehensive",
        "花木产业数字乡村综合服务平台",
        "花木电商、物流与质量追溯一体化。",
        "沭阳花木电商规模大但品牌弱，退货纠纷多，缺少产地质量追溯。",
        ["digital_village", "traceability"],
        600,
        1500,
        "reits",
        "open",
        True,
    ),
    (
        "sy-gov",
        "沭阳",
        "government_services",
        "small",
        "12345 热线工单智能分派",
        "语义识别群众诉求，自动分派到责任单位。",
        "热线日均工单 2000 件，人工分派慢、退单多，热点诉求难以及时发现。",
        ["hotline_12345", "nlp"],
        100,
        250,
        "fiscal",
        "evaluating",
        False,
    ),
    (
        "fx-fire",
        "丰县",
        "emergency",
        "small",
        "九小场所消防物联网监测",
        "独立烟感和电气火灾监测接入统一平台。",
        "沿街九小场所数量多、火灾隐患大，消防检查人手不足。",
        ["fire_iot"],
        80,
        160,
        "fiscal",
        "open",
        True,
    ),
    (
        "fx-edu",
        "丰县",
        "education",
        "industry",
        "乡村学校双师课堂",
        "县城名师同步授课，乡村教师辅导。",
        "乡村学校音体美和英语教师缺口大，开不齐课、开不好课。",
        ["dual_teacher_classroom"],
        120,
        300,
        "fiscal",
        "draft",
        True,
    ),
    (
        "ls-muni",
        "涟水",
        "municipal",
        "small",
        "城区易涝点积水监测预警",
        "易涝点水位监测、泵站联动和预警发布。",
        "汛期城区多处低洼路段积水，缺少实时监测，群众出行受影响。",
        ["urban_flooding", "iot_sensing"],
        90,
        200,
        "fiscal",
        "open",
        False,
    ),
    (
        "dh-emerg",
        "东海",
        "emergency",
        "comprehensive",
        "县级应急指挥一张图",
        "防汛、森林防火和危化品监测统一指挥调度。",
        "各部门监测系统分散，突发事件时信息汇总慢、会商靠电话。",
        ["emergency_command", "forest_fire"],
        500,
        1000,
        "fiscal",
        "open",
        False,
    ),
    (
        "dh-tour",
        "东海",
        "culture_tourism",
        "small",
        "水晶文化乡村旅游数字营销",
        "短视频和小程序推广乡村民宿与水晶文化。",
        "乡村旅游资源分散，游客停留时间短，民宿入住率低。",
        ["rural_tourism_marketing"],
        30,
        60,
        "firm",
        "awarded",
        True,
    ),
    (
        "fn-gov",
        "阜宁",
        "government_services",
        "small",
        "惠企政策免申即享",
        "企业画像与政策自动匹配，符合条件直接兑现。",
        "惠企政策条款多、申报繁琐，很多企业不知道自己能享受哪些政策。",
        ["enterprise_policy", "one_stop_service"],
        80,
        180,
        "fiscal",
        "open",
        True,
    ),
    (
        "fn-muni",
        "阜宁",
        "municipal",
        "small",
        "智慧路灯节能改造",
        "单灯控制与 LED 改造，合同能源管理。",
        "城区 8000 盏高压钠灯能耗高、故障发现慢。",
        ["street_lighting"],
        200,
        500,
        "ppp",
        "draft",
        False,
    ),
    (
        "gy-health",
        "高邮",
        "health",
        "small",
        "高血压糖尿病慢病随访管理",
        "村医随访数据上云，县级专家远程指导。",
        "全市慢病患者 8 万人，村医随访记录不规范，控制率偏低。",
        ["chronic_disease"],
        60,
        150,
        "fiscal",
        "open",
        False,
    ),
    (
        "ly-edu",
        "溧阳",
        "education",
        "small",
        "校园食堂明厨亮灶 AI 监管",
        "后厨视频 AI 识别违规行为并预警。",
        "学校食堂点多面广，监管人员少，后厨操作规范难以实时监督。",
        ["campus_food_safety", "video_ai"],
        40,
        100,
        "fiscal",
        "open",
        True,
    ),
]

# Keywords firms typed beside the capabilities they chose (read by the vocabulary as on the page; one it does not
# know waits on the curation page).
SOLUTION_TAGS = {"云途公交智能排班调度系统": ["客流预测", "定制公交", "镇村公交一体化"]}

# A draft a firm is still writing: only its members see it, and its page offers "Delete draft…".
DRAFT_SOLUTIONS = [
    (
        "苏州云途",
        "云途需求响应式公交（试运行）",
        "按乘客预约动态生成线路，服务镇村出行。",
        ["transport"],
        ["需求响应式公交", "定制公交"],
    ),
]

# firm key (name_zh prefix), title, summary, domains, capabilities, maturity, price 万, delivery, certifications,
# deployments [(county code, year)]
SOLUTIONS = [
    (
        "苏州云途",
        "云途公交智能排班调度系统",
        "基于客流 OD 的排班与实时调度。",
        ["transport"],
        ["bus_dispatch"],
        "scaled",
        60,
        180,
        "hybrid",
        "等保三级",
        [("320583", 2023), ("321322", 2024), ("320923", 2024)],
    ),
    (
        "苏州云途",
        "路内停车无感支付平台",
        "视频桩自动计时计费，停车诱导。",
        ["transport"],
        ["smart_parking"],
        "deployed",
        80,
        250,
        "saas",
        "等保二级",
        [("320581", 2024)],
    ),
    (
        "苏州云途",
        "农村公路病害 AI 巡检",
        "车载相机识别路面病害，自动生成养护工单。",
        ["transport"],
        ["road_maintenance", "video_ai"],
        "pilot",
        40,
        100,
        "service",
        "",
        [("321283", 2025)],
    ),
    (
        "苏州云途",
        "交通信号绿波协调优化",
        "路口信号配时自动优化。",
        ["transport"],
        ["traffic_signal"],
        "deployed",
        100,
        300,
        "on_premises",
        "等保三级",
        [("320281", 2022)],
    ),
    (
        "南京康宁",
        "县域医共体远程会诊平台",
        "互联网医院 + 远程会诊，支持乡镇卫生院接入。",
        ["health"],
        ["telemedicine", "medical_alliance"],
        "scaled",
        200,
        600,
        "hybrid",
        "等保三级",
        [("320682", 2023), ("321084", 2024)],
    ),
    (
        "南京康宁",
        "区域影像云与远程阅片",
        "PACS 上云，县级影像中心远程诊断。",
        ["health"],
        ["teleradiology"],
        "deployed",
        150,
        450,
        "saas",
        "等保三级",
        [("320281", 2022)],
    ),
    (
        "南京康宁",
        "慢病随访管理小程序",
        "村医随访、血压血糖数据自动上传。",
        ["health", "elderly_care"],
        ["chronic_disease"],
        "deployed",
        30,
        90,
        "saas",
        "等保二级",
        [("321084", 2024), ("320826", 2025)],
    ),
    (
        "南京康宁",
        "居家养老智能监护包",
        "毫米波跌倒检测 + 一键呼叫。",
        ["elderly_care"],
        ["home_care", "iot_sensing"],
        "pilot",
        100,
        260,
        "service",
        "",
        [("320583", 2025)],
    ),
    (
        "南京康宁",
        "养老机构夜间监测系统",
        "离床、呼吸异常监测。",
        ["elderly_care"],
        ["care_home_management"],
        "prototype",
        20,
        60,
        "on_premises",
        "",
        [],
    ),
    (
        "无锡智教",
        "双师课堂互动教学系统",
        "城区名师与乡村课堂同步互动。",
        ["education"],
        ["dual_teacher_classroom"],
        "scaled",
        80,
        260,
        "hybrid",
        "等保二级",
        [("320321", 2023), ("320722", 2024)],
    ),
    (
        "无锡智教",
        "课后服务一站式管理平台",
        "选课、缴费、签到、结算。",
        ["education"],
        ["after_school"],
        "deployed",
        20,
        60,
        "saas",
        "",
        [("321283", 2024)],
    ),
    (
        "无锡智教",
        "智慧体育体质监测",
        "AI 计数与体测数据分析。",
        ["education"],
        ["smart_pe"],
        "pilot",
        30,
        80,
        "service",
        "",
        [],
    ),
    (
        "无锡智教",
        "阳光食堂 AI 监管",
        "明厨亮灶视频智能识别。",
        ["education", "municipal"],
        ["campus_food_safety", "video_ai"],
        "deployed",
        25,
        70,
        "saas",
        "等保二级",
        [("320481", 2024)],
    ),
    (
        "盐城农信",
        "水产养殖溶解氧监测与增氧控制",
        "物联网水质监测，自动启停增氧机。",
        ["agriculture"],
        ["smart_aquaculture", "iot_sensing"],
        "scaled",
        30,
        120,
        "hybrid",
        "",
        [("321084", 2023), ("320923", 2024)],
    ),
    (
        "盐城农信",
        "农产品一物一码质量追溯",
        "追溯码贯穿种养、加工、流通。",
        ["agriculture"],
        ["traceability"],
        "deployed",
        20,
        80,
        "saas",
        "",
        [("321322", 2024)],
    ),
    (
        "盐城农信",
        "病虫害智能测报灯网络",
        "虫情自动识别计数。",
        ["agriculture"],
        ["pest_monitoring"],
        "deployed",
        40,
        100,
        "on_premises",
        "",
        [("320923", 2023)],
    ),
    (
        "盐城农信",
        "数字乡村综合服务平台",
        "乡村治理、电商和便民服务一体化。",
        ["agriculture", "government_services"],
        ["digital_village"],
        "pilot",
        150,
        400,
        "hybrid",
        "等保二级",
        [],
    ),
    (
        "常州安鉴",
        "九小场所消防物联网",
        "独立烟感、电气火灾监测接入平台。",
        ["emergency", "municipal"],
        ["fire_iot"],
        "scaled",
        50,
        150,
        "saas",
        "等保二级",
        [("320321", 2024), ("320411", 2023)],
    ),
    (
        "常州安鉴",
        "森林防火烟火识别",
        "高点热成像 + AI 烟火识别。",
        ["emergency"],
        ["forest_fire", "video_ai"],
        "deployed",
        200,
        500,
        "on_premises",
        "",
        [("320481", 2023)],
    ),
    (
        "常州安鉴",
        "化工园区危化品监测预警",
        "重大危险源在线监测。",
        ["emergency", "industry"],
        ["hazchem_safety"],
        "deployed",
        300,
        800,
        "on_premises",
        "等保三级",
        [("320281", 2022)],
    ),
    (
        "常州安鉴",
        "城市内涝监测预警",
        "积水、泵站、管网一体监测。",
        ["municipal", "emergency"],
        ["urban_flooding"],
        "pilot",
        60,
        180,
        "hybrid",
        "",
        [("320826", 2025)],
    ),
    (
        "淮安云川",
        "12345 热线智能分派",
        "大模型语义识别诉求，自动派单。",
        ["government_services"],
        ["hotline_12345", "nlp"],
        "deployed",
        80,
        200,
        "hybrid",
        "等保三级",
        [("320826", 2024)],
    ),
    (
        "淮安云川",
        "惠企政策免申即享平台",
        "企业画像匹配政策，自动兑现。",
        ["government_services", "industry"],
        ["enterprise_policy"],
        "pilot",
        60,
        150,
        "saas",
        "等保二级",
        [],
    ),
    (
        "淮安云川",
        "网格化社会治理平台",
        "网格员事件上报与处置闭环。",
        ["government_services"],
        ["grid_governance"],
        "scaled",
        100,
        300,
        "on_premises",
        "等保三级",
        [("320830", 2022), ("320826", 2023)],
    ),
    (
        "淮安云川",
        "景区客流监测与分时预约",
        "游客量实时统计，分时段预约入园。",
        ["culture_tourism"],
        ["visitor_flow"],
        "deployed",
        40,
        120,
        "saas",
        "",
        [("320481", 2024)],
    ),
]

QUESTIONS = [
    (
        "rg-health",
        "苏州云途",
        "乡镇卫生院现有 DR 设备品牌不一，是否需要统一接口标准？",
        "按 DICOM 3.0 接入即可，不要求统一品牌。",
    ),
    (
        "ks-bus",
        "苏州云途",
        "能否开放近一年的刷卡和车载定位历史数据用于建模？",
        "可在试点期开放脱敏后的历史数据，需签订数据安全协议。",
    ),
    ("jy-carbon", "常州安鉴", "园区企业的电表数据是否已接入供电公司平台？", ""),
    ("fx-fire", "常州安鉴", "现有烟感设备是否需要利旧接入？", "优先利旧，无法接入的由中标单位更换。"),
]


# The KPI rows of the demo scenarios, by domain (indicator, unit, baseline, target, how measured); every demo
# scenario gets its domain's rows (publishing needs at least one) and the generic one.
DOMAIN_KPIS = {
    "transport": [("高峰平均候车时间", "分钟", "18", "≤ 14", "试点线路刷卡与定位数据，按月统计")],
    "health": [("基层首诊率", "%", "52", "≥ 65", "医共体 HIS 数据，按季度统计")],
    "elderly_care": [("紧急事件平均响应时间", "分钟", "35", "≤ 15", "平台告警与处置工单时间差")],
    "education": [("课后服务覆盖率", "%", "60", "≥ 90", "教育局学籍与服务台账")],
    "agriculture": [("线上交易额占比", "%", "12", "≥ 25", "平台交易流水与统计年报")],
    "emergency": [("预警信息到户时间", "分钟", "40", "≤ 10", "预警发布与回执时间差")],
    "municipal": [("问题发现到处置时长", "小时", "72", "≤ 24", "城管工单系统")],
    "government_services": [("一次办结率", "%", "70", "≥ 90", "政务服务平台办件数据")],
    "industry": [("设备联网率", "%", "30", "≥ 60", "工业互联网平台接入台账")],
    "culture_tourism": [("游客满意度", "分", "82", "≥ 90", "第三方满意度调查")],
}
GENERIC_KPI = ("群众满意度", "%", "—", "≥ 90", "试点结束前第三方问卷调查")


def demo_kpis(domain: str, pilot_end: dt.date) -> list[dict]:
    rows = [*DOMAIN_KPIS.get(domain, []), GENERIC_KPI]
    return [
        {"indicator": i, "unit": u, "baseline": b, "target": t, "method": m, "due_date": pilot_end}
        for i, u, b, t, m in rows
    ]


def demo_resources(pilot_start: dt.date, pilot_end: dt.date) -> list[dict]:
    return [
        {
            "kind": "api",
            "name": "业务数据接口（脱敏）",
            "description": "试点所需业务数据的只读接口，按日更新。",
            "available_from": pilot_start,
            "available_until": pilot_end,
            "access_terms": "签署数据安全承诺书；仅限试点用途；不得留存原始数据。",
        },
        {
            "kind": "site",
            "name": "试点场地 2–3 处",
            "description": "由县数据局协调的试点点位。",
            "available_from": pilot_start,
            "available_until": pilot_end,
            "access_terms": "提前 3 个工作日预约；由属地单位陪同进场。",
        },
    ]


def _office(prefix: str) -> Organization:
    return Organization.objects.get(name_zh__startswith=prefix, kind=Organization.Kind.COUNTY_OFFICE)


def _new_solution(firm: Organization, title: str, **fields) -> int:
    """Create the firm's solution unless it is there already (seeding is idempotent); 1 when created."""
    if Solution.objects.filter(owner=firm, title=title).exists():
        return 0
    services.solution_create(actor=OP, owner=firm, title=title, **fields)
    return 1


def _firm(prefix: str) -> Organization:
    return Organization.objects.get(name_zh__startswith=prefix, kind=Organization.Kind.FIRM)


def _advance(scenario: Scenario, state: str) -> None:
    path = (
        {
            "open": ["publish"],
            "evaluating": ["publish", "close"],
            "awarded": ["publish", "close", "award"],
            "piloting": ["publish", "close", "award", "start_pilot"],
            "completed": ["publish", "close", "award", "start_pilot", "complete"],
            "cancelled": ["publish", "cancel"],
        }[state]
        if state != "draft"
        else []
    )
    for name in path:
        kwargs = {"reason": "演示数据：预算调整" if name == "cancel" else "演示数据"}
        services.TRANSITIONS[name](scenario=scenario, actor=OP, **kwargs)


def seed(stdout=None) -> None:
    now = timezone.now()
    domains = {d.code: d for d in Domain.objects.all()}
    # The vocabulary file is curated separately: demo rows name codes of the starter file and skip any that
    # a later file does not have, so seed_demo never fails on a vocabulary change.
    known = set(Capability.objects.values_list("code", flat=True))
    created = 0
    scenarios: dict[str, Scenario] = {}
    for index, (
        key,
        office,
        domain,
        tier,
        title,
        summary,
        problem,
        caps,
        low,
        high,
        funding,
        state,
        replicable,
    ) in enumerate(SCENARIOS):
        ref = f"demo-{key}"
        existing = Scenario.objects.filter(external_ref=ref).first()
        if existing:
            scenarios[key] = existing
            continue
        owner = _office(office)
        pilot_start, pilot_end = (now + dt.timedelta(days=60)).date(), (now + dt.timedelta(days=240)).date()
        scenario = services.scenario_create(
            actor=OP,
            owner=owner,
            capabilities=[c for c in caps if c in known],
            criteria=CRITERIA,
            title=title,
            summary=summary,
            problem_statement=problem,
            kpis=demo_kpis(domain, pilot_end),
            resources=demo_resources(pilot_start, pilot_end),
            expected_outcomes="试点期内形成可量化成效，并具备在同类县域复制推广的条件。",
            domain=domains[domain],
            tier=tier,
            budget_min=low * 10_000,
            budget_max=high * 10_000,
            funding_model=funding,
            deadline=now + dt.timedelta(days=14 + 3 * index),
            pilot_start=pilot_start,
            pilot_end=pilot_end,
            contact_name=f"{owner.name_zh[:2]}数据局 项目科",
            contact_email=owner.contact_email,
            replicable=replicable,
            external_ref=ref,
        )
        _advance(scenario, state)
        scenario.refresh_from_db()
        scenarios[key] = scenario
        created += 1

    # The adoption family: 昆山 (苏南) → 沭阳 (苏北), published; 丰县 adopts too, still a draft.
    source = scenarios["ks-bus"]
    for prefix, publish in (("沭阳", True), ("丰县", False)):
        adopter = _office(prefix)
        if not Scenario.objects.filter(replicated_from=source, owner=adopter).exists():
            copy = services.scenario_adopt(source=source, actor=OP, office=adopter)
            services.scenario_update(
                scenario=copy,
                actor=OP,
                deadline=now + dt.timedelta(days=40),
                title=f"{copy.title}（{adopter.region.name_zh}）",
            )
            if publish:
                services.scenario_publish(scenario=copy, actor=OP, reason="复制推广昆山经验")

    solutions = 0
    for firm_prefix, title, summary, doms, caps, maturity, low, high, delivery, certs, deployments in SOLUTIONS:
        firm = _firm(firm_prefix)
        solutions += _new_solution(
            firm,
            title,
            domains=doms,
            capabilities=[c for c in caps if c in known],
            deployments=[(Region.objects.get(code=code), year, "") for code, year in deployments],
            status=Solution.Status.PUBLISHED,
            summary=summary,
            description=f"{summary}产品已在江苏多个县区运行，支持私有化部署与本地运维团队驻场服务。",
            maturity=maturity,
            price_min=low * 10_000,
            price_max=high * 10_000,
            delivery_model=delivery,
            certifications=certs,
            languages=["zh"],
            contact_name=f"{firm.name_zh[2:4]}销售部",
            contact_email=firm.contact_email,
            tags=SOLUTION_TAGS.get(title, []),
        )
    for firm_prefix, title, summary, doms, tags in DRAFT_SOLUTIONS:
        draft = {"summary": summary, "maturity": Solution.Maturity.PILOT, "delivery_model": Solution.Delivery.SAAS}
        solutions += _new_solution(_firm(firm_prefix), title, domains=doms, tags=tags, **draft)

    for key, firm_prefix, text, answer in QUESTIONS:
        scenario = scenarios[key]
        if Question.objects.filter(scenario=scenario, text=text).exists() or not scenario.is_open:
            continue
        firm = _firm(firm_prefix)
        asker = firm.memberships.filter(status="active").order_by("pk").first()
        if asker is None:
            question = Question.objects.create(scenario=scenario, asker_organization=firm, asked_by=None, text=text)
        else:  # through the service, so the owner office is told as on the page
            question = services.question_ask(scenario=scenario, actor=asker.user, text=text, organization=firm)
        if answer:
            services.question_answer(question=question, actor=OP, answer=answer)
    _demo_resource_requests(scenarios)
    _demo_import()
    if stdout is not None:
        stdout.write(f"catalog: {created} scenarios and {solutions} solutions added")


def _demo_resource_requests(scenarios: dict[str, Scenario]) -> None:
    """Access requests on 昆山's bus scenario: 云途 asked for the data interface (pending), 农信 for the sites
    (approved by 昆山)."""
    scenario = scenarios.get("ks-bus")
    if scenario is None or not scenario.is_open:
        return
    resources = list(scenario.resources.order_by("position", "id"))
    if len(resources) < 2 or ResourceRequest.objects.filter(resource__scenario=scenario).exists():
        return
    services.resource_request_create(
        resource=resources[0], actor=OP, firm=_firm("苏州云途"), purpose="训练客流预测模型，验证排班算法。"
    )
    sites = services.resource_request_create(
        resource=resources[1], actor=OP, firm=_firm("盐城农信"), purpose="在两处站点部署电子站牌样机。"
    )
    services.resource_request_decide(request=sites, actor=OP, approve=True, note="请与交通局对接进场时间。")


def _demo_import() -> None:
    """The provincial office's bulk import page shows one finished import: two drafts for 苏北/苏中 counties and
    one invalid row listed in the report (run by the job, so on a worker when one is configured)."""
    province = User.objects.filter(username="province_admin").first()
    if province is None or FileJob.objects.filter(user=province, kind=catalog_jobs.IMPORT_KIND).exists():
        return
    with DEMO_IMPORT.open("rb") as handle:
        upload = File(handle, name=DEMO_IMPORT.name)
        catalog_jobs.start_import(
            user=province,
            file=upload,
            model="scenarios",
            publish=False,
            deadline=None,
            create_orgs=False,
            skip_invalid=True,
        )


# Review before publication in Jiangsu: a first batch (第1批) with a benchmark and a demonstration scenario, one
# approved by the city and waiting for the province, one waiting for Suzhou's review. Kunshan (under Suzhou).
REVIEWED_SCENARIOS = [
    # key, title, summary, domain, capabilities, budget (万), end state, grade
    ("rv-lamp", "智慧路灯按需照明与故障预警", "单灯控制与故障自动报修，夜间按人车流量调光。", "municipal",
     ["street_lighting"], 60, 150, "batch", "benchmark"),
    ("rv-clinic", "村卫生室慢病随访数字化", "高血压、糖尿病随访数据自动回传，异常指标提醒家庭医生。", "health",
     ["chronic_disease_management", "telemedicine"], 40, 120, "batch", "demonstration"),
    ("rv-flood", "城区内涝积水监测与预警", "低洼路段水位传感与短临降雨预报联动预警。", "emergency",
     ["urban_waterlogging"], 80, 200, "reviewed", ""),
    ("rv-school", "校园食堂明厨亮灶与食材溯源", "后厨视频智能识别违规行为，食材来源可追溯。", "education",
     ["food_safety"], 30, 90, "submitted", ""),
]  # fmt: skip


def seed_late(stdout=None) -> None:
    """Switch on review before publication for Jiangsu and take four Kunshan scenarios through it, as the real
    people would (kunshan_admin submits, suzhou_admin approves, province_admin grades and publishes). Runs after
    every app's seed so their demo scenarios were published directly before the policy was on. Idempotent."""
    province = Region.objects.filter(code="320000").first()
    users = {
        u.username: u for u in User.objects.filter(username__in=["kunshan_admin", "suzhou_admin", "province_admin"])
    }
    if province is None or len(users) < 3 or Scenario.objects.filter(external_ref__startswith="demo-rv-").exists():
        return
    services.review_policy_set(province=province, actor=users["province_admin"], required=True)
    now = timezone.now()
    domains = {d.code: d for d in Domain.objects.all()}
    known = set(Capability.objects.values_list("code", flat=True))
    owner = _office("昆山")
    to_publish = []
    for index, (key, title, summary, domain, caps, low, high, end, grade) in enumerate(REVIEWED_SCENARIOS):
        scenario = services.scenario_create(
            actor=users["kunshan_admin"],
            owner=owner,
            capabilities=[c for c in caps if c in known],
            criteria=CRITERIA,
            title=title,
            summary=summary,
            problem_statement=f"{summary}现有系统分散建设、数据不通，需要统一平台支撑。",
            expected_outcomes="试点期内形成可量化成效，并具备在同类县域复制推广的条件。",
            open_resources="开放相关业务数据接口（脱敏）、试点场地 2–3 处，试点期 6 个月。",
            domain=domains[domain],
            budget_min=low * 10_000,
            budget_max=high * 10_000,
            deadline=now + dt.timedelta(days=30 + 4 * index),
            pilot_start=(now + dt.timedelta(days=60)).date(),
            pilot_end=(now + dt.timedelta(days=240)).date(),
            kpis=demo_kpis(domain, (now + dt.timedelta(days=240)).date()),
            resources=demo_resources((now + dt.timedelta(days=60)).date(), (now + dt.timedelta(days=240)).date()),
            contact_name="昆山数据局 项目科",
            contact_email=owner.contact_email,
            replicable=end == "batch",
            external_ref=f"demo-{key}",
        )
        services.scenario_submit(scenario=scenario, actor=users["kunshan_admin"], reason="请苏州市数据局审核")
        if end == "submitted":
            continue
        services.scenario_approve(scenario=scenario, actor=users["suzhou_admin"], reason="材料齐全，同意报省")
        if grade:
            services.scenario_grade(scenario=scenario, actor=users["province_admin"], grade=grade)
        if end == "batch":
            to_publish.append(scenario)
    services.batch_publish(
        province=province, actor=users["province_admin"], scenarios=to_publish, title="2026年县域开放应用场景机会清单"
    )
    if stdout is not None:
        stdout.write("catalog: review on for Jiangsu, batch 1 published, two scenarios in review")
