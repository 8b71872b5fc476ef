from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from catalog import hooks
        from core import audit
        from core.notifications import register_kind
        from matching import notifications, permissions, services, tasks  # noqa: F401 - registers rules and messages
        from matching.models import RegionPair

        audit.register(RegionPair)  # the provincial office edits the paired cities
        register_kind(services.KIND_INVITATION, _("Invitations to propose"))
        register_kind(services.KIND_REPLICATION, _("Proven solutions for your scenarios"))
        register_kind(services.KIND_NEW_SCENARIO, _("New scenarios matching your subscriptions"))
        if tasks.on_scenario_changed not in hooks.on_scenario_changed:
            hooks.on_scenario_changed.append(tasks.on_scenario_changed)
        if tasks.on_solution_changed not in hooks.on_solution_changed:
            hooks.on_solution_changed.append(tasks.on_solution_changed)
