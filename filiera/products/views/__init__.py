"""Product pages of a firm: the list, the product, its composition and its steps."""
