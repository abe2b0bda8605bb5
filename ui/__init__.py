"""The app's side: the Streamlit page's parts and the pure helpers behind them.

Streamlit is imported only by :mod:`app` and the page modules here (one per tab
or sidebar section: ``sidebar``, ``plots_tab``, ``map_tab`` ...); they wire
widgets to :mod:`siting` functions and render what those return. ``common``
holds the constants and display helpers every tab shares; ``state`` the cached
loaders and the per-session data (plots, services, configs, measured distances).

Free of Streamlit, and tested without a browser: ``edits`` (plot, service and
config edits), ``views`` (results as shown), ``keys`` (content keys of the
state) and ``startup`` (start-up files, recent areas). Every word shown comes
from the text catalogue, :mod:`siting.text`.
"""
