"""Streamlit glue of the MMS dashboard: cached loading, the shared filters, widgets.

Logic lives in :mod:`mms_core`; this package only connects it to Streamlit.
"""
