from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    label = "proposals"
    verbose_name = _("Proposals and engagements")

    def ready(self) -> None:
        from proposals import audit, notifications, permissions  # noqa: F401

        audit.register()
        notifications.register_kinds()

        from catalog import hooks

        def announce(pk: int, event: str) -> None:
            from proposals.services import announce_answer

            announce_answer(question_id=pk)

        hooks.on_question_answered.append(announce)

        from proposals.services import calls

        def cancelled(pk: int, event: str) -> None:
            if event == "cancelled":
                calls.announce_cancellation(scenario_id=pk)

        if calls.close_early_refusal not in hooks.close_early_vetoes:
            hooks.close_early_vetoes.append(calls.close_early_refusal)
        hooks.on_scenario_changed.append(cancelled)
        if calls.describe_effects not in hooks.effect_describers:
            hooks.effect_describers.append(calls.describe_effects)

        from matching import hooks as matching_hooks
        from proposals.selectors import reference_cases_similar_to

        matching_hooks.reference_case_providers.append(reference_cases_similar_to)
