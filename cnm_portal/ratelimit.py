"""Counting failed attempts in the cache (guessable secrets: activation codes...)."""

from django.core.cache import cache


def ratelimit_exceeded(key: str, *, limit: int) -> bool:
    return (cache.get(f"rl:{key}") or 0) >= limit


def ratelimit_hit(key: str, *, period_seconds: int) -> None:
    full_key = f"rl:{key}"
    cache.add(full_key, 0, period_seconds)
    try:
        cache.incr(full_key)
    except ValueError:  # expired between add and incr
        cache.set(full_key, 1, period_seconds)
