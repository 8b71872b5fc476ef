"""Who may do what in insights. Figures are public (each indicator's public rule decides what enters them);
the provincial office also sees the figures an indicator keeps from the public (county contract values),
sets targets, reads the "needs attention" list and comments on self-assessments. A county office fills in its
own digital-maturity self-assessment through its admins and editors."""

from __future__ import annotations

import rules

from directory.models import Organization
from directory.permissions import can_publish_for, is_org_member, is_overseer


@rules.predicate
def may_assess_for(user, organization) -> bool:
    """A verified county office located in a county, acting through one of its admins or editors."""
    return (
        organization is not None
        and organization.kind == Organization.Kind.COUNTY_OFFICE
        and organization.region.level == "county"
        and can_publish_for(user, organization)
    )


@rules.predicate
def may_edit_assessment(user, assessment) -> bool:
    return assessment is not None and assessment.status == "draft" and may_assess_for(user, assessment.organization)


@rules.predicate
def is_assessment_member(user, assessment) -> bool:
    return assessment is not None and is_org_member(user, assessment.organization)


@rules.predicate
def is_submitted(user, assessment) -> bool:
    return assessment is not None and assessment.status == "submitted"


rules.add_perm("insights.read_restricted_figures", is_overseer)
rules.add_perm("insights.edit_target", is_overseer)
rules.add_perm("insights.read_attention", is_overseer)
rules.add_perm("insights.assess_for", may_assess_for)
rules.add_perm("insights.edit_assessment", may_edit_assessment)
# Submitted assessments are public (their score enters the map); drafts stay with the county and the province.
rules.add_perm("insights.read_assessment", is_submitted | is_assessment_member | is_overseer)
rules.add_perm("insights.comment_assessment", is_submitted & is_overseer)
