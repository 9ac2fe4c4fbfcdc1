"""Tests of composition: what the Document decides once for every writer."""
