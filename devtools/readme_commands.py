"""The README's two commands (run and test), read from the README itself.

CI runs the test command exactly as a newcomer would type it: `.ci/run` calls
``python devtools/readme_commands.py test`` and runs what it prints in a fresh virtual environment.
Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
HEADINGS = {"run": "## Run it", "test": "## Test it"}


def readme_command(which: str, text: str | None = None) -> str:
    """The one-line shell command in the first ```bash block under the README's heading for `which`."""
    text = README.read_text(encoding="utf-8") if text is None else text
    heading = HEADINGS[which]
    start = text.index(heading + "\n")
    block = re.search(r"```bash\n(.*?)\n```", text[start:], re.S)
    if block is None:
        raise ValueError(f"no ```bash block under {heading!r} in the README")
    lines = [line for line in block.group(1).splitlines() if line.strip() and not line.startswith("#")]
    if len(lines) != 1:
        raise ValueError(f"the block under {heading!r} should hold one command, not {len(lines)}")
    return lines[0].strip()


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in HEADINGS:
        sys.exit("usage: python devtools/readme_commands.py run|test")
    print(readme_command(sys.argv[1]))
