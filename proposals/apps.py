from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    label = "proposals"
    verbose_name = _("Proposals and engagements")

    def ready(self) -> None:
        # Registering needs the models loaded, hence here rather than at the top of the module (Django's rule).
        from catalog import hooks as catalog_hooks
        from matching import hooks as matching_hooks
        from proposals import audit, notifications, permissions  # noqa: F401 - registers the rules permissions
        from proposals.selectors import reference_cases_similar_to, use_signals
        from proposals.services import announce_answer

        audit.register()
        notifications.register_kinds()

        def announce(pk: int, event: str) -> None:
            announce_answer(question_id=pk)

        catalog_hooks.on_question_answered.append(announce)

        from proposals.services import calls

        def cancelled(pk: int, event: str) -> None:
            if event == "cancelled":
                calls.announce_cancellation(scenario_id=pk)

        catalog_hooks.on_scenario_changed.append(cancelled)
        if calls.close_early_refusal not in catalog_hooks.close_early_vetoes:
            catalog_hooks.close_early_vetoes.append(calls.close_early_refusal)
        from proposals.services.acceptance import completion_refusal

        if completion_refusal not in catalog_hooks.complete_vetoes:
            catalog_hooks.complete_vetoes.append(completion_refusal)
        if calls.describe_effects not in catalog_hooks.effect_describers:
            catalog_hooks.effect_describers.append(calls.describe_effects)
        matching_hooks.reference_case_providers.append(reference_cases_similar_to)
        if use_signals not in matching_hooks.use_signal_providers:
            matching_hooks.use_signal_providers.append(use_signals)
