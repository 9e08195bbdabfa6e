/**
 * ConsentKit for Jakarta Servlet 6: the {@link dev.consentkit.servlet.ConsentFilter} that
 * enforces consent on the server, its HTTP endpoints and the browser runtime.
 */
module dev.consentkit.servlet {
    requires transitive dev.consentkit.core;
    requires transitive jakarta.servlet;
    requires java.logging;
    requires com.fasterxml.jackson.databind;
    requires com.github.benmanes.caffeine;

    exports dev.consentkit.servlet;

    provides jakarta.servlet.ServletContainerInitializer with dev.consentkit.servlet.ConsentInitializer;
}
