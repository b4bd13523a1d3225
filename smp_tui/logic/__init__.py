"""Pure functions over records and banks: no Textual, no files."""
