/**
 * The HTTP endpoints the consent filter answers itself, and what they share with the filter.
 * Internal: this package is not exported by the module, its public types are public for the
 * filter in {@code dev.consentkit.servlet} only.
 *
 * <p>{@link dev.consentkit.servlet.http.ConsentEndpoints} routes everything under the endpoint
 * prefix (default {@code /consent}) and {@code /.well-known/gpc.json}: the visitor's state
 * ({@code GET|POST|DELETE /consent/state}), the cookie declaration ({@code /consent/cookies} and
 * {@code /consent/cookies.json}), undeclared-name reports from the browser runtime, the
 * content-hashed runtime assets ({@link dev.consentkit.servlet.http.RuntimeAssets}), and, when an
 * admin access is configured, the dashboard, ledger export and organizer settings screen under
 * {@code /consent/admin}.
 *
 * <p>Every request is first resolved into a {@link dev.consentkit.servlet.http.Visitor} (tenant,
 * policy, page type, regime, GPC, decision) by the
 * {@link dev.consentkit.servlet.http.VisitorResolver}; state changes are accepted only from the
 * same origin, as JSON, within a small body limit
 * ({@link dev.consentkit.servlet.http.EndpointRequest}); every error is a JSON
 * {@code {"error", "message"}} body ({@link dev.consentkit.servlet.http.Json}); the consent cookie
 * and the expiry of withdrawn cookies are written by
 * {@link dev.consentkit.servlet.http.ConsentCookies}.
 */
package dev.consentkit.servlet.http;
