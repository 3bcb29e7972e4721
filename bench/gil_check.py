"""Does pyoxigraph release the GIL while it evaluates a query? ``python bench/gil_check.py``.

Two threads each count the pairs of a 2,500-triple store (6.25 million solutions); meanwhile the
main thread sleeps 1 ms in a loop. If evaluation held the GIL, the main thread would barely tick.
"""

import threading
import time

import pyoxigraph as ox

s = ox.Store()
ex = "http://e/"
s.bulk_extend(
    [
        ox.Quad(
            ox.NamedNode(f"{ex}s{i}"),
            ox.NamedNode(f"{ex}p{i % 5}"),
            ox.Literal(str(i)),
            ox.DefaultGraph(),
        )
        for i in range(2500)
    ]
)
Q = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f }"


def run():
    list(s.query(Q))


t = time.perf_counter()
run()
one = time.perf_counter() - t
t = time.perf_counter()
run()
run()
seq = time.perf_counter() - t
ths = [threading.Thread(target=run) for _ in range(2)]
t = time.perf_counter()
for x in ths:
    x.start()
# meanwhile, does the main thread get to run Python?
ticks = 0
while any(x.is_alive() for x in ths):
    ticks += 1
    time.sleep(0.001)
par = time.perf_counter() - t
print(
    f"pyoxigraph {ox.__version__}: one {one:.2f}s, two sequential {seq:.2f}s, "
    f"two threads {par:.2f}s, main-thread ticks {ticks} (~{par * 1000:.0f} if GIL released)"
)
