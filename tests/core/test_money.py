"""One parser for every money field and one formatter per language."""

import pytest

from core.money import MoneyError, format_money, parse_money
from proposals.services import clean_price


@pytest.mark.parametrize(
    ("typed", "yuan"),
    [
        ("980000", 980_000),
        ("９８００００", 980_000),
        ("980,000", 980_000),
        ("980，000", 980_000),
        ("98万", 980_000),
        ("98 万元", 980_000),
        ("９８万", 980_000),
        ("1.25万", 12_500),
        ("1.2亿", 120_000_000),
        ("¥980,000", 980_000),
        ("￥980,000元", 980_000),
        ("CNY 980,000", 980_000),
        ("0", 0),
    ],
)
def test_parse_money_reads_what_people_type(typed, yuan):
    assert parse_money(typed) == yuan
    assert clean_price(typed) == yuan  # prices use the same parser as budgets


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("-1", "negative"),
        ("-5万", "negative"),
        ("1e309", "invalid"),
        ("12.5", "invalid"),
        ("1.000001万", "invalid"),
        ("", "invalid"),
        ("万", "invalid"),
        ("很多", "invalid"),
        ("1,0,0万万", "invalid"),
        ("NaN", "invalid"),
    ],
)
def test_parse_money_refuses_anything_else(typed, kind):
    with pytest.raises(MoneyError) as exc:
        parse_money(typed)
    assert exc.value.kind == kind


@pytest.mark.parametrize(
    ("yuan", "chinese", "english"),
    [
        (980_000, "98 万元", "CNY 980,000"),
        (1_234_567, "1,234,567 元", "CNY 1,234,567"),
        (12_500, "1.25 万元", "CNY 12,500"),
        (120_000_000, "1.2 亿元", "CNY 120,000,000"),
        (5_000, "5,000 元", "CNY 5,000"),
        (None, "—", "—"),
    ],
)
def test_format_money_per_language(yuan, chinese, english):
    assert format_money(yuan, chinese=True) == chinese
    assert format_money(yuan, chinese=False) == english


def test_budget_form_and_price_form_accept_the_same_amounts():
    from catalog.filters import MoneyField

    field = MoneyField(required=False)
    for typed in ("98万", "980,000", "９８００００", "1.2亿"):
        assert field.clean(typed) == clean_price(typed)
