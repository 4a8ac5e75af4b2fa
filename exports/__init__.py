"""Exports for people who read workbooks and pictures: the Excel review report, the
portfolio workbook, radar and trend charts. Only openpyxl and matplotlib; no UI toolkit."""
