"""Words and numbers for people: translations, Polish formats, escaping of untrusted text."""
