"""People import and export: spreadsheet columns, reading, all-or-nothing import, exports.

``columns`` names the Vietnamese columns; ``reading`` turns an uploaded xlsx/csv into raw rows;
``importing`` validates every row and writes the whole file in one transaction; ``exporting``
renders the rows users may see (and the blank template) as bytes.
"""
