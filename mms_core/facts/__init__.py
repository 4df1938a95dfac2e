"""Fixed facts: voivodeships and their codes, vocabularies, conferences."""
