"""SQL CHECK conditions shared by the models."""


def one_of(column: str, values) -> str:
    """``column IN ('a', 'b')``: the column may hold only these codes."""
    return f"{column} IN ({', '.join(repr(str(value)) for value in values)})"
