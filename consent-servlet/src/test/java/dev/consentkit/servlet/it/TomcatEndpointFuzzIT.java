package dev.consentkit.servlet.it;

/** {@link EndpointFuzzContract} in Tomcat 11 (run by its own Failsafe execution: Tomcat brings Servlet 6.1). */
class TomcatEndpointFuzzIT extends EndpointFuzzContract {
    TomcatEndpointFuzzIT() {
        super("tomcat");
    }
}
