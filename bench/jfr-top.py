#!/usr/bin/env python3
"""Summarises JDK Flight Recorder recordings of a broker (from bench/compare.sh --profile).

Usage: bench/jfr-top.py [--top N] [--prefix PKG] [--threads] RECORDING.jfr [...]

Prints, over the jdk.ExecutionSample events of all recordings given:
  - the methods most often on top of the stack (self time),
  - the methods most often anywhere on the stack (total time), counted once per sample,
  - the first frame under PKG (default io.gregor) of each sample, i.e. which of our methods the
    time is spent in or below,
and, over jdk.ObjectAllocationSample, the allocating frames by sampled weight.
and, over jdk.JavaMonitorEnter and jdk.ThreadPark (threads blocked on a lock, not idle pool
threads waiting for work), the blocked time by our innermost frame: lock contention.
With --threads, also the samples per thread name (digits folded, so pools add up).
"""
import collections
import json
import re
import subprocess
import sys


def events(path, kind):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", kind, path],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def frame_name(frame):
    method = frame["method"]
    return method["type"]["name"].replace("/", ".") + "." + method["name"]


def first_ours(names, prefix, fallback):
    """The innermost frame under prefix that is not a generated lambda class."""
    return next((n for n in names if n.startswith(prefix) and "$$Lambda" not in n), fallback)


IDLE_WAITS = ("ThreadPoolExecutor.getTask", "LinkedBlockingQueue.take", "LinkedBlockingQueue.poll",
              "DelayedWorkQueue.take", "SingleThreadEventExecutor.takeTask", "ForkJoinPool.awaitWork",
              "SynchronousQueue", "ArrayBlockingQueue.take", "ArrayBlockingQueue.poll", "Thread.sleep",
              "CompletableFuture.get", "CompletableFuture.join", "CountDownLatch.await")


def seconds(duration):
    """JFR's JSON durations look like PT0.0123S or PT1M2.5S."""
    m = re.match(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$", duration or "")
    if not m:
        return 0.0
    return int(m.group(1) or 0) * 3600 + int(m.group(2) or 0) * 60 + float(m.group(3) or 0)


def main(argv):
    top, prefix, threads, paths = 25, "io.gregor", False, []
    i = 0
    while i < len(argv):
        if argv[i] == "--top":
            top = int(argv[i + 1]); i += 2
        elif argv[i] == "--prefix":
            prefix = argv[i + 1]; i += 2
        elif argv[i] == "--threads":
            threads = True; i += 1
        elif argv[i].startswith("-"):
            print(__doc__, file=sys.stderr); return 1
        else:
            paths.append(argv[i]); i += 1
    if not paths:
        print(__doc__, file=sys.stderr)
        return 1

    self_count, total_count, ours, by_thread = (collections.Counter() for _ in range(4))
    samples = 0
    alloc = collections.Counter()
    alloc_total = 0
    for path in paths:
        for e in events(path, "jdk.ExecutionSample"):
            frames = (e["values"].get("stackTrace") or {}).get("frames") or []
            if not frames:
                continue
            samples += 1
            names = [frame_name(f) for f in frames]
            self_count[names[0]] += 1
            for n in set(names):
                total_count[n] += 1
            ours[first_ours(names, prefix, "(no " + prefix + " frame)")] += 1
            thread = (e["values"].get("sampledThread") or {}).get("javaName") or "?"
            by_thread[re.sub(r"\d+", "N", thread)] += 1
        for e in events(path, "jdk.ObjectAllocationSample"):
            frames = (e["values"].get("stackTrace") or {}).get("frames") or []
            weight = e["values"].get("weight") or 0
            alloc_total += weight
            if frames:
                names = [frame_name(f) for f in frames]
                alloc[(names[0], first_ours(names, prefix, names[0]))] += weight

    blocked, blocked_count = collections.Counter(), collections.Counter()
    for path in paths:
        for kind in ("jdk.JavaMonitorEnter", "jdk.ThreadPark"):
            for e in events(path, kind):
                frames = (e["values"].get("stackTrace") or {}).get("frames") or []
                names = [frame_name(f) for f in frames]
                if not names or any(idle in n for n in names for idle in IDLE_WAITS):
                    continue
                site = first_ours(names, prefix, names[0])
                blocked[site] += seconds(e["values"].get("duration"))
                blocked_count[site] += 1

    def show(title, counter, denominator, unit=lambda v: f"{v}"):
        print(f"\n{title}")
        for name, count in counter.most_common(top):
            print(f"  {100.0 * count / max(denominator, 1):5.1f}%  {unit(count):>10}  {name}")

    print(f"{samples} execution samples from {len(paths)} recording(s)")
    show("self (top frame)", self_count, samples)
    show("total (anywhere on the stack)", total_count, samples)
    show(f"first {prefix} frame", ours, samples)
    if threads:
        show("threads", by_thread, samples)
    print("\nblocked on locks (monitor enter, park), by our innermost frame")
    for site, secs in blocked.most_common(top):
        print(f"  {secs:8.3f} s  {blocked_count[site]:6d} x  {site}")
    mib = lambda v: f"{v / 1048576:.0f} MiB"
    print(f"\nallocation samples: {alloc_total / 1048576:.0f} MiB weight in all")
    for (site, owner), weight in alloc.most_common(top):
        print(f"  {100.0 * weight / max(alloc_total, 1):5.1f}%  {mib(weight):>10}  {site}  <- {owner}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
