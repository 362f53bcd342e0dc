"""Python's multiprocessing.Pool on the same workloads as bench/run.mjs; prints one JSON object.

usage: python3 python_pool.py <workload> <json params>
"""
import json
import multiprocessing as mp
import os
import sys
import time


def square(x):
    return x * x


def cpu(iterations):
    h = 0
    for i in range(iterations):
        h = ((h ^ i) * 2654435761 + 1) & 0xFFFFFFFF
    return h


def sleep_ms(ms):
    time.sleep(ms / 1000)
    return ms


def total(data):
    return sum(data)


def noop(_=None):
    return None


def calibrate_cpu(target_ms):
    n = 10000
    while True:
        t = time.perf_counter()
        cpu(n)
        ms = (time.perf_counter() - t) * 1000
        if ms > 20:
            return max(1, int(n * target_ms / ms))
        n *= 2


def tree_rss_kb(root):
    pids = [root]
    children = {}
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open(f'/proc/{entry}/stat') as f:
                stat = f.read()
            ppid = int(stat[stat.rindex(')') + 2:].split()[1])
            children.setdefault(ppid, []).append(int(entry))
        except OSError:
            pass
    i = 0
    while i < len(pids):
        pids.extend(children.get(pids[i], []))
        i += 1
    rss = 0
    for pid in pids:
        try:
            with open(f'/proc/{pid}/status') as f:
                for line in f:
                    if line.startswith('VmRSS:'):
                        rss += int(line.split()[1])
        except OSError:
            pass
    return rss


def main():
    workload = sys.argv[1]
    params = json.loads(sys.argv[2])
    workers = params['workers']
    ctx = mp.get_context(params.get('method', 'fork'))
    out = {}
    if workload == 'start':
        t = time.perf_counter()
        with ctx.Pool(workers) as pool:
            pool.map(noop, range(workers), 1)
        out['ms'] = (time.perf_counter() - t) * 1000
        print(json.dumps(out))
        return
    if workload == 'cpu':
        iterations = calibrate_cpu(params['ms'])
        t = time.perf_counter()
        for _ in range(params['n']):
            cpu(iterations)
        out['serial_ms'] = (time.perf_counter() - t) * 1000
    with ctx.Pool(workers) as pool:
        pool.map(noop, range(workers), 1)
        if workload == 'tiny':
            xs = list(range(params['n']))
            t = time.perf_counter()
            pool.map(square, xs)
            out['ms'] = (time.perf_counter() - t) * 1000
        elif workload == 'cpu':
            t = time.perf_counter()
            pool.map(cpu, [iterations] * params['n'], 1)
            out['ms'] = (time.perf_counter() - t) * 1000
        elif workload == 'imap':
            t = time.perf_counter()
            first = None
            for _ in pool.imap_unordered(sleep_ms, params['durations']):
                if first is None:
                    first = (time.perf_counter() - t) * 1000
            out['ms'] = (time.perf_counter() - t) * 1000
            out['first_ms'] = first
        elif workload == 'payload':
            data = bytes(params['bytes'])
            t = time.perf_counter()
            pool.map(total, [data] * params['n'], 1)
            out['ms'] = (time.perf_counter() - t) * 1000
        elif workload == 'rss':
            time.sleep(0.5)
            out['rss_mb'] = tree_rss_kb(os.getpid()) / 1024
    print(json.dumps(out))


if __name__ == '__main__':
    main()
