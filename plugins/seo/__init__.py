from .seo import register  # noqa: F401
