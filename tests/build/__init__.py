"""Tests of the build pipeline end to end: LibreOffice, accessibility, the bundled sample."""
