"""The monthly cycle: the manifest a DOCX carries, harvest of its edits, apply and diff."""
