"""A/B of two medallion binaries on the same queries, interleaved run by run so both see
the same machine: median and minimum CPU seconds of REPS runs each, and B/A.

usage: cpu_ab.py LAKE BINARY_A BINARY_B name_prefix,name_prefix [REPS]
"""
import sys, resource, subprocess, glob, os
lake, a, b = sys.argv[1], sys.argv[2], sys.argv[3]
names = sys.argv[4].split(',')
reps = int(sys.argv[5]) if len(sys.argv) > 5 else 5
qdir = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'queries')
def cpu(binary, path):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([binary, 'sql', '--lake', lake, '-f', path, '--format', 'csv', '--workers', '2'], stdout=subprocess.DEVNULL, check=True)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime
for n in names:
    path = glob.glob(f'{qdir}/{n}*.sql')[0]
    ta, tb = [], []
    for _ in range(reps):
        ta.append(cpu(a, path)); tb.append(cpu(b, path))
    ta.sort(); tb.sort()
    print(f"{n:10s} A median {ta[reps//2]:.3f} min {ta[0]:.3f} | B median {tb[reps//2]:.3f} min {tb[0]:.3f} | B/A {tb[reps//2]/ta[reps//2]:.2f}", flush=True)
