"""Keeps the public directory (ShowcaseEntry) current when what it is built from changes."""
