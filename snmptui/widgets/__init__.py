"""Widgets of the browser: the OID tree, the detail pane, the header line and the status bar."""
