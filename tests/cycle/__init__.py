"""Tests of the monthly cycle: manifest, harvest, diff and apply."""
