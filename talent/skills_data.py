"""The skills taxonomy seeded into every database (data migration ``0002_seed_skills``).

Two axes:

- DigComp 2.2 (European Commission JRC, 2022): 5 competence areas, 21 competences, 8 proficiency levels
  (1-2 foundation, 3-4 intermediate, 5-6 advanced, 7-8 highly specialised). ``external_ref`` holds the
  DigComp number (e.g. ``DigComp 2.2 §1.1``); ESCO URIs are left blank rather than guessed — an operator can
  fill them in from the ESCO portal in the admin.
- The national digital-technology engineer tracks (数字技术工程师培育项目, MOHRSS 2021-2024) with levels junior /
  intermediate / senior. ``occupation_code`` is the occupation code in the national classification
  (职业分类大典) as announced when the occupation was created (2019-2020).

Pure data plus one idempotent ``sync_skills`` that works with the historical model in migrations.
"""

from __future__ import annotations

DIGCOMP_AREAS = [
    ("1", "信息与数据素养", "Information and data literacy"),
    ("2", "沟通与协作", "Communication and collaboration"),
    ("3", "数字内容创作", "Digital content creation"),
    ("4", "安全", "Safety"),
    ("5", "问题解决", "Problem solving"),
]

DIGCOMP_COMPETENCES = [
    (
        "1.1",
        "浏览、搜索和筛选数据、信息与数字内容",
        "Browsing, searching and filtering data, information and digital content",
    ),
    ("1.2", "评估数据、信息与数字内容", "Evaluating data, information and digital content"),
    ("1.3", "管理数据、信息与数字内容", "Managing data, information and digital content"),
    ("2.1", "通过数字技术互动", "Interacting through digital technologies"),
    ("2.2", "通过数字技术分享", "Sharing through digital technologies"),
    ("2.3", "通过数字技术参与公民事务", "Engaging in citizenship through digital technologies"),
    ("2.4", "通过数字技术协作", "Collaborating through digital technologies"),
    ("2.5", "网络礼仪", "Netiquette"),
    ("2.6", "管理数字身份", "Managing digital identity"),
    ("3.1", "开发数字内容", "Developing digital content"),
    ("3.2", "整合与再加工数字内容", "Integrating and re-elaborating digital content"),
    ("3.3", "版权与许可", "Copyright and licences"),
    ("3.4", "编程", "Programming"),
    ("4.1", "保护设备", "Protecting devices"),
    ("4.2", "保护个人数据与隐私", "Protecting personal data and privacy"),
    ("4.3", "保护健康与福祉", "Protecting health and well-being"),
    ("4.4", "保护环境", "Protecting the environment"),
    ("5.1", "解决技术问题", "Solving technical problems"),
    ("5.2", "识别需求与技术应对", "Identifying needs and technological responses"),
    ("5.3", "创造性地使用数字技术", "Creatively using digital technologies"),
    ("5.4", "识别数字能力差距", "Identifying digital competence gaps"),
]

# (slug, name_zh, name_en, occupation code)
ENGINEER_TRACKS = [
    ("ai", "人工智能工程技术人员", "Artificial intelligence engineering technician", "2-02-10-09"),
    ("iot", "物联网工程技术人员", "Internet of Things engineering technician", "2-02-10-10"),
    ("big-data", "大数据工程技术人员", "Big data engineering technician", "2-02-10-11"),
    ("cloud", "云计算工程技术人员", "Cloud computing engineering technician", "2-02-10-12"),
    ("digital-management", "数字化管理师", "Digital management specialist", "4-04-05-05"),
    (
        "intelligent-manufacturing",
        "智能制造工程技术人员",
        "Intelligent manufacturing engineering technician",
        "2-02-07-13",
    ),
    ("industrial-internet", "工业互联网工程技术人员", "Industrial internet engineering technician", "2-02-07-14"),
    ("vr", "虚拟现实工程技术人员", "Virtual reality engineering technician", "2-02-10-13"),
    ("blockchain", "区块链工程技术人员", "Blockchain engineering technician", "2-02-10-15"),
    ("integrated-circuits", "集成电路工程技术人员", "Integrated circuit engineering technician", "2-02-09-06"),
]


def _skill(
    code: str, scheme: str, kind: str, parent_code: str | None, names: tuple[str, str], ref: str, occupation: str = ""
) -> dict:
    """One skill as a dict of model fields (``names``: Chinese, English)."""
    name_zh, name_en = names
    return {
        "code": code,
        "scheme": scheme,
        "kind": kind,
        "parent_code": parent_code,
        "name_zh": name_zh,
        "name_en": name_en,
        "external_ref": ref,
        "occupation_code": occupation,
    }


def skill_rows() -> list[dict]:
    """Every skill as a dict of model fields; parents come before their children."""
    rows = [
        _skill(f"digcomp-{number}", "digcomp", "area", None, (zh, en), f"DigComp 2.2 area {number}")
        for number, zh, en in DIGCOMP_AREAS
    ]
    rows += [
        _skill(f"digcomp-{n}", "digcomp", "competence", f"digcomp-{n.split('.')[0]}", (zh, en), f"DigComp 2.2 §{n}")
        for n, zh, en in DIGCOMP_COMPETENCES
    ]
    rows += [
        _skill(f"det-{slug}", "engineer", "track", None, (zh, en), "", occupation)
        for slug, zh, en, occupation in ENGINEER_TRACKS
    ]
    return rows


def sync_skills(Skill) -> int:
    """Create or update the seeded skills by code; returns how many rows exist afterwards. Idempotent."""
    by_code = {}
    for row in skill_rows():
        fields = dict(row)
        parent_code = fields.pop("parent_code")
        code = fields.pop("code")
        fields["parent"] = by_code.get(parent_code) if parent_code else None
        skill, _ = Skill.objects.update_or_create(code=code, defaults=fields)
        by_code[code] = skill
    return len(by_code)


def unsync_skills(Skill) -> None:
    codes = [row["code"] for row in skill_rows()]
    Skill.objects.filter(code__in=codes, parent__isnull=False).delete()
    Skill.objects.filter(code__in=codes).delete()
