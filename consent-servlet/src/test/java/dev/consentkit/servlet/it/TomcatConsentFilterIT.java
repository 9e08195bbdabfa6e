package dev.consentkit.servlet.it;

/** {@link ConsentFilterContract} in Tomcat 11 (run by its own Failsafe execution: Tomcat brings Servlet 6.1). */
class TomcatConsentFilterIT extends ConsentFilterContract {
    TomcatConsentFilterIT() {
        super("tomcat");
    }
}
