"""Validators shared by models, forms and serializers.

``validate_web_url``: a web address the site may show as a link — ``http`` or ``https``, a host name with a
dot, an optional port, then only characters RFC 3986 allows unencoded. Quotes, angle brackets, backslashes and
spaces are refused (``https://x.cn/"><script>`` was accepted by Django's URLValidator, whose path part allows
anything but spaces), and so are ``javascript:``, ``data:`` and ``ftp:`` addresses. The OpenAPI schema documents
the same pattern (``core.schema``), so what the schema promises is exactly what the validator accepts.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

WEB_URL_PATTERN = (
    r"^https?://(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(?::[0-9]{1,5})?"
    r"(?:[/?#][A-Za-z0-9._~%!$&'()*+,;=:@/?#-]*)?$"
)
_WEB_URL = re.compile(WEB_URL_PATTERN)


@deconstructible(path="core.validators.WebURLValidator")
class WebURLValidator:
    message = _("Enter a web address starting with http:// or https://, e.g. https://www.example.cn/.")
    code = "invalid"

    def __call__(self, value) -> None:
        if not isinstance(value, str) or not _WEB_URL.fullmatch(value):
            raise ValidationError(self.message, code=self.code, params={"value": value})

    def __eq__(self, other) -> bool:
        return isinstance(other, WebURLValidator)

    def __hash__(self) -> int:
        return hash(WebURLValidator)


validate_web_url = WebURLValidator()
