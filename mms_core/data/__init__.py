"""Data in and out of the data folder, by concern: ``reference/`` (the files read as they are),
``importing/`` (reading an official list), ``ledger/`` (the sources database); ``paths`` and ``atomic``
below them all."""
