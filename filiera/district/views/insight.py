"""District dashboard: precomputed figures, filters, charts with tables, exports, map and the PDF report (district staff only)."""

from __future__ import annotations

urlpatterns: list = []
