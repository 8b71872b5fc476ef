"""Writes in the catalog. Views, the API, admin and commands call these; they never save catalog models directly.

Every function checks who acts (``PermissionDenied``) and what must hold (``ValidationError`` with messages per
field), runs in one transaction, and leaves nothing half-saved. Lifecycle transitions are recorded in
``ScenarioTransition`` (who, when, why, from, to); edits in ``ScenarioRevision`` (changed fields, old and new).
"""

from catalog.services.attachments import attachment_add, attachment_delete
from catalog.services.common import (
    EDITABLE_STATES,
    EXTENSION_WINDOW,
    OPERATOR,
    SCENARIO_FIELDS,
    SOLUTION_FIELDS,
    TEXT_FIELDS,
    Operator,
    S,
    province_code_of,
    review_required_for,
)
from catalog.services.outcomes import resource_request_create, resource_request_decide
from catalog.services.questions import deadline_extension_offered, question_answer, question_ask
from catalog.services.review import (
    REVIEW_TRANSITIONS,
    batch_publish,
    review_policy_set,
    scenario_approve,
    scenario_grade,
    scenario_return,
    scenario_submit,
)
from catalog.services.scenarios import (
    TRANSITIONS as LIFECYCLE_TRANSITIONS,
)
from catalog.services.scenarios import (
    scenario_adopt,
    scenario_award,
    scenario_cancel,
    scenario_close,
    scenario_complete,
    scenario_create,
    scenario_delete,
    scenario_publish,
    scenario_start_pilot,
    scenario_update,
    scenarios_close_expired,
)
from catalog.services.search import (
    _search_text,
    map_tags,
    refresh_scenario_search_text,
    refresh_solution_search_text,
    unmapped_tag_map,
)
from catalog.services.solutions import (
    deployment_add,
    solution_archive,
    solution_create,
    solution_delete,
    solution_publish,
    solution_update,
)

# Every named step a page or the API may ask for; ``catalog.permissions.transition_perm`` says who may.
TRANSITIONS = {**LIFECYCLE_TRANSITIONS, **REVIEW_TRANSITIONS}

__all__ = [
    "EDITABLE_STATES",
    "EXTENSION_WINDOW",
    "OPERATOR",
    "REVIEW_TRANSITIONS",
    "SCENARIO_FIELDS",
    "SOLUTION_FIELDS",
    "TEXT_FIELDS",
    "TRANSITIONS",
    "Operator",
    "S",
    "_search_text",
    "attachment_add",
    "attachment_delete",
    "batch_publish",
    "deadline_extension_offered",
    "deployment_add",
    "map_tags",
    "province_code_of",
    "question_answer",
    "question_ask",
    "refresh_scenario_search_text",
    "refresh_solution_search_text",
    "resource_request_create",
    "resource_request_decide",
    "review_policy_set",
    "review_required_for",
    "scenario_adopt",
    "scenario_approve",
    "scenario_award",
    "scenario_cancel",
    "scenario_close",
    "scenario_complete",
    "scenario_create",
    "scenario_delete",
    "scenario_grade",
    "scenario_publish",
    "scenario_return",
    "scenario_start_pilot",
    "scenario_submit",
    "scenario_update",
    "scenarios_close_expired",
    "solution_archive",
    "solution_create",
    "solution_delete",
    "solution_publish",
    "solution_update",
    "unmapped_tag_map",
]
