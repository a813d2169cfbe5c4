"""Write the sha256 of a new norm table into its sidecar, which marks the file as released.

Usage: python scripts/release_norm_table.py src/veekompas/norms/tables/<name>/<name>_<date>.csv

Only for a file that is new: a released table is never edited (the loader refuses a CSV whose
sha256 differs from its sidecar); a change is a new dated file.
"""

import hashlib
import re
import sys
from pathlib import Path

for arg in sys.argv[1:]:
    csv_path = Path(arg)
    meta_path = csv_path.with_suffix(".meta.yaml")
    digest = hashlib.sha256(csv_path.read_bytes()).hexdigest()
    text = meta_path.read_text(encoding="utf-8")
    current = re.search(r"^sha256: (\S+)$", text, re.M)
    if current is None:
        sys.exit(f"{meta_path}: no 'sha256:' line")
    if current.group(1) not in ("unreleased", digest):
        sys.exit(f"{meta_path}: already released with another checksum; add a new dated file")
    meta_path.write_text(text.replace(current.group(0), f"sha256: {digest}"), encoding="utf-8")
    print(f"{csv_path.name}: sha256 {digest}")
