"""One error type for everything wrong with a raw file, so the command line can print it plainly."""
from __future__ import annotations


class RawDataError(Exception):
    """A raw file is missing or does not look as its PROVENANCE.md says.

    The message names the file, and where known the row and column, and what was expected.
    """

    def __init__(self, file, problem: str, *, row=None, column=None, expected=None):
        self.file, self.problem, self.row, self.column, self.expected = file, problem, row, column, expected
        where = str(file)
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column '{column}'"
        msg = f"{where}: {problem}"
        if expected is not None:
            msg += f" (expected {expected})"
        super().__init__(msg)
