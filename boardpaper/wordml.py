"""The WordprocessingML namespace, once, for every module that reads or writes a DOCX's XML
(python-docx aside): ``W_NS`` the namespace, ``W`` its ``{…}`` prefix for ElementTree/lxml tags."""
from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
