package dev.consentkit.servlet.it;

import dev.consentkit.core.Regime;
import dev.consentkit.core.ledger.ChainVerification;
import dev.consentkit.core.ledger.ConsentLedger;
import dev.consentkit.core.ledger.ConsentRecord;
import dev.consentkit.core.ledger.DailyAggregate;
import dev.consentkit.core.ledger.ExportFormat;
import dev.consentkit.core.ledger.InMemoryConsentLedger;
import dev.consentkit.core.ledger.LedgerException;
import dev.consentkit.core.ledger.RecordFilter;
import dev.consentkit.core.ledger.RecordPage;
import dev.consentkit.core.ledger.StoredConsentRecord;

import java.io.Writer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A ledger seam for the filter's tests: keeps records in memory and can be made to fail; reads go to an in-memory ledger. */
public final class RecordingLedger implements ConsentLedger {

    public final List<ConsentRecord> records = new CopyOnWriteArrayList<>();
    public final AtomicInteger bannerShown = new AtomicInteger();
    public volatile boolean failing;
    private final InMemoryConsentLedger reads = new InMemoryConsentLedger();

    @Override
    public void append(ConsentRecord record) {
        if (failing) {
            throw new LedgerException("ledger down (test)", null);
        }
        records.add(record);
        reads.append(record);
    }

    @Override
    public void countBannerShown(String tenant, String pageType, Regime regime) {
        bannerShown.incrementAndGet();
        reads.countBannerShown(tenant, pageType, regime);
    }

    @Override
    public List<StoredConsentRecord> findByConsentId(String tenant, UUID consentId) {
        return reads.findByConsentId(tenant, consentId);
    }

    @Override
    public List<StoredConsentRecord> findBySubject(String tenant, String subjectReference) {
        return reads.findBySubject(tenant, subjectReference);
    }

    @Override
    public RecordPage findByTime(String tenant, Instant from, Instant to, long afterSequence, int limit) {
        return reads.findByTime(tenant, from, to, afterSequence, limit);
    }

    @Override
    public long export(String tenant, RecordFilter filter, ExportFormat format, Writer out) {
        return reads.export(tenant, filter, format, out);
    }

    @Override
    public long exportAllTenants(RecordFilter filter, ExportFormat format, Writer out) {
        return reads.exportAllTenants(filter, format, out);
    }

    @Override
    public long purgeOlderThan(String tenant, Instant cutoff) {
        return reads.purgeOlderThan(tenant, cutoff);
    }

    @Override
    public ChainVerification verify(String tenant) {
        return reads.verify(tenant);
    }

    @Override
    public List<DailyAggregate> aggregates(String tenant, LocalDate from, LocalDate to) {
        return reads.aggregates(tenant, from, to);
    }

    @Override
    public Set<String> tenants() {
        return reads.tenants();
    }

    @Override
    public void close() {
    }

    public ConsentRecord last() {
        return records.get(records.size() - 1);
    }
}
