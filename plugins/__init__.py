"""Portal Literasi's Pelican plugins, one package per capability."""
