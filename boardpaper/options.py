"""The build's choices, once, for the command line, the API and the layout check (light to import:
the command line builds its parser from them before anything heavy is loaded)."""
from __future__ import annotations

PDF_ENGINES = ("reportlab", "libreoffice", "weasyprint")  # the first is the default
FORMATS = ("docx", "pdf", "html")
DEFAULT_FORMATS = ("docx", "pdf")
TABLE_STYLES = ("merged", "accessible")
