/**
 * ConsentKit core: the consent model, the compiled {@link dev.consentkit.core.Policy}, JSON
 * configuration loading, the signed consent token, tenants' policy repositories and the consent
 * ledger. It knows nothing of servlets.
 */
module dev.consentkit.core {
    requires transitive java.sql;
    requires java.logging;
    requires com.fasterxml.jackson.databind;
    requires com.github.benmanes.caffeine;

    exports dev.consentkit.core;
    exports dev.consentkit.core.config;
    exports dev.consentkit.core.token;
    exports dev.consentkit.core.tenant;
    exports dev.consentkit.core.ledger;
}
