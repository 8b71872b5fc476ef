"""A label's colon in the reader's language (the `colon` tag of core's `ui` library)."""

import pytest
from django.template import Context, Template
from django.utils import translation


@pytest.mark.parametrize(("language", "expected"), [("zh-hans", "状态：已提交"), ("en", "Status: submitted")])
def test_label_colon_follows_the_language(language, expected):
    template = Template('{% load i18n ui %}{% translate "Status" %}{% colon %}{{ value }}')
    with translation.override(language):
        assert template.render(Context({"value": "已提交" if language == "zh-hans" else "submitted"})) == expected
