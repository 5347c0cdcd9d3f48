"""The enrollments (results) file: one row per person in a class, as a provider's results
spreadsheet gives them. All-or-nothing, idempotent import keyed by (class code, personnel code),
and the export that imports back unchanged.

Contract of :func:`enrollments_import`:

- every row is checked (codes, dates, status and certificate consistency, duplicates, rights,
  capacity, overlapping full-time classes); any problem rejects the whole file with
  ``ImportFailed`` listing every message as "Dòng N, cột X: lý do", and nothing is written;
- a valid file is written in one transaction: a new (class, person) pair enrols the person with
  the class's programme, dates and form; a known pair is compared field by field and only real
  differences are written; columns the file lacks are left as they are;
- a row that completes an enrollment raises the person's qualification exactly as
  ``services.enrollment_complete`` does (``services.granted_qualification``, set-based);
- importing the same file again writes nothing; one audit entry summarises each import.

Cost: a fixed handful of queries per 5,000 rows (classes, people, their enrollments and costs,
their full-time trainings), then batched INSERTs (COPY on PostgreSQL). No query per row.
"""

from apps.core.tabular import ImportFailed
from apps.training.io.enrollments.exporting import check_can_export, enrollments_export, export_rows
from apps.training.io.enrollments.importing import enrollments_import
from apps.training.io.enrollments.rows import ImportResult

__all__ = ["ImportFailed", "ImportResult", "check_can_export", "enrollments_export", "enrollments_import", "export_rows"]
