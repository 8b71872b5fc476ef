"""Fair meetings and signed intentions in the gap monitor, counted by hand on a small fixture.

The fixture (Asia/Shanghai, 2026), one fair held on 03-10 by the provincial office:

- M1 09:00 a 苏南 firm (Suzhou) asked 沭阳 (苏北): both sides record a signed intention on 03-10 (the firm with a
  value and a private note) → one meeting, one intention, pair 苏南 supplier → 苏北 county;
- M2 09:30 沭阳 asked a 苏北 firm (Xuzhou): follow-up → one meeting, pair 苏北 → 苏北;
- M3 10:00 the Suzhou firm asked 昆山 (苏南): only 昆山 records an intention, on 04-02 → a meeting in March, an
  intention from April, pair 苏南 → 苏南;
- M4 10:30 如皋 (苏中) with a 苏南 training provider: cancelled (an intention recorded before) → never counts;
- a fair in the future with a scheduled meeting, and a cancelled fair with one: never count.
"""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from fairs.models import Event, Meeting, MeetingOutcome, MeetingRequest, Participant, Slot
from insights import selectors
from insights.models import IndicatorSnapshot
from insights.services import refresh_insights
from tests.factories import OrganizationFactory, region

TZ = ZoneInfo("Asia/Shanghai")
SHUYANG, KUNSHAN, RUGAO = "321322", "320583", "320682"
MAR, APR = dt.date(2026, 3, 1), dt.date(2026, 4, 1)
SECRET_NOTE = "报价底线 900 万，仅供内部"
SECRET_PURPOSE = "商谈独家供货条件"


def at(month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=TZ)


def _event(organiser, start: dt.datetime, *, status=Event.Status.SCHEDULED, title="苏南苏北供需对接会") -> Event:
    return Event.objects.create(
        organiser=organiser,
        title_zh=title,
        region=organiser.region,
        date=start.date(),
        registration_opens=start - dt.timedelta(days=30),
        registration_closes=start - dt.timedelta(days=10),
        requests_close=start - dt.timedelta(days=3),
        status=status,
        published_at=start - dt.timedelta(days=30),
    )


def _meeting(event, index, start, demand, supply, *, county_asks=False, status=Meeting.Status.SCHEDULED) -> Meeting:
    slot = Slot.objects.create(event=event, index=index, start=start, end=start + dt.timedelta(minutes=30))
    parties = {}
    for organization, side in ((demand, Participant.Side.DEMAND), (supply, Participant.Side.SUPPLY)):
        parties[side], _ = Participant.objects.get_or_create(
            event=event, organization=organization, defaults={"side": side, "status": Participant.Status.ACCEPTED}
        )
    requester, recipient = (
        (parties["demand"], parties["supply"]) if county_asks else (parties["supply"], parties["demand"])
    )
    request = MeetingRequest.objects.create(
        event=event,
        requester=requester,
        recipient=recipient,
        purpose=SECRET_PURPOSE,
        status=MeetingRequest.Status.ACCEPTED,
    )
    return Meeting.objects.create(event=event, request=request, slot=slot, status=status)


def _outcome(meeting, side, outcome, when, **fields) -> None:
    participant = meeting.request.requester if meeting.request.requester.side == side else meeting.request.recipient
    MeetingOutcome.objects.create(meeting=meeting, participant=participant, outcome=outcome, recorded_at=when, **fields)


@pytest.fixture
def fair(db):
    province = OrganizationFactory(provincial=True)
    shuyang = OrganizationFactory(region=region(SHUYANG), name_zh="沭阳县数据局")
    kunshan = OrganizationFactory(region=region(KUNSHAN), name_zh="昆山市数据局")
    rugao = OrganizationFactory(region=region(RUGAO), name_zh="如皋市数据局")
    suzhou_firm = OrganizationFactory(firm=True, name_zh="苏州云途智行科技有限公司")  # 320505, 苏南
    xuzhou_firm = OrganizationFactory(firm=True, region=region("320303"), name_zh="徐州矿山物联科技有限公司")
    trainer = OrganizationFactory(trainer=True)  # 320102 南京, 苏南

    event = _event(province, at(3, 10))
    m1 = _meeting(event, 0, at(3, 10, 9), shuyang, suzhou_firm)
    _outcome(m1, "supply", "intention", at(3, 10, 12), value=1_500_000, note=SECRET_NOTE)
    _outcome(m1, "demand", "intention", at(3, 10, 15))
    m2 = _meeting(event, 1, at(3, 10, 9, 30), shuyang, xuzhou_firm, county_asks=True)
    _outcome(m2, "demand", "follow_up", at(3, 10, 16), note=SECRET_NOTE)
    m3 = _meeting(event, 2, at(3, 10, 10), kunshan, suzhou_firm)
    _outcome(m3, "demand", "intention", at(4, 2))
    m4 = _meeting(event, 3, at(3, 10, 10, 30), rugao, trainer, status=Meeting.Status.CANCELLED)
    _outcome(m4, "supply", "intention", at(3, 10, 11))

    future = _event(province, timezone.now() + dt.timedelta(days=20), title="下一场对接会")
    _meeting(future, 0, timezone.now() + dt.timedelta(days=20), shuyang, suzhou_firm)
    cancelled = _event(province, at(3, 20), status=Event.Status.CANCELLED, title="取消的对接会")
    _meeting(cancelled, 0, at(3, 20), rugao, suzhou_firm)

    refresh_insights()


