"""No table is double-booked: the scheduler holds the number of meetings per slot to the number of tables, and
``services._assign_tables`` then gives each meeting of a slot its own (room, table) — keeping a meeting's table
when it is still free. Property-tested over random previous placements (hypothesis)."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fairs.models import Meeting
from fairs.services import _assign_tables


@st.composite
def placements(draw):
    """Per slot (0–2) up to three meetings (the event has three tables), each new (no pk) or placed before at
    a random (room index or none, table 1–4 — possibly a table the room does not have), pinned or not."""
    items = []
    pk = 1
    for slot in range(3):
        for _ in range(draw(st.integers(0, 3))):
            saved = draw(st.booleans())
            items.append(
                (
                    slot,
                    pk if saved else None,
                    draw(st.none() | st.integers(0, 1)) if saved else None,
                    draw(st.integers(1, 4)),
                    draw(st.booleans()),
                )
            )
            pk += 1
    return items


@pytest.mark.django_db
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(placements())
def test_every_meeting_of_a_slot_gets_its_own_existing_table(event, items):
    rooms = list(event.rooms.all())  # A厅 with 2 tables, B厅 with 1
    capacity = {room.pk: room.tables for room in rooms}
    meetings = []
    for slot, pk, room_index, table, pinned in items:
        meeting = Meeting(slot_id=slot, table=table, pinned=pinned)
        meeting.pk = pk
        meeting.room = rooms[room_index] if room_index is not None else None
        meetings.append(meeting)

    _assign_tables(event, meetings)

    places = Counter((m.slot_id, m.room_id, m.table) for m in meetings)
    assert all(n == 1 for n in places.values()), places
    assert all(m.room_id in capacity and 1 <= m.table <= capacity[m.room_id] for m in meetings)
