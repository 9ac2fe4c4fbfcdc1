"""Composition: from a checked input and a layout to the Document every writer paints."""
