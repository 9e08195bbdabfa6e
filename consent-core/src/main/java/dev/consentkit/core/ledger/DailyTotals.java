package dev.consentkit.core.ledger;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Dashboard counts per (day, tenant, page type, regime): accumulated from records and showings. */
final class DailyTotals {

    /** Mutable counts of one key. */
    static final class Counts {
        long bannerShown;
        long acceptedAll;
        long rejectedAll;
        long customised;
        long withdrawn;
        final Map<String, Long> granted = new TreeMap<>();
    }

    private final TreeMap<BannerCounters.Key, Counts> rows = new TreeMap<>();

    static BannerCounters.Key keyOf(ConsentRecord r) {
        return new BannerCounters.Key(LocalDate.ofInstant(r.recordedAt(), ZoneOffset.UTC), r.tenant(),
                r.pageType() == null ? "" : r.pageType(), r.regime());
    }

    void addRecord(ConsentRecord r) {
        Counts c = rows.computeIfAbsent(keyOf(r), k -> new Counts());
        if (r.action() == ConsentAction.WITHDRAW) {
            c.withdrawn++;
            return;
        }
        switch (r.method()) {
            case ACCEPT_ALL -> c.acceptedAll++;
            case REJECT_ALL -> c.rejectedAll++;
            case CUSTOM -> c.customised++;
        }
        r.choices().forEach((category, granted) -> {
            if (Boolean.TRUE.equals(granted)) {
                c.granted.merge(category, 1L, Long::sum);
            }
        });
    }

    Counts counts(BannerCounters.Key key) {
        return rows.computeIfAbsent(key, k -> new Counts());
    }

    void addBanner(BannerCounters.Key key, long n) {
        counts(key).bannerShown += n;
    }

    Map<BannerCounters.Key, Counts> rows() {
        return rows;
    }

    /** The rows of one tenant and range of days as dashboard values, sorted. */
    List<DailyAggregate> aggregates(String tenant, LocalDate from, LocalDate to) {
        List<DailyAggregate> out = new ArrayList<>();
        rows.forEach((k, c) -> {
            if (k.tenant().equals(tenant) && !k.day().isBefore(from) && !k.day().isAfter(to)) {
                out.add(new DailyAggregate(k.day(), k.pageType().isEmpty() ? null : k.pageType(), k.regime(),
                        c.bannerShown, c.acceptedAll, c.rejectedAll, c.customised, c.withdrawn,
                        new HashMap<>(c.granted)));
            }
        });
        return out;
    }
}
