"""Rate limits for an answer that is ready before they are checked: counted with its records in one trip.

A repeated symptom check is answered from this process's memory, so its rate limit and the write
of its records were the two round trips to Redis it still cost. Counted together (an atomic
script: count, and add the records only if the count is allowed), it costs one. A refused request
writes nothing, as when its limit is checked first.
"""

from analytics.recording import records_discard, records_write_counted
from shop.api.throttling import FixedWindowThrottle, throttle_waits


def throttle_waits_recording(request, view) -> list[float | None]:
    """Check the view's rate limits for a request whose records are pending; return the waits of refusals.

    With one counted limit (an anonymous client, or a signed-in one) and Redis at hand, the count
    and the records go in one round trip. Otherwise each limit is checked as DRF would, and a
    refused request's records are dropped. An empty list means allowed.
    """
    throttles = view.get_throttles()
    if all(isinstance(throttle, FixedWindowThrottle) for throttle in throttles):
        counted = [(throttle, throttle.counter(request, view)) for throttle in throttles]
        counted = [(throttle, counter) for throttle, counter in counted if counter is not None]
        if len(counted) == 1:
            throttle, counter = counted[0]
            count = records_write_counted(counter, limit=throttle.num_requests, timeout=throttle.duration + 1)
            if count is not None:
                return [] if throttle.verdict(count) else [throttle.wait()]
    waits = throttle_waits(request, view)
    if waits:
        records_discard()
    return waits
