"""Demo rewards and vouchers (after ``proposals.demo``): the province rewards 云途 (苏南) for its pilots in 泰兴
(苏中) and 沭阳 (苏北) — south→north money — and gives 丰县 a scenario innovation voucher; 苏州市数据局 gives 昆山
a voucher and withdrew one it had granted to 云途. Through the services, acting as the demo users; idempotent
(a grant with the same grantor, grantee and conditions is not added again)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from directory.models import Organization, User
from funding import services
from funding.models import Grant
from proposals.models import Engagement


def _org(name_zh: str) -> Organization | None:
    return Organization.objects.filter(name_zh=name_zh).first()


def seed(stdout=None) -> None:
    province, suzhou = _org("江苏省数据局"), _org("苏州市数据局")
    yuntu, fengxian, kunshan = _org("苏州云途智行科技有限公司"), _org("丰县数据局"), _org("昆山市数据局")
    if None in (province, suzhou, yuntu, fengxian, kunshan):
        return
    province_admin = User.objects.get(username="province_admin")
    suzhou_admin = User.objects.get(username="suzhou_admin")
    today = timezone.localdate()
    road = Engagement.objects.filter(scenario__external_ref="demo-tx-bus").first()
    town_bus = Engagement.objects.filter(status="accepted", scenario__county_id="321322", firm=yuntu).first()
    added = 0

    def grant(actor, grantor, grantee, kind, amount, conditions, days_ago, **links):
        nonlocal added
        existing = Grant.objects.filter(grantor=grantor, grantee=grantee, conditions=conditions).first()
        if existing is not None:
            return None
        added += 1
        return services.grant_create(
            actor=actor,
            grantor=grantor,
            grantee=grantee,
            kind=kind,
            amount=amount,
            conditions=conditions,
            granted_on=today - dt.timedelta(days=days_ago),
            **links,
        )

    if road is not None:
        grant(
            province_admin, province, yuntu, Grant.Kind.REWARD, "50万",
            "揭榜挂帅：泰兴农村公路巡检试点通过验收且病害识别准确率不低于 90% 后兑付。", 20, engagement=road,
        )  # fmt: skip
    if town_bus is not None:
        reward = grant(
            province_admin, province, yuntu, Grant.Kind.REWARD, "30万",
            "揭榜挂帅：沭阳城乡公交试点通过验收，并形成可复制推广案例。", 10, engagement=town_bus,
        )  # fmt: skip
        if reward is not None:
            services.grant_mark_paid(grant=reward, actor=province_admin, paid_on=today - dt.timedelta(days=2))
    voucher = grant(
        province_admin, province, fengxian, Grant.Kind.VOUCHER, "20万",
        "场景创新券：用于采购省内企业的场景解决方案服务，2027 年 6 月 30 日前使用，按发票核销。", 40,
    )  # fmt: skip
    if voucher is not None:
        services.grant_mark_paid(grant=voucher, actor=province_admin, paid_on=today - dt.timedelta(days=25))
    grant(
        suzhou_admin, suzhou, kunshan, Grant.Kind.VOUCHER, "10万",
        "场景创新券：昆山开放新场景并完成首批企业对接后核销。", 15,
    )  # fmt: skip
    withdrawn = grant(
        suzhou_admin, suzhou, yuntu, Grant.Kind.VOUCHER, "5万",
        "场景创新券：用于在苏州市内县区开展场景试点。", 30,
    )  # fmt: skip
    if withdrawn is not None:
        services.grant_withdraw(grant=withdrawn, actor=suzhou_admin, reason="企业已获省级奖励，自愿放弃本券。")
    if stdout is not None:
        stdout.write(f"funding: {added} rewards and vouchers added")
