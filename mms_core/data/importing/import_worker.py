"""Reading an uploaded list in a separate process, with a time and a memory bound.

The server's sessions share one Python process; a file that takes seconds of CPU to check
would hold the interpreter (the GIL) for all of them. :func:`read_in_worker` runs
:func:`mms_core.data.importing.importer.read_grants_file` in a fresh ``python -m
mms_core.data.importing.import_worker`` (a plain subprocess: nothing of the server — its threads, its
main module — is copied or re-run), waits for it without holding the GIL and kills it after
``timeout_s`` seconds. The worker caps its own address space at :data:`WORKER_MEMORY_BYTES`
first, so a file that would need more ends with a message instead of the machine swapping.
Errors come back as :class:`~mms_core.data.importing.file_reading.ImportFileError` with an i18n key.
The request and the answer travel as pickles between this process and the child it started.

The command line reads in its own process and needs none of this: the limits of
:mod:`mms_core.data.importing.file_reading` bound it.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys

from mms_core.data.importing.file_reading import ImportFileError
from mms_core.data.importing.importer import read_grants_file
from mms_core.data.paths import PROJECT_ROOT

WORKER_TIMEOUT_S = 90
WORKER_MEMORY_BYTES = 3 * 1024**3


def read_in_worker(data: bytes, filename: str, edition: int | None = None,
                   big_cities: set[str] | frozenset[str] = frozenset(), timeout_s: float = WORKER_TIMEOUT_S,
                   column_map: dict[str, str | int] | None = None, sheet: str | None = None):
    """:func:`~mms_core.data.importing.importer.read_grants_file` in a separate process; returns its
    :class:`~mms_core.data.importing.importer.ImportResult` or raises :class:`ImportFileError`."""
    request = pickle.dumps((data, filename, edition, frozenset(big_cities), dict(column_map or {}), sheet),
                           protocol=pickle.HIGHEST_PROTOCOL)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, (str(PROJECT_ROOT), os.environ.get("PYTHONPATH")))))
    process = subprocess.Popen([sys.executable, "-m", "mms_core.data.importing.import_worker"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=PROJECT_ROOT, env=env)
    try:
        answer, errors = process.communicate(request, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise ImportFileError.of("imp_timeout", seconds=int(timeout_s)) from None
    if process.returncode != 0 or not answer:
        if process.returncode is not None and process.returncode < 0 or b"MemoryError" in errors:
            raise ImportFileError.of("imp_worker_memory")
        raise ImportFileError.of("imp_worker_failed", detail=f"exit {process.returncode}")
    status, payload = pickle.loads(answer)
    if status == "ok":
        return payload
    raise payload


def _serve() -> None:
    """The worker: one request on standard input, one answer on standard output."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY_BYTES, WORKER_MEMORY_BYTES))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not on this platform
        pass
    data, filename, edition, big_cities, column_map, sheet = pickle.loads(sys.stdin.buffer.read())
    try:
        answer = ("ok", read_grants_file(data, filename, edition, big_cities, column_map or None, sheet=sheet))
    except ImportFileError as error:
        answer = ("error", error)
    except MemoryError:
        answer = ("error", ImportFileError.of("imp_worker_memory"))
    except Exception as error:  # any other failure is reported, never raised in the page
        answer = ("error", ImportFileError.of("imp_worker_failed", detail=type(error).__name__))
    sys.stdout.buffer.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.flush()


if __name__ == "__main__":
    _serve()
