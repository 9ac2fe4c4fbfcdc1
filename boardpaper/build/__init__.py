"""The build pipeline: parallel writers, worker processes, LibreOffice, output checks."""
