"""Helpers shared by our plugins and tasks. This package registers nothing."""
