"""Plain-Python passport engines: no Django imports."""
