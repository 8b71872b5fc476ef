"""Who may grant, read and manage rewards and vouchers — the one place that decides (pages, the API, the admin
and the services all ask these ``rules`` permissions).

* The provincial office and city offices (市数据局) grant, through their admins and editors
  (``funding.grant``, ``funding.grant_for`` an office); a city office only within its city (checked by the
  service, which says why).
* A grant is read by the granting office's members, the grantee's members and the provincial office
  (``funding.read_grant``); the granting office's admins and editors mark it paid or withdraw it
  (``funding.manage_grant``). Totals without names enter the gap monitor (``insights``).
"""

from __future__ import annotations

import rules

from directory.models import Organization
from directory.permissions import can_publish_for, is_org_member, is_overseer, of_organization
from directory.selectors import affiliations_of

GRANTOR_KINDS = (Organization.Kind.PROVINCIAL_OFFICE, Organization.Kind.CITY_OFFICE)
GRANTEE_KINDS = (Organization.Kind.COUNTY_OFFICE, Organization.Kind.FIRM)


@rules.predicate
def may_grant_for(user, organization) -> bool:
    """Acts (admin or editor) for a verified provincial or city office."""
    return organization is not None and organization.kind in GRANTOR_KINDS and can_publish_for(user, organization)


@rules.predicate
def grants_for_some_office(user) -> bool:
    return bool(affiliations_of(user).organization_ids(kinds=list(GRANTOR_KINDS), editors=True, verified=True))


@rules.predicate
def is_grant_party(user, grant) -> bool:
    return grant is not None and (is_org_member(user, grant.grantor) or is_org_member(user, grant.grantee))


manages_grant = of_organization(may_grant_for, "grantor", name="manages_grant")

rules.add_perm("funding.grant", grants_for_some_office)
rules.add_perm("funding.grant_for", may_grant_for)
rules.add_perm("funding.read_grant", is_grant_party | is_overseer)
rules.add_perm("funding.manage_grant", manages_grant)
