package dev.consentkit.servlet.it;

import dev.consentkit.core.Regime;
import dev.consentkit.core.ledger.ConsentLedger;
import dev.consentkit.core.ledger.ConsentRecord;
import dev.consentkit.core.ledger.LedgerException;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A ledger seam for the filter's tests: keeps records in memory and can be made to fail. */
public final class RecordingLedger implements ConsentLedger {

    public final List<ConsentRecord> records = new CopyOnWriteArrayList<>();
    public final AtomicInteger bannerShown = new AtomicInteger();
    public volatile boolean failing;

    @Override
    public void append(ConsentRecord record) {
        if (failing) {
            throw new LedgerException("ledger down (test)", null);
        }
        records.add(record);
    }

    @Override
    public void countBannerShown(String tenant, String pageType, Regime regime) {
        bannerShown.incrementAndGet();
    }

    @Override
    public void close() {
    }

    public ConsentRecord last() {
        return records.get(records.size() - 1);
    }
}
