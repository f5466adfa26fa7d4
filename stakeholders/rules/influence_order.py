"""§3.5's one exception to the call list's order: an influencer is called before whoever they influence.

Pure (no store): the dashboard's first frame orders the call list's head with it
before SQLAlchemy is loaded (db/first_figures.py, tui/launch.py).
"""

import heapq
from collections.abc import Sequence


def influence_order(ids: Sequence[int], links: set[tuple[int, int]]) -> list[int]:
    """`ids` (already in base order) reordered so that an influencer comes before whoever they
    influence, moving as little as possible: a stable topological sort.

    At each step the first id in base order with no unplaced influencer is taken.
    When none is free, the rest are all on cycles (or behind one): the first in base
    order is taken anyway, which is what "cycles are ignored" means here.
    """
    position = {pid: i for i, pid in enumerate(ids)}
    waiting = [0] * len(ids)  # unplaced influencers of each id
    listeners: dict[int, list[int]] = {}
    for a, b in links:
        if a in position and b in position and a != b:
            waiting[position[b]] += 1
            listeners.setdefault(position[a], []).append(position[b])
    # Heaps of base positions: the free ones, and everyone (to break a cycle).
    free = [i for i in range(len(ids)) if waiting[i] == 0]
    anyone = list(range(len(ids)))
    done = [False] * len(ids)
    placed: list[int] = []
    while len(placed) < len(ids):
        heap = free if free else anyone
        pick = heapq.heappop(heap)
        if done[pick]:
            continue
        done[pick] = True
        placed.append(ids[pick])
        for listener in listeners.get(pick, []):
            waiting[listener] -= 1
            if waiting[listener] == 0 and not done[listener]:
                heapq.heappush(free, listener)
    return placed
