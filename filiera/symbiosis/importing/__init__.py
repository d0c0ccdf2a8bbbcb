"""Import of resource flows from CSV or XLSX (see docs/import-format.md, "Flows").

``columns`` knows the exchange format's columns; ``rows`` reads the file (with the firms import's
reader) into rows of text cells by column, with the problems of the file as a whole;
``service`` finds each row's firm and site, checks every row with the same rules as the flow
form and the API (``filiera.symbiosis.validation.clean_flow``) and writes through the flow
services in one transaction, or nothing.
"""
