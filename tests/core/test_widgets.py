"""CachedOptionsSelect renders exactly what forms.Select renders, in the reader's language, with the value."""

import pytest
from django import forms
from django.utils import translation

from catalog.models import Capability
from core.widgets import CachedOptionsSelect


def _field(widget):
    return forms.ModelChoiceField(
        queryset=Capability.objects.order_by("code"), to_field_name="code", empty_label="—", widget=widget
    )


@pytest.mark.parametrize("value", [None, "", "telemedicine", "no-such-code", 'x"><script>'])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_same_markup_as_a_plain_select(db, value, language):
    with translation.override(language):
        plain = _field(forms.Select).widget.render("capability", value, {"id": "id_capability"})
        for _ in range(2):  # the second render comes from the cache
            cached = _field(CachedOptionsSelect).widget.render("capability", value, {"id": "id_capability"})
            assert cached == plain


def test_selected_option_and_language(db):
    with translation.override("zh-hans"):
        chinese = _field(CachedOptionsSelect).widget.render("capability", "telemedicine")
    with translation.override("en"):
        english = _field(CachedOptionsSelect).widget.render("capability", "telemedicine")
    assert '<option value="telemedicine" selected>远程医疗</option>' in chinese
    assert '<option value="telemedicine" selected>Telemedicine</option>' in english
    assert english.count(" selected") == 1


def test_one_query_per_render(db, django_assert_num_queries):
    for _ in range(2):
        widget = _field(CachedOptionsSelect).widget
        with django_assert_num_queries(1):
            widget.render("capability", "telemedicine")
