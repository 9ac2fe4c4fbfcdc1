"""Tests of the statistical process control readings and their icons."""
