"""The HTML writer, and its print variant through WeasyPrint (a tagged PDF/UA)."""
