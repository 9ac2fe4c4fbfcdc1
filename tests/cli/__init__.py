"""Tests of the command line as users meet it: install, starter workbook, layout search."""
