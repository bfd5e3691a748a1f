"""POST /api/v1/xapi/statements: the ids of the statements stored (as an LRS answers)."""

from __future__ import annotations

from pydantic import RootModel


class StatementIds(RootModel[list[str]]):
    """The statements' ids, in the order sent; repeats of stored statements included."""
