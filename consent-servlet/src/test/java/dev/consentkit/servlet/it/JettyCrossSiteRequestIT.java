package dev.consentkit.servlet.it;

/** {@link CrossSiteRequestContract} in Jetty 12 (ee10). */
class JettyCrossSiteRequestIT extends CrossSiteRequestContract {
    JettyCrossSiteRequestIT() {
        super("jetty");
    }
}
