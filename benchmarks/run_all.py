"""`make bench`: every benchmark in this folder, one after another, figures printed as they come."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ["validate.py", "diff.py", "live_validation.py", "pages.py", "load.py"]


def main() -> int:
    failed = []
    for name in ORDER:
        script = HERE / name
        print(f"\n=== {name} ===", flush=True)
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent)
        if result.returncode != 0:
            failed.append(name)
    if failed:
        print(f"\nMissed targets or failed: {', '.join(failed)}")
        return 1
    print("\nEvery benchmark met its target.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
