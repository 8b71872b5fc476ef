"""The county digital-maturity self-assessment: six dimensions, each answered with a level from 1 to 5 whose
meaning is written out in Chinese and English. The score is the mean level over the dimensions (1–5).

The dimensions follow what Jiangsu's county digital-government work plans ask of a county (infrastructure,
data sharing, online services, scenario practice, talent, security and governance); the level descriptions are
the project's own wording, meant to be read by a county office answering honestly, not a national standard.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language


@dataclass(frozen=True)
class Level:
    number: int
    zh: str
    en: str

    @property
    def text(self) -> str:
        return self.zh if (get_language() or "zh").startswith("zh") else self.en


@dataclass(frozen=True)
class Dimension:
    code: str
    name_zh: str
    name_en: str
    levels: tuple[Level, ...]

    @property
    def name(self) -> str:
        return self.name_zh if (get_language() or "zh").startswith("zh") else self.name_en


def _levels(*pairs: tuple[str, str]) -> tuple[Level, ...]:
    return tuple(Level(number, zh, en) for number, (zh, en) in enumerate(pairs, start=1))


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension(
        "infrastructure",
        "数字基础设施",
        "Digital infrastructure",
        _levels(
            (
                "乡镇以下网络覆盖不全，无统一政务云。",
                "Patchy network below township level; no shared government cloud.",
            ),
            (
                "县城和乡镇驻地千兆覆盖，部分系统上云。",
                "Gigabit in the county seat and townships; some systems in a cloud.",
            ),
            (
                "行政村 5G/千兆基本覆盖，主要系统上政务云。",
                "5G/gigabit in most villages; main systems on the government cloud.",
            ),
            (
                "物联感知设施在交通、水务等领域成规模部署。",
                "IoT sensing deployed at scale in transport, water and the like.",
            ),
            (
                "全域感知与算力统筹调度，运行稳定可度量。",
                "County-wide sensing and computing, managed as one, measured.",
            ),
        ),
    ),
    Dimension(
        "data_sharing",
        "数据共享与开放",
        "Data sharing and opening",
        _levels(
            ("数据分散在部门系统，无目录。", "Data sits in departmental systems, with no catalogue."),
            ("编制了数据目录，少量数据按需交换。", "A data catalogue exists; a little data is exchanged on request."),
            (
                "接入市级共享平台，常用数据按目录共享。",
                "Connected to the city platform; common data shared by catalogue.",
            ),
            ("数据质量有考核，向企业开放场景数据。", "Data quality is checked; scenario data is opened to firms."),
            ("数据按需实时共享，开放数据被持续利用。", "Data shared in real time on demand; open data in steady use."),
        ),
    ),
    Dimension(
        "services",
        "数字政务服务",
        "Digital public services",
        _levels(
            ("主要事项需到窗口办理。", "Most services need a visit to a counter."),
            ("部分事项可网上申请。", "Some services can be applied for online."),
            ("多数事项「一网通办」，部分「掌上办」。", "Most services one-stop online, some on the phone."),
            (
                "高频事项「一件事」集成办理、免证办。",
                "Frequent life events handled as one, without paper certificates.",
            ),
            ("主动推送、无感智办成为常态。", "Proactive, seamless services are the norm."),
        ),
    ),
    Dimension(
        "scenarios",
        "应用场景实践",
        "Scenario practice",
        _levels(
            ("尚未开放应用场景。", "No application scenario opened yet."),
            ("开放过个别场景，尚未落地。", "One or two scenarios opened, none piloted yet."),
            ("有场景完成试点。", "Some scenarios piloted."),
            ("试点通过验收并在本县推广。", "Pilots accepted and rolled out in the county."),
            ("本县场景被其他县复制推广。", "The county's scenarios are replicated by other counties."),
        ),
    ),
    Dimension(
        "talent",
        "数字人才",
        "Digital talent",
        _levels(
            ("无专职数字化岗位。", "No dedicated digital posts."),
            ("有专职人员，培训零散。", "Dedicated staff; training is occasional."),
            ("有年度培训计划并完成。", "A yearly training plan, carried out."),
            ("与苏南单位开展人才交流挂职。", "Talent exchanges with organisations in 苏南."),
            ("形成稳定的本地数字人才梯队。", "A stable local pipeline of digital talent."),
        ),
    ),
    Dimension(
        "governance",
        "安全与统筹治理",
        "Security and governance",
        _levels(
            ("无数字化统筹机构，安全靠各部门自理。", "No coordinating body; each department handles security alone."),
            ("明确牵头部门，有基本安全制度。", "A lead department and basic security rules."),
            ("项目统筹审批，等保测评按期完成。", "Projects approved centrally; security grading done on time."),
            ("数据分类分级与安全监测常态化。", "Data classified and security monitored routinely."),
            ("统筹、安全与绩效评估闭环运行。", "Coordination, security and evaluation run as a closed loop."),
        ),
    ),
)

BY_CODE: dict[str, Dimension] = {dimension.code: dimension for dimension in DIMENSIONS}


def score(levels: dict[str, int]) -> float:
    """The mean level over all dimensions, rounded to 2 decimals; ``ValueError`` if one is missing."""
    missing = [dimension.code for dimension in DIMENSIONS if dimension.code not in levels]
    if missing:
        raise ValueError(f"missing dimensions: {missing}")
    return round(sum(levels[dimension.code] for dimension in DIMENSIONS) / len(DIMENSIONS), 2)
