"""``{% public_fragment %}``: a piece of a public page rendered once per content version.

    {% load pagecache_tags %}
    {% public_fragment "scenario-row" s.pk s.effective_status %}…{% endpublic_fragment %}

The fragment is kept in the cache for ``PAGE_CACHE_SECONDS`` under the page cache's content version
(``core.pagecache.current_version``), the active language and the values after the name, so any change of public
content renders it again — the same rule as the anonymous page cache, but for pieces that are identical for every
reader of a page whose whole is not (a signed-in reader's page carries their menu and notifications). Put nothing
personal inside, and name among the values everything the fragment shows that can change without a content
change (a state computed from the clock). With ``PAGE_CACHE_SECONDS = 0`` it renders every time.
"""

from __future__ import annotations

import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.safestring import mark_safe

from core import pagecache

register = template.Library()


class PublicFragmentNode(template.Node):
    def __init__(self, nodelist, vary_on):
        self.nodelist = nodelist
        self.vary_on = vary_on

    def render(self, context):
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0:
            return self.nodelist.render(context)
        # One read of the content version per template render, not one per fragment (a list has a row each; with
        # Redis the version is a round trip).
        version = context.render_context.get("pagecache_version")
        if version is None:
            version = context.render_context["pagecache_version"] = pagecache.current_version()
        parts = [version, translation.get_language() or ""]
        parts += [str(value.resolve(context)) for value in self.vary_on]
        key = "pagecache:fragment:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, str(html), seconds)
        return mark_safe(html)  # noqa: S308 - the template's own output, escaped when it was rendered


@register.tag("public_fragment")
def public_fragment(parser, token):
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("public_fragment needs a name")
    nodelist = parser.parse(("endpublic_fragment",))
    parser.delete_first_token()
    return PublicFragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits])
