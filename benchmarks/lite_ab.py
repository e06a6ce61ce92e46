"""Two builds of the in-browser site, side by side: kernel ready and Run All, taking turns.

    python benchmarks/lite_ab.py OTHER_SITE [--notebooks 00,08] [--rounds 2]

Compares lite/site/ (this checkout's `make lite`) with another built site, e.g. one built from an
earlier commit (`git worktree add /tmp/old REV && python3 /tmp/old/lite/build.py --out /tmp/old-site`).
The two sites take turns in the same browser, round after round, so that both see the same machine:
on a shared machine whose speed drifts, only figures taken together compare. Prints one line a run.
"""

import argparse
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "lite"))
import drive  # noqa: E402  (lite/drive.py)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("other", type=Path, help="the other built site (a folder with index.html)")
    parser.add_argument("--notebooks", default="00,08", help="comma-separated prefixes (default: 00,08)")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb") if p.name[:2] in args.notebooks.split(","))
    sites = {"this": drive.SITE, "other": args.other.resolve()}
    print("site   notebook  kernel ready (s)  Run All (s)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=drive.CHROMIUM_ARGS)
        for _ in range(args.rounds):
            for label, site in sites.items():
                with drive.serve(site=site) as url:
                    lab = drive.Lab(browser, url)
                    for name in notebooks:
                        kernel = lab.open(name)
                        run_all, _ = lab.run_all()
                        lab.close()
                        time.sleep(2)
                        print(f"{label:6} {name[:2]:9} {kernel:16.1f} {run_all:12.1f}", flush=True)
                    lab.quit()
        browser.close()


if __name__ == "__main__":
    main()
