"""Importing an official list: reading the file (CSV, XLSX, ODS) within limits, finding its columns,
checking every value, and the worker process that does it apart from the server."""
