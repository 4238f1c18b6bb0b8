"""Every write in commissioner reports: definitions, runs and their build, downloads, case studies."""

from recovery.reports.services.case_studies import case_study_add, case_study_set_included, case_study_withdraw
from recovery.reports.services.definitions import definition_for_service, definition_update
from recovery.reports.services.runs import (
    RunRefused,
    run_build,
    run_claim,
    run_download_record,
    run_request,
    run_retry,
    runs_request_automatic,
)

__all__ = [
    "RunRefused",
    "case_study_add",
    "case_study_set_included",
    "case_study_withdraw",
    "definition_for_service",
    "definition_update",
    "run_build",
    "run_claim",
    "run_download_record",
    "run_request",
    "run_retry",
    "runs_request_automatic",
]
