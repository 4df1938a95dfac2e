"""The reference data of the data folder, read as it is: population, big cities, conferences, operators,
published results, the canonical grants file, the powiat and gmina units, the gazetteer of places, and
the conference facts an official filled in."""
