"""Core logic of the MMS dashboard ("Moc Małych Społeczności").

Nothing in this package imports Streamlit: data loading and validation, geometry,
metrics, classification, formatting and map building are plain functions that the
Streamlit pages call.
"""

__version__ = "0.1.0"
