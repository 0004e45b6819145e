from .reviews import register  # noqa: F401
