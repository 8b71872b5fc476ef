"""Small template helpers for forms and bilingual text."""

from __future__ import annotations

from django import forms, template

register = template.Library()


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
