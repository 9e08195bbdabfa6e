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

/**
 * The real in-memory ledger, with a switch that makes appends fail like a ledger whose journal
 * cannot be written, and a view of what was appended.
 */
public final class RecordingLedger implements ConsentLedger {

    private final InMemoryConsentLedger delegate = new InMemoryConsentLedger();
    public final List<ConsentRecord> records = new CopyOnWriteArrayList<>();
    public final AtomicInteger bannerShown = new AtomicInteger();
    public volatile boolean failing;

    @Override
    public void append(ConsentRecord record) {
        if (failing) {
            throw new LedgerException("ledger down (test)", null);
        }
        delegate.append(record);
        records.add(record);
    }

    @Override
    public void countBannerShown(String tenant, String pageType, Regime regime) {
        bannerShown.incrementAndGet();
        delegate.countBannerShown(tenant, pageType, regime);
    }

    public ConsentRecord last() {
        return records.get(records.size() - 1);
    }

    @Override
    public List<StoredConsentRecord> findByConsentId(String tenant, UUID consentId) {
        return delegate.findByConsentId(tenant, consentId);
    }

    @Override
    public List<StoredConsentRecord> findBySubject(String tenant, String subjectReference) {
        return delegate.findBySubject(tenant, subjectReference);
    }

    @Override
    public RecordPage findByTime(String tenant, Instant from, Instant to, long afterSequence, int limit) {
        return delegate.findByTime(tenant, from, to, afterSequence, limit);
    }

    @Override
    public long export(String tenant, RecordFilter filter, ExportFormat format, Writer out) {
        return delegate.export(tenant, filter, format, out);
    }

    @Override
    public long exportAllTenants(RecordFilter filter, ExportFormat format, Writer out) {
        return delegate.exportAllTenants(filter, format, out);
    }

    @Override
    public long purgeOlderThan(String tenant, Instant cutoff) {
        return delegate.purgeOlderThan(tenant, cutoff);
    }

    @Override
    public ChainVerification verify(String tenant) {
        return delegate.verify(tenant);
    }

    @Override
    public List<DailyAggregate> aggregates(String tenant, LocalDate from, LocalDate to) {
        return delegate.aggregates(tenant, from, to);
    }

    @Override
    public Set<String> tenants() {
        return delegate.tenants();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
