"""The one error the engine raises: a query it cannot compute, with the field at fault."""

from __future__ import annotations


class QueryError(ValueError):
    """``field`` is the path of the bad value in the query (``mass``, ``materials[1].share``);
    ``message`` says what is wrong in plain English and names the bad value; ``index`` is the
    position of the query in a list, when the query came in a list."""

    def __init__(self, field: str, message: str, index: int | None = None) -> None:
        self.field = field
        self.message = message
        self.index = index
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.field}: {self.message}"
        return f"query {self.index}: {text}" if self.index is not None else text

    def at(self, index: int) -> QueryError:
        return QueryError(self.field, self.message, index)
