"""Text and output for people: translations, formats, escaping, charts, exports."""
