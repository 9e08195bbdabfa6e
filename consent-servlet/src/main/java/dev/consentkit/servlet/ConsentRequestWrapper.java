package dev.consentkit.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Keeps asynchronous responses inside ConsentKit's wrapper: {@code startAsync()} would otherwise
 * hand the application the container's unwrapped response, whose {@code Set-Cookie} headers and
 * HTML nobody filters.
 */
final class ConsentRequestWrapper extends HttpServletRequestWrapper {

    private final HttpServletResponse response;

    ConsentRequestWrapper(HttpServletRequest request, HttpServletResponse response) {
        super(request);
        this.response = response;
    }

    @Override
    public AsyncContext startAsync() {
        return getRequest().startAsync(this, response);
    }
}
