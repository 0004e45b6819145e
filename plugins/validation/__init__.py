from .validation import register  # noqa: F401
