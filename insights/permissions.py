"""Who may do what in insights. Figures are public (each indicator's public rule decides what enters them);
the provincial office also sees the figures an indicator keeps from the public (county contract values),
sets targets, reads the "needs attention" list and comments on self-assessments. A county office fills in its
own digital-maturity self-assessment through its admins and editors."""

from __future__ import annotations

import rules

from directory.permissions import is_overseer

rules.add_perm("insights.read_restricted_figures", is_overseer)
rules.add_perm("insights.edit_target", is_overseer)
