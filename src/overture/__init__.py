"""Overture: co-produce cultural experiences with the people who take part."""

__version__ = "0.1.0"
