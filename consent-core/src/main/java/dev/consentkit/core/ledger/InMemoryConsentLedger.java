package dev.consentkit.core.ledger;

import dev.consentkit.core.Regime;

import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A {@link ConsentLedger} in memory, for tests and demos without a database. It keeps the same
 * hash chains, purge anchors and aggregates as {@link JdbcConsentLedger}, but nothing survives the
 * process: it is not proof of consent. Thread-safe: every access to the records holds the
 * ledger's lock.
 */
public final class InMemoryConsentLedger implements ConsentLedger {

    /** One tenant's chain. */
    private static final class TenantChain {
        final List<StoredConsentRecord> records = new ArrayList<>(); // ascending sequence
        long anchorSequence;
        String anchorHash = Chain.GENESIS;
        long headSequence;
        String headHash = Chain.GENESIS;
    }

    private final Clock clock;
    private final Map<String, TenantChain> chains = new TreeMap<>();
    private final Map<UUID, StoredConsentRecord> byId = new HashMap<>();
    private final DailyTotals totals = new DailyTotals();
    private boolean closed;

    /** Creates an empty ledger that dates banner showings by the system clock. */
    public InMemoryConsentLedger() {
        this(Clock.systemUTC());
    }

    /**
     * Creates an empty ledger.
     *
     * @param clock dates banner showings (decisions are dated by their {@code recordedAt})
     */
    public InMemoryConsentLedger(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized void append(ConsentRecord record) {
        Objects.requireNonNull(record, "record");
        if (closed) {
            throw new LedgerException("cannot append record " + record.recordId() + ": the ledger is closed");
        }
        if (byId.containsKey(record.recordId())) {
            return;
        }
        ConsentRecord r = LedgerJson.normalize(record);
        TenantChain chain = chains.computeIfAbsent(r.tenant(), t -> new TenantChain());
        StoredConsentRecord stored = Chain.link(r, chain.headSequence + 1, chain.headHash);
        chain.records.add(stored);
        chain.headSequence = stored.sequence();
        chain.headHash = stored.chainHash();
        byId.put(r.recordId(), stored);
        totals.addRecord(r);
    }

    @Override
    public synchronized void countBannerShown(String tenant, String pageType, Regime regime) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(regime, "regime");
        totals.addBanner(new BannerCounters.Key(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), tenant,
                pageType == null ? "" : pageType, regime), 1);
    }

    @Override
    public List<StoredConsentRecord> findByConsentId(String tenant, UUID consentId) {
        Objects.requireNonNull(consentId, "consentId");
        return select(tenant, s -> consentId.equals(s.record().consentId()));
    }

    @Override
    public List<StoredConsentRecord> findBySubject(String tenant, String subjectReference) {
        Objects.requireNonNull(subjectReference, "subjectReference");
        return select(tenant, s -> subjectReference.equals(s.record().subjectReference()));
    }

    @Override
    public synchronized RecordPage findByTime(String tenant, Instant from, Instant to, long afterSequence, int limit) {
        JdbcConsentLedger.checkLimit(limit);
        RecordFilter filter = RecordFilter.between(from, to);
        List<StoredConsentRecord> page = new ArrayList<>();
        for (StoredConsentRecord s : chain(tenant).records) {
            if (s.sequence() > afterSequence && filter.matches(s.record())) {
                if (page.size() == limit) {
                    return new RecordPage(page, true);
                }
                page.add(s);
            }
        }
        return new RecordPage(page, false);
    }

    @Override
    public synchronized long export(String tenant, RecordFilter filter, ExportFormat format, Writer out) {
        Objects.requireNonNull(filter, "filter");
        RecordExporter exporter = new RecordExporter(format, out);
        chain(tenant).records.stream().filter(s -> filter.matches(s.record())).forEach(exporter::write);
        return exporter.count();
    }

    @Override
    public synchronized long exportAllTenants(RecordFilter filter, ExportFormat format, Writer out) {
        Objects.requireNonNull(filter, "filter");
        RecordExporter exporter = new RecordExporter(format, out);
        for (TenantChain chain : chains.values()) {
            chain.records.stream().filter(s -> filter.matches(s.record())).forEach(exporter::write);
        }
        return exporter.count();
    }

    @Override
    public synchronized long purgeOlderThan(String tenant, Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        TenantChain chain = chain(tenant);
        int n = 0;
        while (n < chain.records.size() && chain.records.get(n).record().recordedAt().isBefore(cutoff)) {
            n++;
        }
        if (n == 0) {
            return 0;
        }
        List<StoredConsentRecord> purged = chain.records.subList(0, n);
        StoredConsentRecord last = purged.get(n - 1);
        chain.anchorSequence = last.sequence();
        chain.anchorHash = last.chainHash();
        purged.forEach(s -> byId.remove(s.record().recordId()));
        purged.clear();
        return n;
    }

    @Override
    public synchronized ChainVerification verify(String tenant) {
        TenantChain chain = chain(tenant);
        Chain.Verifier verifier = new Chain.Verifier(tenant, chain.anchorSequence, chain.anchorHash,
                chain.headSequence, chain.headHash);
        for (StoredConsentRecord s : chain.records) {
            if (!verifier.accept(s)) {
                break;
            }
        }
        return verifier.finish();
    }

    @Override
    public synchronized List<DailyAggregate> aggregates(String tenant, LocalDate from, LocalDate to) {
        Objects.requireNonNull(tenant, "tenant");
        return totals.aggregates(tenant, Objects.requireNonNull(from, "from"), Objects.requireNonNull(to, "to"));
    }

    @Override
    public synchronized Set<String> tenants() {
        Set<String> out = new TreeSet<>();
        chains.forEach((t, c) -> {
            if (c.headSequence > 0) {
                out.add(t);
            }
        });
        return Collections.unmodifiableSet(out);
    }

    /** Refuses further appends; the records stay readable. */
    @Override
    public synchronized void close() {
        closed = true;
    }

    private synchronized List<StoredConsentRecord> select(String tenant, Predicate<StoredConsentRecord> which) {
        return chain(tenant).records.stream().filter(which).toList();
    }

    private TenantChain chain(String tenant) {
        Objects.requireNonNull(tenant, "tenant");
        TenantChain chain = chains.get(tenant);
        return chain != null ? chain : new TenantChain();
    }
}
