"""Who may see and edit contributions (docs/ARCHITECTURE.md §4). The only place that decides it.

Everyone signed in sees everything here (transparency is the point); the regiocoördinator
and the beheerder keep the figures.
"""

import rules

from platform_ivz.core.permissions import is_beheerder, is_regiocoordinator


@rules.predicate
def is_signed_in(user):
    return user.is_authenticated and user.is_active


can_view_contributions = is_signed_in
can_edit_contributions = is_regiocoordinator | is_beheerder

rules.add_perm("contributions.view", can_view_contributions)
rules.add_perm("contributions.edit", can_edit_contributions)
