"""The demo's rewards and vouchers: every status, the south→north rewards linked to the pilots, idempotent."""

from __future__ import annotations

from funding import demo
from funding.models import Grant


def test_demo_grants_cover_every_status_and_are_idempotent(db, settings):
    settings.LANGUAGE_CODE = "en"
    from catalog import demo as catalog_demo
    from directory import demo as directory_demo
    from proposals import demo as proposals_demo

    directory_demo.seed()
    catalog_demo.seed()
    proposals_demo.seed()
    demo.seed()
    demo.seed()
    assert sorted(Grant.objects.values_list("status", "amount")) == [
        ("granted", 100_000),
        ("granted", 500_000),
        ("paid", 200_000),
        ("paid", 300_000),
        ("withdrawn", 50_000),
    ]
    rewards = Grant.objects.filter(kind=Grant.Kind.REWARD).select_related("grantee__region", "scenario__county")
    pairs = {(g.grantee.region.zone, g.scenario.county.zone) for g in rewards}
    assert pairs == {("south", "centre"), ("south", "north")}  # 苏南 firm, 苏中 and 苏北 pilots
