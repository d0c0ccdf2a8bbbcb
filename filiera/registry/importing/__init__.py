"""Bulk import and export of firms and sites (the "firms and sites" exchange format).

The engine (``reader``, ``columns``, ``fields``, ``validate``, ``writer``) is plain Python: it reads
a CSV or XLSX file and checks it into firm and site records plus row errors. ``service`` (Django)
applies the records in one transaction with bulk queries; ``export`` (Django) reads the directory
back out in the same columns. See ``docs/import-format.md``.
"""
