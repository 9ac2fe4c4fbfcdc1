"""The DOCX writer: a Document and a Layout in, Word-native Open XML out."""
