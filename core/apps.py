from django.apps import AppConfig
from rest_framework import serializers


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from core import jobs
        from core.api import text_only

        jobs.register_notification_kind()
        # The API's text fields take strings only (core.api.text_only), as the schema says.
        serializers.CharField.to_internal_value = text_only  # type: ignore[method-assign,assignment]
