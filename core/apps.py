from collections.abc import Mapping

from django.apps import AppConfig
from django.utils.functional import Promise
from rest_framework import serializers


class RegisteringAppConfig(AppConfig):
    """An app that registers what it declares once the models are loaded, before any view, API call or service
    asks for it:

    - ``notification_kinds``: the notification kinds its users choose a delivery for, code → label;
    - ``audited``: the models (by name) whose every concrete field the audit log follows.

    An app extends ``ready()`` (calling ``super().ready()``) to import its modules that register on import
    (``rules`` permissions, notification messages) and to wire what is more than a declaration (hooks, audit
    options).

    Imported into an app's ``apps`` module, this base is a second AppConfig there: it says ``default = False``
    and each app's config ``default = True``, so that Django picks the app's own."""

    default = False
    notification_kinds: Mapping[str, str | Promise] = {}
    audited: tuple[str, ...] = ()

    def ready(self) -> None:
        # Registering needs the models loaded, hence here rather than at the top of the module (Django's rule).
        from core import audit
        from core.notifications import register_kind

        for code, label in self.notification_kinds.items():
            register_kind(code, label)
        for model_name in self.audited:
            audit.register(self.get_model(model_name))


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from core import jobs
        from core.api import text_only

        jobs.register_notification_kind()
        # The API's text fields take strings only (core.api.text_only), as the schema says.
        serializers.CharField.to_internal_value = text_only  # type: ignore[method-assign,assignment]
