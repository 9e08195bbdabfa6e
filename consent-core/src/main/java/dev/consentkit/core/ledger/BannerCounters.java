package dev.consentkit.core.ledger;

import dev.consentkit.core.Regime;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Banner showings counted in memory, per UTC day, tenant, page type and regime, until flushed. */
final class BannerCounters {

    /** The key of a daily counter; {@code pageType} is "" for none (it is part of a primary key). */
    record Key(LocalDate day, String tenant, String pageType, Regime regime) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = day.compareTo(o.day);
            c = c != 0 ? c : tenant.compareTo(o.tenant);
            c = c != 0 ? c : pageType.compareTo(o.pageType);
            return c != 0 ? c : regime.compareTo(o.regime);
        }
    }

    private final Clock clock;
    private final ConcurrentHashMap<Key, LongAdder> counts = new ConcurrentHashMap<>();

    BannerCounters(Clock clock) {
        this.clock = clock;
    }

    void count(String tenant, String pageType, Regime regime) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(regime, "regime");
        Key key = new Key(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), tenant,
                pageType == null ? "" : pageType, regime);
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** Takes the pending counts, resetting them; give them back with {@link #restore} if they cannot be stored. */
    Map<Key, Long> drain() {
        Map<Key, Long> taken = new HashMap<>();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        counts.forEach((k, adder) -> {
            long n = adder.sumThenReset();
            if (n != 0) {
                taken.put(k, n);
            } else if (k.day().isBefore(today.minusDays(1))) {
                counts.remove(k, adder); // a past day nobody counts any more
            }
        });
        return taken;
    }

    void restore(Map<Key, Long> taken) {
        taken.forEach((k, n) -> counts.computeIfAbsent(k, x -> new LongAdder()).add(n));
    }

    /** Counts not yet drained, for one tenant and range of days. */
    Map<Key, Long> pending(String tenant, LocalDate from, LocalDate to) {
        Map<Key, Long> out = new HashMap<>();
        counts.forEach((k, adder) -> {
            long n = adder.sum();
            if (n != 0 && k.tenant().equals(tenant) && !k.day().isBefore(from) && !k.day().isAfter(to)) {
                out.merge(k, n, Long::sum);
            }
        });
        return out;
    }
}
