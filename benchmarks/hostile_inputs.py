"""Build a corpus of hostile and unlucky inputs (issue 15) and check that every input is accounted for.

All files are generated here, into a temporary folder: a 1.2 MB article, 900 KB on one
line, a run of 50,000 characters without a space, UTF-16 and UTF-32 with a byte-order
mark, Latin-1, a hidden file, a symlink out of the input folder, an empty and a binary
file, bad JSON and CSV, a manifest with a bad date and a missing file, and normal
articles. Prints inputs, articles, rejects by reason, seconds and peak RSS.

    python benchmarks/hostile_inputs.py [--budget SECONDS]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import data_paths  # noqa: F401 (puts the repository on sys.path)

import storylens
from storylens.pipeline import silent_progress

SENTENCE = "The minister said on Thursday that Russia fired missiles at Kyiv, and John Kirby told reporters it was a significant escalation. "
NORMAL = "EU extends Belarus sanctions\n\nOfficials in Brussels said on Monday that the European Union would extend its sanctions on Belarus for another year."


def write_corpus(root: Path) -> list[str]:
    """The hostile corpus under root/in (plus a file outside it); returns the inputs by the name the tables give them."""
    src = root / "in"
    src.mkdir(parents=True)
    para = "Vladimir Putin met Kim Jong-un in Vostochny on Wednesday. " + SENTENCE * 3
    files: dict[str, bytes] = {
        "normal.txt": NORMAL.encode(),
        "huge.txt": ("Weapons for Moscow\n\n" + "".join(f"Report {i}: {para}\n\n" for i in range(4500))).encode(),
        "one_line.txt": (
            "One line\n\n" + "".join(f"In report {i} the minister said on Thursday that Russia fired missiles. " for i in range(13000))[:900_000]
        ).encode(),
        "no_spaces.txt": ("No spaces\n\nThe blob follows here now: " + "x" * 50_000).encode(),
        "utf16.txt": ("UTF-16 article\n\n" + NORMAL.replace("Brussels", "Brüssel")).encode("utf-16"),
        "utf32.txt": ("UTF-32 article\n\n" + NORMAL).encode("utf-32"),
        "latin1.txt": ("Latin-1 article\n\nA naïve official in Brussels said on Monday the sanctions would stay for a year.").encode("latin-1"),
        ".hidden.txt": NORMAL.encode(),
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 10,
        "bad.json": b"{not json",
        "rows.csv": b"title,text\nok,Officials in Brussels said on Monday the sanctions stay for a year.\nbroken\n",
        "notes.docx": b"PK\x03\x04",
    }
    for name, data in files.items():
        (src / name).write_bytes(data)
    (root / "outside.txt").write_text(NORMAL + " Outside.")
    (src / "link.txt").symlink_to(root / "outside.txt")
    (src / "manifest.csv").write_text("file,outlet,url,published,title,authors,language\nnormal.txt,Wire,,yesterday,,,\nmissing.txt,Wire,,2024-01-01,,,\n")
    # Every file, the symlink, the CSV's rows (by line: #2, #3) in place of the CSV, and the manifest's row naming no file.
    names = [n for n in files if n != "rows.csv"] + ["link.txt", "rows.csv#2", "rows.csv#3", "manifest.csv"]
    return sorted(names)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--budget", type=float, default=20.0, help="analysis_seconds per article")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        expected = write_corpus(root)
        t0 = time.perf_counter()
        tables = storylens.build([root / "in"], root / "out", analysis_seconds=args.budget, progress=silent_progress)
        seconds = time.perf_counter() - t0
    arts, rej = tables["articles"], tables["rejects"]
    print(f"inputs: {len(expected)}")
    print(f"articles: {len(arts)} ({', '.join(sorted(arts['source_file']))})")
    print(f"rejects: {len(rej)}")
    for reason, group in rej.groupby("reason"):
        print(f"  {reason}: {len(group)} ({', '.join(sorted(group['source_file']))})")
    for a in arts.sort_values("source_file").itertuples():
        print(f"  {a.source_file}: {a.status}, encoding {a.encoding}" + (f"; warnings: {'; '.join(a.warnings)}" if len(a.warnings) else ""))
    seen = set(arts["source_file"]) | set(rej["source_file"])
    missing = [name for name in expected if name not in seen]
    print(f"accounted for: {len(expected) - len(missing)} of {len(expected)} inputs" + (f"; missing: {', '.join(missing)}" if missing else ""))
    print(f"seconds: {seconds:.1f}")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    sys.exit(1 if missing else 0)

if __name__ == "__main__":
    main()
