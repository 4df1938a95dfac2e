"""Entry point of the MMS dashboard: ``streamlit run dashboard.py``.

Checks the data, draws the shared filters (kept in the URL) and the data-origin banner,
then draws the page of the address: the pages are functions in ``pages/`` (:mod:`pages`).
"""

from pages import main

main()
