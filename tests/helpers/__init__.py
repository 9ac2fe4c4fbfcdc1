"""Helpers the tests share: inputs they write, outputs read back, edits made as clients make them."""
