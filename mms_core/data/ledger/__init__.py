"""The ledger of sources: every import is one source; the grants in use are the union of the active
sources (the sample switched off for each edition an official source covers); any change can be
replaced, removed or undone, and the history says who did what when. See :mod:`.store`."""

from .connection import db_path, ledger_dir
from .export import export_paths
from .model import ACTION_NAMES_PL, UNDOABLE, Change, LedgerError, Overlap, OverlapError, Source
from .operations import ImportOutcome, Ledger
from .store import ImportPlan, StateReader, all_sources, plan_import, prepare, read_view, state_token, writing
from .view import VIEW_COLUMNS, LedgerView, Origin

__all__ = ["ACTION_NAMES_PL", "UNDOABLE", "VIEW_COLUMNS", "Change", "ImportOutcome", "ImportPlan", "Ledger", "LedgerError",
           "LedgerView", "Origin", "Overlap", "OverlapError", "Source", "all_sources", "db_path", "export_paths", "ledger_dir",
           "plan_import", "prepare", "read_view", "state_token", "StateReader", "writing"]
