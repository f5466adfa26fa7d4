"""The long profile: `python -m tests.fuzz --cases 20000 --seed 1` (docs/reliability.md).

Prints `cases, tracebacks, partial writes, integrity failures` (and bad exits) every batch and at the
end, then each failure found; exits 1 if there was any.
"""

import argparse
import sys
import time

from tests.fuzz.cases import Generator
from tests.fuzz.harness import Tally, run_batch, run_process

BATCH = 25


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--cases", type=int, default=2000, help="how many cases in all (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="the generator's seed (default 1)")
    parser.add_argument(
        "--processes",
        type=int,
        default=None,
        help="how many of them run as real processes with argv bytes (default: 1 in 200)",
    )
    args = parser.parse_args(argv)
    processes = args.cases // 200 if args.processes is None else args.processes
    tally = Tally()
    generator = Generator(args.seed)
    started = time.monotonic()
    in_process = args.cases - processes
    shown = 0
    while tally.cases < in_process:
        run_batch([generator.case() for _ in range(min(BATCH, in_process - tally.cases))], tally)
        for failure in tally.failures[shown:]:  # as found, for a long run watched with `tail -f`
            print(failure, flush=True)
        shown = len(tally.failures)
        if tally.cases % (BATCH * 20) == 0:
            print(f"{tally.summary(args.seed)} [{time.monotonic() - started:.0f} s]", flush=True)
    print(f"{tally.summary(args.seed)} [{time.monotonic() - started:.0f} s, in-process part done]", flush=True)
    for _ in range(processes):
        case = generator.case()
        run_process(case, generator.as_bytes(case), tally)
    print(
        f"{tally.summary(args.seed)} [{time.monotonic() - started:.0f} s, {processes} as real processes "
        "with argv bytes]",
        flush=True,
    )
    for failure in tally.failures[shown:]:
        print(failure)
    return 0 if tally.clean else 1


if __name__ == "__main__":
    sys.exit(main())
