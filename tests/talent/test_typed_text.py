"""Typed text is stored as typed: Chinese punctuation is not turned into ASCII (only search copies are normalised)."""

import pytest

from talent import services

TYPED = "数据标注实务（入门），第一期；含实操：标注工具"


@pytest.mark.django_db
def test_course_text_keeps_chinese_punctuation(trudy, trainer_org):
    course = services.course_create(
        actor=trudy, provider=trainer_org, title_zh=f"  {TYPED}\u3000", planned_hours=8, description_zh=TYPED
    )
    course.refresh_from_db()
    assert course.title_zh == TYPED
    assert course.description_zh == TYPED
