"""The PDF writer: a Document and a Layout in, a reportlab (platypus) PDF out."""
