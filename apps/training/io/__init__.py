"""Bulk entry of classes and enrollments: spreadsheet columns, all-or-nothing imports, exports.

``columns`` names the Vietnamese columns of both files; ``cells`` reads the training-specific cells
(money, counts); ``catalogues`` loads what rows are checked against; ``classes`` and
``enrollments`` hold each file's import and export. The generic plumbing (reading xlsx/csv, "Dòng
N, cột X: lý do" messages, renderers, templates) is ``apps.core.tabular``.
"""
