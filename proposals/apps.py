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
        from proposals.selectors import reference_cases_similar_to
        from proposals.services import announce_answer

        audit.register()
        notifications.register_kinds()

        def announce(pk: int, event: str) -> None:
            announce_answer(question_id=pk)

        catalog_hooks.on_question_answered.append(announce)
        matching_hooks.reference_case_providers.append(reference_cases_similar_to)
