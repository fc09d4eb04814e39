"""Time and peak memory of ``callqa leads import`` on a large generated CRM export.

Writes a CSV of N leads (default 300,000; about 50 MB at the issue's 622,019
rows) shaped like examples/leads.csv: Vietnamese statuses and names, mixed
ISO and dd/mm/yyyy dates, phone numbers in several forms, 40 campaigns, 1% of
rows repeating an earlier lead id and 0.5% with a bad date. Then runs the real
command in a child process on a fresh SQLite database (or ``--db URL``) and
prints its wall time and the child's peak RSS (``ru_maxrss``).

Target (issue 17): 300,000 rows in <= 60 s at <= 500 MB peak RSS.

Run: ``python benchmarks/leads_import.py [--rows 300000] [--db URL] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STATUSES = ["Mới", "Đã tiếp cận", "Tiềm năng", "Nóng", "Chốt", "Sai đối tượng", "Thất bại"]
SOURCES = ["facebook", "google", "website", "zalo", "referral"]
OWNERS = ["Nguyễn Thị Lan", "Trần Minh Đức", "Phạm Thu Hà", "Lê Văn Hùng", "Võ Thị Mai"]
HEADER = (
    "lead_id,created_at,source,campaign,status,owner,phone,first_contact_at,closed_at,lost_reason"
)


def write_leads(path: Path, rows: int, seed: int = 17) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER + "\r\n")
        for i in range(rows):
            lead = i if rng.random() > 0.01 or i == 0 else rng.randrange(i)  # 1% repeats
            day, hour, minute = rng.randint(1, 28), rng.randint(8, 20), rng.randint(0, 59)
            if rng.random() < 0.005:
                created = "not a date"
            elif rng.random() < 0.5:
                created = (
                    f"2024-{rng.randint(1, 12):02d}-{day:02d}T{hour:02d}:{minute:02d}:00+07:00"
                )
            else:
                created = f"{day:02d}/{rng.randint(1, 12):02d}/2024 {hour:02d}:{minute:02d}"
            phone = rng.choice(["0912 {} {}", "+84 912.{}.{}", "84-912-{}-{}"]).format(
                rng.randint(100, 999), rng.randint(100, 999)
            )
            status = rng.choice(STATUSES)
            lost = '"Khách từ chối, không gọi lại"' if status == "Thất bại" else ""
            out.write(
                f"LD-{lead:07d},{created},{rng.choice(SOURCES)},campaign-{rng.randrange(40):02d},"
                f"{status},{rng.choice(OWNERS)},{phone},,,{lost}\r\n"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--db", help="SQLAlchemy URL (default: a new SQLite file)")
    parser.add_argument("--keep", type=Path, help="folder for the CSV and database (kept)")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="callqa-leads-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = folder / "leads.csv"
    write_leads(csv_path, args.rows)
    (folder / "config.yaml").write_text("data_dir: data\n", encoding="utf-8")
    db = args.db or f"sqlite:///{folder / 'data' / 'callqa.db'}"
    size_mb = csv_path.stat().st_size / 1e6
    command = [sys.executable, "-m", "callqa.cli", "leads", "import", str(csv_path)]
    command += ["--config", str(folder / "config.yaml"), "--db", db]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_mb = usage.ru_maxrss / 1024
    cpu_s = usage.ru_utime + usage.ru_stime
    summary = [line for line in result.stdout.splitlines() if line.startswith("leads from")]
    if result.returncode != 0:
        print(result.stdout[-2000:], result.stderr[-2000:])
        raise SystemExit(result.returncode)
    print(f"file: {args.rows:,} rows, {size_mb:.1f} MB; database: {db.split(':', 1)[0]}")
    print(summary[0] if summary else "(no summary line)")
    print(
        f"wall time {seconds:.1f} s ({args.rows / seconds:,.0f} rows/s); peak RSS {peak_mb:.0f} MB"
    )
    print(f"CPU time of the import process {cpu_s:.1f} s (user + system)")
    met = seconds <= 60 and peak_mb <= 500
    print(f"target: <= 60 s and <= 500 MB -> {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
