"""Tests of the writers, and of what all formats must agree on."""
