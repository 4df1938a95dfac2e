"""What the container does around ``streamlit run`` (deploy/Dockerfile), with Python only (the slim
image has no curl):

    python deploy/container.py run      # seed the data folder if needed, then exec streamlit run
    python deploy/container.py health   # the HEALTHCHECK: 0 when /_stcore/health answers "ok"
    python deploy/container.py seed     # only seed the data folder

**Seeding**: the data folder (``MMS_DATA_DIR``, a volume) must hold the reference files (population,
conferences …: a copy of ``mms_data/``). An empty volume gets the image's copies; a file already there
is never touched (an administrator may have put newer ones). Each file is written to a temporary name
and renamed, so replicas starting together never see or make half a file. The ledger of sources is
created by the app itself on its first start (one process does it, under the writers' lock).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import urllib.request
from pathlib import Path

APP_DIR = Path(__file__).resolve().parents[1]
SEED_DIR = APP_DIR / "mms_data"
#: Files of mms_data/ that are not data: never copied into the data folder.
NOT_DATA = {"README.md", "generate_sample.py"}


def seed(data_dir: Path, source: Path = SEED_DIR) -> list[str]:
    """Copy each data file of ``source`` that ``data_dir`` lacks; return the names copied."""
    data_dir.mkdir(parents=True, exist_ok=True)
    copied = []
    for path in sorted(source.iterdir()):
        if not path.is_file() or path.name in NOT_DATA or path.name.startswith("."):
            continue
        target = data_dir / path.name
        if target.exists():
            continue
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=data_dir)
        try:
            with os.fdopen(handle, "wb") as out, open(path, "rb") as src:
                shutil.copyfileobj(src, out)
            os.chmod(temporary, 0o644)
            if target.exists():  # another replica was quicker: keep its copy
                os.unlink(temporary)
                continue
            os.replace(temporary, target)
            copied.append(path.name)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
    return copied


def health_url(env: dict | os._Environ = os.environ) -> str:
    """The health check's address inside the container, from Streamlit's settings in the
    environment: ``http://127.0.0.1:<STREAMLIT_SERVER_PORT>/<STREAMLIT_SERVER_BASE_URL_PATH>/_stcore/health``."""
    port = env.get("STREAMLIT_SERVER_PORT", "8501").strip() or "8501"
    prefix = env.get("STREAMLIT_SERVER_BASE_URL_PATH", "").strip().strip("/")
    return f"http://127.0.0.1:{port}/{prefix + '/' if prefix else ''}_stcore/health"


def healthy(url: str, timeout: float = 4) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except Exception:  # refused, timed out, or a malformed address from the environment: unhealthy
        return False


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "run"
    if command == "health":
        return 0 if healthy(health_url()) else 1
    if command in ("seed", "run"):
        data_dir = Path(os.environ.get("MMS_DATA_DIR", "/data"))
        try:
            copied = seed(data_dir)
        except OSError as error:
            print(f"Nie można przygotować folderu danych {data_dir}: {error.strerror or error}", file=sys.stderr)
            return 2
        if copied:
            print(f"Folder danych {data_dir}: skopiowano pliki wzorcowe: {', '.join(copied)}", flush=True)
        if command == "seed":
            return 0
        os.chdir(APP_DIR)
        os.execvp(sys.executable, [sys.executable, "-m", "streamlit", "run", "dashboard.py", *argv[1:]])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
