"""Slow down password guessing: a few failed sign-ins lock that name for a while."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

MAX_FAILURES = 5  # failed sign-ins for one name within WINDOW_S ...
WINDOW_S = 600.0  # ... lock that name until the oldest failure is this old


class LoginThrottle:
    """Failed attempts per account name, in memory (one app process)."""

    def __init__(self, max_failures: int = MAX_FAILURES, window_s: float = WINDOW_S) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, name: str, now: float) -> deque[float]:
        failures = self._failures[name.casefold()]
        while failures and now - failures[0] > self.window_s:
            failures.popleft()
        return failures

    def retry_after_s(self, name: str) -> float:
        """Seconds until ``name`` may try again; 0 when it may now."""
        now = time.monotonic()
        with self._lock:
            failures = self._recent(name, now)
            if len(failures) < self.max_failures:
                return 0.0
            return max(0.0, self.window_s - (now - failures[0]))

    def failed(self, name: str) -> None:
        with self._lock:
            self._recent(name, time.monotonic()).append(time.monotonic())

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name.casefold(), None)
