"""Fonts: which installed font draws each character, and the fonts embedded in the PDF."""
