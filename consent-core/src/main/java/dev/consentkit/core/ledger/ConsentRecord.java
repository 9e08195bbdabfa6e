package dev.consentkit.core.ledger;

import dev.consentkit.core.Regime;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One decision, as proof of consent (GDPR Art. 7(1)). Records hold no IP address and no user
 * agent.
 *
 * @param recordId unique id of this record; appending the same id twice stores it once
 * @param tenant the organizer (controller) the consent was given to
 * @param consentId the visitor's consent id, as carried by the consent cookie
 * @param previousConsentId the consent id this one replaced (an expired or outdated decision), or null
 * @param action grant, update or withdraw
 * @param method accept-all, reject-all or custom
 * @param choices every category of the policy with its granted (true) or refused (false) value
 * @param policyRevision the policy revision the decision was made under
 * @param pageType the page type it was made on, or null
 * @param regime the regime that applied
 * @param region the visitor's country code as the CDN gave it, or null
 * @param gpc whether a Global Privacy Control signal was present
 * @param locale the locale of the banner shown
 * @param bannerTextHash SHA-256 of the exact banner texts shown
 * @param recordedAt when the decision was made
 * @param subjectReference an application's reference to the data subject (such as a hashed
 *     attendee id), or null
 */
public record ConsentRecord(UUID recordId, String tenant, UUID consentId, UUID previousConsentId,
                            ConsentAction action, DecisionMethod method, Map<String, Boolean> choices,
                            long policyRevision, String pageType, Regime regime, String region, boolean gpc,
                            String locale, String bannerTextHash, Instant recordedAt, String subjectReference) {

    /**
     * Validates and copies the components.
     *
     * @param recordId unique id of this record; not null
     * @param tenant the organizer; not null
     * @param consentId the visitor's consent id; not null
     * @param previousConsentId the consent id this one replaced, or null
     * @param action grant, update or withdraw; not null
     * @param method accept-all, reject-all or custom; not null
     * @param choices every category with its granted or refused value; not null, copied
     * @param policyRevision the policy revision
     * @param pageType the page type, or null
     * @param regime the regime that applied; not null
     * @param region the visitor's country code, or null
     * @param gpc whether a Global Privacy Control signal was present
     * @param locale the banner's locale; not null
     * @param bannerTextHash SHA-256 of the banner texts shown; not null
     * @param recordedAt when the decision was made; not null
     * @param subjectReference the application's reference to the data subject, or null
     */
    public ConsentRecord {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(consentId, "consentId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(regime, "regime");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(bannerTextHash, "bannerTextHash");
        Objects.requireNonNull(recordedAt, "recordedAt");
        choices = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(choices, "choices")));
    }
}
