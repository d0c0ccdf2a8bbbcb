"""Template tags of the qualification pages ({% load qualification %})."""
