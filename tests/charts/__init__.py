"""Tests of the charts: spec, words, scene and both renderers."""
