package dev.consentkit.servlet.it;

/** {@link ConsentFilterContract} in Jetty 12 (ee10). */
class JettyConsentFilterIT extends ConsentFilterContract {
    JettyConsentFilterIT() {
        super("jetty");
    }
}
