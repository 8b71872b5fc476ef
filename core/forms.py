from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from core.models import NotificationPreference


class ReasonForm(forms.Form):
    """A required reason kept on the record (a disqualification, a declined panel seat, a revoked certificate)."""

    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the named field when the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            if field == NON_FIELD_ERRORS:
                target = None
            form.add_error(target, errors)
    else:
        form.add_error(None, exc)


class GivenQuerysetsMixin:
    """For forms whose choices the view knows: each name in ``given_querysets`` is both a keyword argument and a
    field; a queryset passed under that name becomes the field's (the class declares ``.none()`` by default)."""

    given_querysets: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        given = {name: kwargs.pop(name, None) for name in self.given_querysets}
        super().__init__(*args, **kwargs)
        for name, queryset in given.items():
            if queryset is not None:
                self.fields[name].queryset = queryset  # type: ignore[attr-defined]


class NotificationPreferencesForm(forms.Form):
    """One delivery choice per registered notification kind."""

    def __init__(self, *args, kinds, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in kinds:
            self.fields[kind.code] = forms.ChoiceField(
                label=kind.label,
                choices=NotificationPreference.Delivery.choices,
                initial=current.get(kind.code, NotificationPreference.Delivery.IMMEDIATE),
            )
