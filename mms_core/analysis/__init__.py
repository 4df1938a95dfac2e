"""Numbers: the measure registry, filters, summaries, comparisons, profiles."""
