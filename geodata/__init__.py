"""Relations Atlas pipeline: a foreign-relations text in, a country dataset and geometries out."""

__version__ = "0.1.0"
