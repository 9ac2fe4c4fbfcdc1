"""Tests of the HTML writer and its WeasyPrint print variant."""
