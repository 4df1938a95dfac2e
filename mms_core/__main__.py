"""``python -m mms_core``: the command line (see :mod:`mms_core.cli`)."""

from mms_core.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
