import { execFileSync } from "node:child_process";

/** A zip bomb: `mib` MiB of zeros deflated to about a thousandth of that, written by Python without the zeros on disk. */
export function zipBomb(archive: string, entry: string, mib: number): void {
  const script = [
    "import sys, zipfile",
    "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:",
    "    with z.open(sys.argv[2], 'w', force_zip64=True) as f:",
    "        block = bytes(1 << 20)",
    "        for _ in range(int(sys.argv[3])): f.write(block)",
  ].join("\n");
  execFileSync("python3", ["-c", script, archive, entry, String(mib)]);
}

