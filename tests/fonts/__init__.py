"""Tests of font coverage and scripts beyond Latin."""
