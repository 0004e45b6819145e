from .hosting import register  # noqa: F401
