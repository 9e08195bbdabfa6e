package dev.consentkit.servlet.http;

import dev.consentkit.core.DeclarationKind;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Undeclared cookies, storage keys, scripts and iframes seen on real traffic, per tenant, so
 * organizers can declare them. Bounded: at most {@value #MAX_PER_TENANT} names per tenant are
 * kept (later ones are counted as dropped), so that a visitor sending random cookie names cannot
 * grow memory.
 */
public final class UndeclaredNames {

    /** Names kept per tenant. */
    public static final int MAX_PER_TENANT = 500;
    private static final int MAX_TENANTS = 10_000;

    /** Where a name was seen. */
    public enum Source {
        /** A {@code Set-Cookie} of the application, or a cookie a request carried. */
        SERVER,
        /** The browser runtime's report. */
        BROWSER
    }

    /**
     * One undeclared name.
     *
     * @param kind what it is
     * @param name the name
     * @param source where it was first seen
     * @param page the page it was first seen on, or null
     * @param count how often it was seen
     * @param firstSeen when it was first seen
     * @param lastSeen when it was last seen
     */
    public record Sighting(DeclarationKind kind, String name, Source source, String page, long count,
                           Instant firstSeen, Instant lastSeen) {
    }

    private static final class Entry {
        final DeclarationKind kind;
        final String name;
        final Source source;
        final String page;
        final Instant firstSeen;
        final LongAdder count = new LongAdder();    // many request threads count the same name
        volatile long lastSeen;                     // epoch milliseconds

        Entry(DeclarationKind kind, String name, Source source, String page, long now) {
            this.kind = kind;
            this.name = name;
            this.source = source;
            this.page = page;
            this.firstSeen = Instant.ofEpochMilli(now);
            this.lastSeen = now;
        }
    }

    private record Key(DeclarationKind kind, String name) {
    }

    private final ConcurrentMap<String, ConcurrentMap<Key, Entry>> byTenant = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final Clock clock;

    /**
     * Creates an empty registry.
     *
     * @param clock dates the first and last sighting
     */
    public UndeclaredNames(Clock clock) {
        this.clock = clock;
    }

    /**
     * Records a sighting. Cheap, thread-safe, never throws.
     *
     * @param tenant the organizer
     * @param kind what the name names
     * @param name the name; empty or longer than 512 characters is ignored
     * @param source where it was seen
     * @param page the page it was seen on, or null
     */
    public void record(String tenant, DeclarationKind kind, String name, Source source, String page) {
        if (tenant == null || kind == null || name == null || name.isEmpty() || name.length() > 512) {
            return;
        }
        ConcurrentMap<Key, Entry> names = byTenant.get(tenant);
        if (names == null) {
            if (byTenant.size() >= MAX_TENANTS) {
                dropped.incrementAndGet();
                return;
            }
            names = byTenant.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
        }
        Key key = new Key(kind, name);
        long now = clock.millis();
        Entry entry = names.get(key);
        if (entry == null) {
            if (names.size() >= MAX_PER_TENANT) {
                dropped.incrementAndGet();
                return;
            }
            entry = names.computeIfAbsent(key, k -> new Entry(kind, name, source, page, now));
        }
        entry.count.increment();
        if (entry.lastSeen < now) {
            entry.lastSeen = now;                   // written once per millisecond, not per request
        }
    }

    /**
     * The names seen for a tenant, most frequent first.
     *
     * @param tenant the organizer
     * @return the sightings, empty when none
     */
    public List<Sighting> sightings(String tenant) {
        ConcurrentMap<Key, Entry> names = byTenant.get(tenant);
        if (names == null) {
            return List.of();
        }
        List<Sighting> out = new ArrayList<>();
        for (Entry e : names.values()) {
            out.add(new Sighting(e.kind, e.name, e.source, e.page, e.count.sum(), e.firstSeen, Instant.ofEpochMilli(e.lastSeen)));
        }
        out.sort(Comparator.comparingLong(Sighting::count).reversed().thenComparing(Sighting::name));
        return out;
    }

    /**
     * Forgets a name (after the organizer declared it).
     *
     * @param tenant the organizer
     * @param kind what the name names
     * @param name the name
     */
    public void forget(String tenant, DeclarationKind kind, String name) {
        ConcurrentMap<Key, Entry> names = byTenant.get(tenant);
        if (names != null) {
            names.remove(new Key(kind, name));
        }
    }

    /** {@return how many sightings were not kept because a bound was reached} */
    public long dropped() {
        return dropped.get();
    }
}
