"""Import of a brand's products and their steps from CSV or XLSX (see docs/import-format.md,
"Products").

``sheets`` reads the file into sheets of text cells; ``columns`` knows the two kinds of sheet;
``cells`` reads one cell (composition, materials, typed fields);
``parse`` checks every row into records and row problems (naming sheet, line and column);
``service`` writes the records through the product services in one transaction, or nothing.
"""