def value(indicator: str, level: str, area: str, month: dt.date) -> float | None:
    return IndicatorSnapshot.objects.get(indicator=indicator, level=level, area=area, month=month).value


def test_meetings_held_per_zone_and_province(fair):
    assert [value("fair_meetings", "zone", zone, MAR) for zone in ("south", "centre", "north")] == [1, 0, 2]
    assert value("fair_meetings", "province", "320000", MAR) == 3
    # Stored per county and city too (for the provincial office): 沭阳's two, 昆山's one.
    assert value("fair_meetings", "county", SHUYANG, MAR) == 2
    assert value("fair_meetings", "county", KUNSHAN, MAR) == 1
    assert value("fair_meetings", "city", "321300", MAR) == 2


def test_intentions_count_once_per_meeting_from_the_first_record(fair):
    # M1: both sides recorded one → 1; M3: recorded on 04-02 → from April; M4 cancelled → never.
    assert [value("fair_intentions", "zone", zone, MAR) for zone in ("south", "centre", "north")] == [0, 0, 1]
    assert [value("fair_intentions", "zone", zone, APR) for zone in ("south", "centre", "north")] == [1, 0, 1]
    assert value("fair_intentions", "province", "320000", APR) == 2


def test_zone_pairs_supplier_zone_by_county_zone(fair):
    def pair(measure, supplier, county_zone):
        return value(f"fair_{measure}_{supplier}_suppliers", "zone", county_zone, APR)

    assert pair("meetings", "south", "north") == 1  # M1, asked by the firm
    assert pair("meetings", "north", "north") == 1  # M2, asked by the county: the same pair rule
    assert pair("meetings", "south", "south") == 1  # M3
    assert pair("meetings", "south", "centre") == 0  # M4 cancelled, the cancelled fair never counts
    assert pair("meetings", "centre", "north") == 0
    assert pair("intentions", "south", "north") == 1
    assert pair("intentions", "south", "south") == 1
    assert pair("intentions", "north", "north") == 0


def test_the_province_page_shows_the_zone_pair_tables(client, fair):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.get(reverse("insights:province"), {"indicator": "fair_meetings", "basis": "absolute"})
    assert response.status_code == 200
    rows = {row.supplier_zone: (row.meetings, row.intentions) for row in response.context["overview"].fair_pairs}
    # Columns: 苏南, 苏中, 苏北 county offices; the latest month (every fact is in the past).
    assert rows["south"] == ([1, 0, 1], [1, 0, 1])
    assert rows["north"] == ([0, 0, 1], [0, 0, 0])
    assert rows["centre"] == ([0, 0, 0], [0, 0, 0])
    assert rows[""] == ([1, 0, 2], [1, 0, 1])
    text = response.content.decode()
    assert "Matchmaking fairs by zone pair" in text
    assert "Intentions signed at fairs" in text


def test_the_zh_page_names_the_tables_in_chinese(client, fair):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    text = client.get(reverse("insights:province"), {"indicator": "fair_intentions"}).content.decode()
    assert "对接会签约意向数" in text
    assert "对接会供需双方区域对照" in text


def test_nothing_private_reaches_an_anonymous_reader(client, fair):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.get(reverse("insights:province"), {"indicator": "fair_meetings", "basis": "absolute"})
    overview = response.context["overview"]
    assert overview.restricted
    assert {c.shown for c in overview.counties} == {None}  # no county figure for the public
    assert 'id="gap-map"' not in response.content.decode()  # nor an empty map and a table of dashes
    county_page = client.get(reverse("insights:county", args=[SHUYANG]))
    figure = next(f for f in county_page.context["overview"].figures if f.indicator.code == "fair_meetings")
    assert (figure.public, figure.value) == (False, None)
    texts = [response.content.decode(), county_page.content.decode()]
    rows = selectors.snapshot_rows(indicator="fair_meetings")
    assert {row["level"] for row in rows} == {"zone", "province"}
    download = client.get(reverse("opendata:file", args=["snapshots", "json"]))
    data = json.loads(b"".join(download.streaming_content) if download.streaming else download.content)
    fair_rows = [row for row in data["rows"] if row["indicator"].startswith("fair_")]
    assert fair_rows
    assert {row["level"] for row in fair_rows} == {"zone", "province"}
    texts.append(json.dumps(data, ensure_ascii=False))
    for text in texts:
        for secret in (SECRET_NOTE, SECRET_PURPOSE, "1500000", "1,500,000", "苏州云途智行", "徐州矿山物联"):
            assert secret not in text


def test_the_provincial_office_sees_county_figures(client_as, pat, fair):
    response = client_as(pat).get(reverse("insights:province"), {"indicator": "fair_meetings", "basis": "absolute"})
    overview = response.context["overview"]
    assert not overview.restricted
    assert 'id="gap-map"' in response.content.decode()
    shown = {c.code: c.shown for c in overview.counties}
    assert (shown[SHUYANG], shown[KUNSHAN], shown[RUGAO]) == (2, 1, 0)
    assert {row["level"] for row in selectors.snapshot_rows(indicator="fair_meetings", user=pat)} == {
        "county",
        "city",
        "zone",
        "province",
    }
