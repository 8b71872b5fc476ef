"""Small template helpers for forms and bilingual text."""

from __future__ import annotations

from django import forms, template
from django.utils.html import format_html

from core.money import format_money
from core.text import prefers_chinese

register = template.Library()


@register.simple_tag
def colon() -> str:
    """The colon after a label in the reader's language: "：" in Chinese, ": " in English."""
    return "：" if prefers_chinese() else ": "


@register.simple_tag
def widget(field: forms.BoundField) -> str:
    """Render a bound field's widget with Bootstrap classes and ARIA links to its help text and errors."""
    input_type = getattr(field.field.widget, "input_type", "")
    if isinstance(field.field.widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(field.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        css = ""
    elif isinstance(field.field.widget, forms.Select) or input_type == "select":
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    attrs = {"class": (field.field.widget.attrs.get("class", "") + " " + css).strip()}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def money(value) -> str:
    """An amount in whole yuan in the reader's language: "98 万元" / "CNY 980,000" (core.money)."""
    return format_money(value)


_STOPPED = ("cancelled", "terminated")


@register.inclusion_tag("_stepper.html")
def lifecycle(obj, state: str = "") -> dict:
    """A lifecycle stepper for anything with a ``Status`` choices class (scenarios, engagements): the steps in
    order, done / current / to come; a cancelled or terminated record shows that instead of a current step."""
    state = state or obj.status
    skipped = (*_STOPPED, *getattr(obj, "lifecycle_skipped", ()))
    choices = [(value, label) for value, label in obj.Status.choices if value not in skipped]
    values = [value for value, _label in choices]
    current = values.index(state) if state in values else -1
    steps = [
        {"label": label, "status": "done" if i < current else "current" if i == current else "todo"}
        for i, (_value, label) in enumerate(choices)
    ]
    stopped = dict(obj.Status.choices).get(state, "") if state in _STOPPED else ""
    return {"steps": steps, "stopped": stopped}


@register.simple_block_tag
def capture(content: str) -> str:
    """What the tag encloses, rendered once, so that ``{% capture as name %}…{% endcapture %}`` can show it in
    several places (base.html: a page's heading is also its title)."""
    return content


@register.simple_block_tag
def or_empty(content: str, items, empty: str) -> str:
    """The list the tag encloses when ``items`` has any, else the empty state: ``empty`` in a paragraph of class
    ``empty-state``. ``{% or_empty rows _("Nothing yet.") %}<ul>…</ul>{% endor_empty %}``"""
    if items:
        return content
    return format_html('<p class="empty-state">{}</p>', empty)
