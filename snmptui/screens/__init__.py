"""Screens of the browser: the main browser, the connection dialog, search and help."""
