"""Demo data for the directory: the provincial office, county offices in all three zones, firms, training
providers and a user for each role. Every function is idempotent (natural keys), so ``seed_demo`` can run
again and again without changing anything.

All demo accounts share the password in ``DEMO_PASSWORD`` (documented in the README); never run this on a
production database.
"""

from __future__ import annotations

from django.utils import timezone

from directory.models import Membership, Organization, Region, User
from directory.validators import credit_code_check_char

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - documented demo credential, development only


def demo_credit_code(region_code: str, serial: int) -> str:
    """A well-formed (check-digit-valid) code for a fictional firm registered in ``region_code``."""
    first17 = f"91{region_code}MA{serial:06d}"[:16] + "X"
    return first17 + credit_code_check_char(first17)


# (key, kind, name_zh, name_en, region code)
ORGANIZATIONS = [
    ("province", "provincial_office", "江苏省数据局", "Jiangsu Provincial Data Bureau", "320000"),
    ("kunshan", "county_office", "昆山市数据局", "Kunshan Data Bureau", "320583"),
    ("jiangyin", "county_office", "江阴市数据局", "Jiangyin Data Bureau", "320281"),
    ("liyang", "county_office", "溧阳市数据局", "Liyang Data Bureau", "320481"),
    ("rugao", "county_office", "如皋市数据局", "Rugao Data Bureau", "320682"),
    ("taixing", "county_office", "泰兴市数据局", "Taixing Data Bureau", "321283"),
    ("gaoyou", "county_office", "高邮市数据局", "Gaoyou Data Bureau", "321084"),
    ("shuyang", "county_office", "沭阳县数据局", "Shuyang County Data Bureau", "321322"),
    ("fengxian", "county_office", "丰县数据局", "Feng County Data Bureau", "320321"),
    ("lianshui", "county_office", "涟水县数据局", "Lianshui County Data Bureau", "320826"),
    ("donghai", "county_office", "东海县数据局", "Donghai County Data Bureau", "320722"),
    ("funing", "county_office", "阜宁县数据局", "Funing County Data Bureau", "320923"),
    ("suzhou_city", "city_office", "苏州市数据局", "Suzhou Data Bureau", "320500"),
    ("yuntu", "firm", "苏州云途智行科技有限公司", "Suzhou Yuntu Mobility Technology Co., Ltd.", "320505"),
    ("kangning", "firm", "南京康宁医疗信息技术有限公司", "Nanjing Kangning Medical IT Co., Ltd.", "320115"),
    (
        "zhijiao",
        "firm",
        "无锡智教未来科技有限公司",
        "Wuxi Zhijiao Future Education Technology Co., Ltd.",
        "320214",
    ),
    ("nongxin", "firm", "盐城农信物联科技有限公司", "Yancheng Nongxin IoT Technology Co., Ltd.", "320902"),
    (
        "anjian",
        "firm",
        "常州安鉴应急科技有限公司",
        "Changzhou Anjian Emergency Technology Co., Ltd.",
        "320411",
    ),
    ("huaian_soft", "firm", "淮安云川软件有限公司", "Huai'an Yunchuan Software Co., Ltd.", "320812"),
    (
        "jsdi",
        "training_provider",
        "江苏省数字技能培训中心",
        "Jiangsu Digital Skills Training Centre",
        "320102",
    ),
    ("xuzhou_college", "training_provider", "徐州数字工匠学院", "Xuzhou Digital Craftsmen College", "320311"),
]

# (username, display name, organisation key, role)
USERS = [
    ("province_admin", "省数据局 王处长", "province", "admin"),
    ("kunshan_admin", "昆山 李科长", "kunshan", "admin"),
    ("kunshan_editor", "昆山 张科员", "kunshan", "editor"),
    ("kunshan_viewer", "昆山 赵科员", "kunshan", "viewer"),
    ("shuyang_admin", "沭阳 陈主任", "shuyang", "admin"),
    ("shuyang_editor", "沭阳 徐科员", "shuyang", "editor"),
    ("rugao_admin", "如皋 周科长", "rugao", "admin"),
    ("taixing_admin", "泰兴 吴科长", "taixing", "admin"),
    ("fengxian_admin", "丰县 孙主任", "fengxian", "admin"),
    ("suzhou_admin", "苏州市局 沈处长", "suzhou_city", "admin"),
    ("yuntu_admin", "云途 刘经理", "yuntu", "admin"),
    ("yuntu_editor", "云途 何工", "yuntu", "editor"),
    ("kangning_admin", "康宁 郑经理", "kangning", "admin"),
    ("zhijiao_admin", "智教 冯经理", "zhijiao", "admin"),
    ("nongxin_admin", "农信 钱经理", "nongxin", "admin"),
    ("trainer_admin", "培训中心 马老师", "jsdi", "admin"),
    ("trainer_xuzhou", "徐州学院 杨老师", "xuzhou_college", "admin"),
]

# Registrations the provincial office has not verified: one corrected after a rejection and waiting in the queue
# again (the rejection's reason stays on it until the office decides), one still rejected (the office may verify
# it from its page once it has put things right).
UNVERIFIED = [
    ("pending_firm", "firm", "宿迁星河数据服务有限公司", "Suqian Xinghe Data Services Co., Ltd.", "321302"),
    (
        "rejected_firm",
        "firm",
        "连云港海拓信息科技有限公司",
        "Lianyungang Haituo Information Technology Co., Ltd.",
        "320706",
    ),
]
UNVERIFIED_STATUS = {
    "pending_firm": ("pending", "营业执照扫描件不清晰，无法核对统一社会信用代码，请重新上传后提交。"),
    "rejected_firm": ("rejected", "机构名称与统一社会信用代码的登记信息不一致，请核对后修改。"),
}


def seed(stdout=None) -> dict[str, Organization]:
    regions = {region.code: region for region in Region.objects.all()}
    admin_user, _ = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.com"}
    )
    # A fresh row has an empty hash, which Django counts as "usable" yet no password matches: set it then too
    # (README: every demo account, admin included, signs in with DEMO_PASSWORD).
    if not admin_user.password or not admin_user.has_usable_password():
        admin_user.set_password(DEMO_PASSWORD)
        admin_user.save(update_fields=["password"])

    organizations: dict[str, Organization] = {}
    for serial, (key, kind, name_zh, name_en, region_code) in enumerate(ORGANIZATIONS + UNVERIFIED, start=1):
        status, reason = UNVERIFIED_STATUS.get(key, ("verified", ""))
        organization = Organization.objects.filter(name_zh=name_zh).first()
        if organization is None:
            organization = Organization.objects.create(
                kind=kind,
                name_zh=name_zh,
                name_en=name_en,
                region=regions[region_code],
                credit_code=demo_credit_code(region_code, serial) if kind == "firm" else "",
                contact_name=name_zh[:2] + "联络人",
                contact_email=f"contact-{key.replace('_', '-')}@example.com",
                verification_status=status,
                verified_by=admin_user if status != "pending" else None,  # who decided (verified or rejected)
                verified_at=timezone.now() if status != "pending" else None,
                verification_reason=reason,
                description="",
            )
        organizations[key] = organization

    for username, display_name, org_key, role in USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"display_name": display_name, "email": f"{username}@example.com"}
        )
        if created or not user.password:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(
            user=user,
            organization=organizations[org_key],
            defaults={"role": role, "status": Membership.Status.ACTIVE, "decided_at": timezone.now()},
        )
    if stdout is not None:
        stdout.write(f"directory: {len(organizations)} organisations, {len(USERS) + 1} users")
    return organizations
