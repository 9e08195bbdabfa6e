package dev.consentkit.core.ledger;

import dev.consentkit.core.Regime;

import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One day's counts for one tenant, page type and regime, for the dashboard. Days are UTC dates.
 * Decision counts do not include withdrawals, which are counted apart.
 *
 * @param day the UTC date
 * @param pageType the page type, or null for decisions and showings without one
 * @param regime the regime that applied
 * @param bannerShown how often the banner was shown (best effort, see
 *     {@link ConsentLedger#countBannerShown})
 * @param acceptedAll decisions by "accept all"
 * @param rejectedAll decisions by "reject all"
 * @param customised decisions made category by category
 * @param withdrawn withdrawals
 * @param granted per category id, how many decisions (withdrawals excluded) granted it
 */
public record DailyAggregate(LocalDate day, String pageType, Regime regime, long bannerShown, long acceptedAll,
                             long rejectedAll, long customised, long withdrawn, Map<String, Long> granted) {

    /**
     * Validates and copies the components.
     *
     * @param day the UTC date; not null
     * @param pageType the page type, or null
     * @param regime the regime; not null
     * @param bannerShown how often the banner was shown
     * @param acceptedAll decisions by "accept all"
     * @param rejectedAll decisions by "reject all"
     * @param customised decisions made category by category
     * @param withdrawn withdrawals
     * @param granted per category id, how many decisions granted it; not null, copied
     */
    public DailyAggregate {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(regime, "regime");
        granted = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(granted, "granted")));
    }

    /**
     * All decisions of the day that were not withdrawals.
     *
     * @return accepted all, plus rejected all, plus customised
     */
    public long decisions() {
        return acceptedAll + rejectedAll + customised;
    }
}
