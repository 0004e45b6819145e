from .catalogue import generated_urls, register  # noqa: F401
