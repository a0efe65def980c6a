"""Who may do what with reports (docs/ARCHITECTURE.md §4)."""

import rules

from platform_ivz.core.permissions import is_regiocoordinator, is_voorzitter
from projects.permissions import can_manage_meetings


@rules.predicate
def is_signed_in(user):
    return user.is_authenticated


@rules.predicate
def is_final_version(user, version):
    return version is not None and version.is_final


can_generate_reports = is_regiocoordinator
can_finalise_reports = is_regiocoordinator
can_edit_introduction = is_regiocoordinator
can_see_concepts = is_voorzitter | is_regiocoordinator
can_download_version = is_signed_in & (is_final_version | can_see_concepts)
can_download_factsheet = is_signed_in
can_download_besluitenlijst = is_signed_in
# The regiocoördinator prepares the Kring's report; the voorzitter may read it first.
can_download_kring = can_see_concepts

# Vergaderstukken (docs/ARCHITECTURE.md §6.3): made by those who prepare meetings; read by
# everyone signed in, as the meeting itself, each in the bundle of their reader class.
can_generate_meeting_papers = can_manage_meetings
can_download_meeting_papers = is_signed_in
