"""Confirmation pages for consequential actions: a GET shows what will happen and to whom (with a reason field
where the record keeps one); only the POST acts. Plain HTML forms, so they work without JavaScript.

A view builds a :class:`Confirmation` and returns :func:`render_confirmation` on GET, and on a POST whose form
does not validate (the page comes back with the errors and nothing saved).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


class ConfirmReasonForm(forms.Form):
    """The reason kept on the record; required where the record needs one."""

    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, required: bool = True, label=None, help_text=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
        if label is not None:
            self.fields["reason"].label = label
        if help_text is not None:
            self.fields["reason"].help_text = help_text

    @property
    def reason_text(self) -> str:
        return self.cleaned_data.get("reason", "") if self.is_valid() else ""


@dataclass
class Confirmation:
    title: str
    subject: str
    consequences: Sequence[str]
    button: str
    back_url: str
    form: forms.Form | None = None
    refusal: str = ""
    alternatives: Sequence[tuple[str, str]] = field(default_factory=tuple)
    danger: bool = True
    # (name, value) pairs carried through the confirmation, e.g. the choices of the form that led here.
    hidden: Sequence[tuple[str, str]] = field(default_factory=tuple)


def render_confirmation(request, confirmation: Confirmation, *, status: int = 200):
    return render(request, "confirm.html", {"confirm": confirmation}, status=status)


class ReasonConfirmationMixin:
    """For an action view whose POST takes a reason (a :class:`ConfirmReasonForm`): the GET shows the view's
    ``confirmation(form)`` with ``reason_form()``; a POST whose form does not validate shows it again with the
    errors (status 400)."""

    def reason_form(self) -> forms.Form:
        return ConfirmReasonForm(required=True)

    def get(self, request, *args, **kwargs):
        return render_confirmation(request, self.confirmation(self.reason_form()))

    def form_invalid(self, form):
        return render_confirmation(self.request, self.confirmation(form), status=400)
