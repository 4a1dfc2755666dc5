"""Database models, split by domain. Import from here so Alembic sees every table.

The audit log and the email outbox belong to ``core`` (everything writes to them) and are
re-exported here with the rest.
"""

import directory_app.models.person_keys  # noqa: F401  (registers the key listeners)
from directory_app.core.audit import AuditEvent
from directory_app.core.mail import EmailOutboxMessage
from directory_app.core.rate_limits import RateLimitCounter
from directory_app.models.activities import (
    Activity,
    ActivityAudience,
    ActivityCategory,
    ActivityLanguage,
)
from directory_app.models.buddies import Buddy
from directory_app.models.cancellations import SessionCancellation
from directory_app.models.casework import CaseMessage, ContactAttempt, ReferralCorrection
from directory_app.models.changes import ListingChange, VenueChange
from directory_app.models.freshness import ListingReminder, ProblemReport, ProblemReportNote
from directory_app.models.groups import AccountRequest, provider_organisation
from directory_app.models.imports import ImportReportRecord
from directory_app.models.onward import OnwardReferral
from directory_app.models.organisation_changes import OrganisationChange
from directory_app.models.organisations import Organisation
from directory_app.models.outcomes import PlanRevision, WellbeingMeasure
from directory_app.models.referrals import Referral, ReferralNote, ReferralStatusChange
from directory_app.models.report_summaries import (
    ReportChange,
    ReportDailyCount,
    ReportDay,
    ReportWellbeing,
)
from directory_app.models.request_drafts import RequestDraft
from directory_app.models.schedules import ActivitySchedule
from directory_app.models.school_terms import SchoolTerm
from directory_app.models.search_outbox import SearchHost, SearchLogPruned, SearchOutboxEntry
from directory_app.models.shortlists import ShortlistItem
from directory_app.models.staff import EmailedLink, SignInLock, StaffUser
from directory_app.models.translations import ActivityTranslation, OrganisationTranslation
from directory_app.models.venues import Venue, VenueAccessFeature

__all__ = [
    "AccountRequest",
    "Activity",
    "ActivityAudience",
    "ActivityCategory",
    "ActivityLanguage",
    "ActivitySchedule",
    "ActivityTranslation",
    "AuditEvent",
    "Buddy",
    "CaseMessage",
    "ContactAttempt",
    "EmailOutboxMessage",
    "EmailedLink",
    "ImportReportRecord",
    "ListingChange",
    "ListingReminder",
    "OnwardReferral",
    "Organisation",
    "OrganisationChange",
    "OrganisationTranslation",
    "PlanRevision",
    "ProblemReport",
    "ProblemReportNote",
    "RateLimitCounter",
    "Referral",
    "ReferralCorrection",
    "ReferralNote",
    "ReferralStatusChange",
    "ReportChange",
    "ReportDailyCount",
    "ReportDay",
    "ReportWellbeing",
    "RequestDraft",
    "SchoolTerm",
    "SearchHost",
    "SearchLogPruned",
    "SearchOutboxEntry",
    "SessionCancellation",
    "ShortlistItem",
    "SignInLock",
    "StaffUser",
    "Venue",
    "VenueAccessFeature",
    "VenueChange",
    "WellbeingMeasure",
    "provider_organisation",
]
