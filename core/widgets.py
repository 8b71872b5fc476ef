"""A ``<select>`` for long option lists (capabilities, regions, domains, skills) that renders its options once.

Django renders every ``<option>`` through a template: a list filter with 237 capabilities and 109 regions costs
thousands of template node renders per page. :class:`CachedOptionsSelect` renders the whole ``<select>`` once
per distinct set of (name, attributes, values and labels) — the labels are in the reader's language, so each
language and each version of the vocabulary gets its own entry and nothing needs invalidating — and marks the
current value as ``selected`` on a copy. The choices are still read (one query, as before), so the page shows
exactly what it showed, and the output is byte for byte what ``forms.Select`` renders. Plain HTML: it works
without JavaScript.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe

_MAX_ENTRIES = 256
_NOTHING_SELECTED = "\x00"  # a value no option has: the cached markup selects nothing
_rendered: OrderedDict[tuple, str] = OrderedDict()
_lock = threading.Lock()


class CachedOptionsSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        read = list(iter(self.choices))  # one query for model choices, as forms.Select does (no count)
        self.choices = read
        if any(isinstance(label, list | tuple) for _, label in read):  # option groups: no shortcut
            return super().render(name, value, attrs, renderer)
        choices = [(str(option_value), str(label)) for option_value, label in read]
        final_attrs = self.build_attrs(self.attrs, attrs)
        key = (
            type(self).__qualname__,
            name,
            tuple(sorted((k, str(v)) for k, v in final_attrs.items())),
            tuple(choices),
            type(renderer).__qualname__,
        )
        with _lock:
            html = _rendered.get(key)
            if html is not None:
                _rendered.move_to_end(key)
        if html is None:
            html = str(super().render(name, _NOTHING_SELECTED, attrs, renderer))
            with _lock:
                _rendered[key] = html
                while len(_rendered) > _MAX_ENTRIES:
                    _rendered.popitem(last=False)
        selected = self.format_value(value)
        if selected:
            option = f'<option value="{escape(selected[0])}">'
            html = html.replace(option, option[:-1] + " selected>", 1)
        return mark_safe(html)  # noqa: S308 - markup rendered by forms.Select, values escaped
