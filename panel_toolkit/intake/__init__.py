"""Application intake (申报): form fields, credit codes, cell parsers, Excel/CSV reader, validation, template."""
