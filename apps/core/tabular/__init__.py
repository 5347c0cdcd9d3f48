"""Spreadsheet plumbing shared by every import and export (people, units, classes, enrollments).

- reading: an uploaded xlsx (first sheet, streamed) or csv (UTF-8, with or without BOM) becomes a
  header row and numbered raw rows. The content decides the format, not the file name: a PDF or
  random bytes renamed ``.xlsx`` are refused with a Vietnamese message instead of a stack trace.
  Rows are numbered as the user sees them in a spreadsheet (the header is row 1), blank rows
  included in the count;
- columns and messages: ``Column`` (key, Vietnamese header, required, help), loose header matching,
  ``RowError`` ("Dòng N, cột X: lý do"), ``Problems`` collecting them and ``ImportFailed`` carrying
  them to the user;
- cells: ``cell_text`` and ``cell_date`` read what Excel and our own exports write;
- writing: ``ExportFile`` (file name, content type, bytes), ``render_csv`` and ``render_xlsx`` for
  export rows, ``template_workbook`` for a blank import sheet with its guide.
"""

from apps.core.tabular.cells import (
    FORMULA_START,
    blank,
    cell_date,
    cell_int,
    cell_money,
    cell_text,
)
from apps.core.tabular.messages import (
    CONCURRENT_IMPORT,
    MAX_KEPT_ERRORS,
    Column,
    ImportFailed,
    Problems,
    RowError,
    RowReader,
    code_taken,
    column_index,
    header_index,
    header_key,
    lookup_key,
    unit_not_found,
    write_retrying,
)
from apps.core.tabular.reading import (
    NOT_A_SPREADSHEET,
    FileRejected,
    Limits,
    Source,
    Table,
    check_size,
    open_table,
)
from apps.core.tabular.writing import (
    CSV,
    FIXED_STAMP,
    PROGRESS_EVERY,
    XLSX,
    ExportFile,
    GuideSection,
    ImportResult,
    csv_value,
    date_text,
    defuse,
    defuse_sheet,
    formula_like,
    freeze_cell,
    header_widths,
    render_csv,
    render_xlsx,
    set_widths,
    template_workbook,
    workbook_bytes,
)

__all__ = [
    "CONCURRENT_IMPORT",
    "CSV",
    "Column",
    "ExportFile",
    "FIXED_STAMP",
    "FORMULA_START",
    "FileRejected",
    "GuideSection",
    "ImportFailed",
    "ImportResult",
    "Limits",
    "MAX_KEPT_ERRORS",
    "NOT_A_SPREADSHEET",
    "PROGRESS_EVERY",
    "Problems",
    "RowError",
    "RowReader",
    "Source",
    "Table",
    "XLSX",
    "blank",
    "cell_date",
    "cell_int",
    "cell_money",
    "cell_text",
    "check_size",
    "code_taken",
    "column_index",
    "csv_value",
    "date_text",
    "defuse",
    "defuse_sheet",
    "formula_like",
    "freeze_cell",
    "header_index",
    "header_key",
    "header_widths",
    "lookup_key",
    "open_table",
    "render_csv",
    "render_xlsx",
    "set_widths",
    "template_workbook",
    "unit_not_found",
    "workbook_bytes",
    "write_retrying",
]
