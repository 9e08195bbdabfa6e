package dev.consentkit.servlet.it;

/** {@link CrossSiteRequestContract} in Tomcat 11 (run by its own Failsafe execution: Tomcat brings Servlet 6.1). */
class TomcatCrossSiteRequestIT extends CrossSiteRequestContract {
    TomcatCrossSiteRequestIT() {
        super("tomcat");
    }
}
