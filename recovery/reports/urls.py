from django.urls import path

from recovery.reports.views import runs, settings

app_name = "reports"

SERVICE = "reports/services/<uuid:code>/"
RUN = "reports/runs/<uuid:code>/"

urlpatterns = [
    path("reports/", runs.home, name="home"),
    path(SERVICE + "new/", runs.new_report, name="new"),
    path(SERVICE + "settings/", settings.definition_edit, name="definition_edit"),
    path(SERVICE + "case-studies/", settings.case_studies, name="case_studies"),
    path(
        SERVICE + "case-studies/<uuid:study_code>/withdraw/", settings.case_study_withdraw, name="case_study_withdraw"
    ),
    path(SERVICE + "case-studies/<uuid:study_code>/include/", settings.case_study_include, name="case_study_include"),
    path(RUN, runs.run_detail, name="run_detail"),
    path(RUN + "status/", runs.run_status, name="run_status"),
    path(RUN + "preview/", runs.run_preview, name="run_preview"),
    path(RUN + "report.pdf", runs.run_pdf, name="run_pdf"),
    path(RUN + "report-csv.zip", runs.run_csv, name="run_csv"),
    path(RUN + "retry/", runs.run_retry, name="run_retry"),
]
