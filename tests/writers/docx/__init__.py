"""Tests of the DOCX writer."""
