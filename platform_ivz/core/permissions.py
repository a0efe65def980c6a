"""Role predicates shared by every app's object permissions (the `rules` library)."""

import rules

from platform_ivz.core.roles import BOARD_READERS, Role


def _has_role(*roles):
    @rules.predicate
    def predicate(user):
        return user.is_authenticated and user.has_role(*roles)

    return predicate


is_voorzitter = _has_role(Role.VOORZITTER)
is_regiocoordinator = _has_role(Role.REGIOCOORDINATOR)
is_platformlid = _has_role(Role.PLATFORMLID)
is_dvo_lid = _has_role(Role.DVO_LID)
is_beheerder = _has_role(Role.BEHEERDER)
is_gemeentesecretaris = _has_role(Role.GEMEENTESECRETARIS)
# Reads what a DVO member reads: the DVO members and the coördinerend gemeentesecretaris.
reads_as_board = _has_role(*BOARD_READERS)
is_reviewer = is_voorzitter | is_regiocoordinator

# The security log (docs/ARCHITECTURE.md §4, BIO): the roles with special rights read it;
# nobody edits it.
can_view_audit_log = is_voorzitter | is_regiocoordinator | is_beheerder
rules.add_perm("core.view_audit_log", can_view_audit_log)
