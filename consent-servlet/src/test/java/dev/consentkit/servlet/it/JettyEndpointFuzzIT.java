package dev.consentkit.servlet.it;

/** {@link EndpointFuzzContract} in Jetty 12 (ee10). */
class JettyEndpointFuzzIT extends EndpointFuzzContract {
    JettyEndpointFuzzIT() {
        super("jetty");
    }
}
