package dev.consentkit.servlet.http;

import dev.consentkit.core.DeclarationKind;
import dev.consentkit.core.Policy;
import dev.consentkit.core.config.ConfigurationException;
import dev.consentkit.core.ledger.ConsentLedger;
import dev.consentkit.core.ledger.ExportFormat;
import dev.consentkit.core.ledger.LedgerException;
import dev.consentkit.core.ledger.RecordFilter;
import dev.consentkit.servlet.ConsentOptions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The admin dashboard under {@code <prefix>/admin}, for the platform operator (every tenant) or
 * an organizer (its own tenants), as {@link ConsentOptions.AdminAccess} decides:
 * <ul>
 *   <li>{@code GET <prefix>/admin?tenant=ID}: the dashboard (charts, ledger search, chain
 *       verification, undeclared names, cookie declaration);</li>
 *   <li>{@code GET <prefix>/admin/records.jsonl} and {@code records.csv}: the ledger's export, of
 *       every visible tenant or of {@code ?tenant=ID}, optionally narrowed by {@code consentId},
 *       {@code subject}, {@code from} and {@code to} (UTC dates, both included);</li>
 *   <li>{@code POST <prefix>/admin/undeclared/dismiss} and {@code POST <prefix>/admin/reload}:
 *       same-origin forms with a CSRF token.</li>
 * </ul>
 * Without credentials it answers 401 with the access's challenge; a tenant outside the allowed
 * ones gets 403. Pages carry a strict Content-Security-Policy: no script at all, and only the
 * page's own nonce'd stylesheet.
 */
final class AdminEndpoint {

    private static final Logger LOG = Logger.getLogger(AdminEndpoint.class.getName());
    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The tenant set of an operator who sees every tenant. */
    static final String EVERY_TENANT = "*";

    private final ConsentOptions options;
    private final UndeclaredNames undeclared;
    private final byte[] csrfKey = new byte[32];
    private final SettingsEndpoint settings; // null when the settings screen is off

    AdminEndpoint(ConsentOptions options, UndeclaredNames undeclared) {
        this(options, undeclared, null);
    }

    AdminEndpoint(ConsentOptions options, UndeclaredNames undeclared, BootstrapMarkup preview) {
        this.options = options;
        this.undeclared = undeclared;
        RANDOM.nextBytes(csrfKey);
        this.settings = options.settings() == null ? null : new SettingsEndpoint(options, undeclared, this, preview);
    }

    /** What a signed-in request may see. */
    record Viewer(boolean operator, Set<String> tenants) {
    }

    /**
     * Answers a request under {@code <prefix>/admin}.
     *
     * @param sub the path after the endpoint prefix, starting with {@code /admin}
     */
    void handle(HttpServletRequest request, HttpServletResponse response, String sub) throws IOException {
        Set<String> allowed;
        try {
            allowed = options.adminAccess().tenants(request);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "admin access check failed; refusing", e);
            allowed = Set.of();
        }
        if (allowed == null || allowed.isEmpty()) {
            String challenge = options.adminAccess().challenge();
            if (challenge != null) {
                response.setHeader("WWW-Authenticate", challenge);
            }
            Json.error(response, 401, "unauthorized", "sign in to use the ConsentKit admin dashboard");
            return;
        }
        if (request.getCharacterEncoding() == null) {
            request.setCharacterEncoding("UTF-8"); // the forms send UTF-8; some containers assume ISO-8859-1
        }
        try {
            request.getParameterMap(); // parse the query and a form body once, here: a malformed one is the client's error
        } catch (RuntimeException e) { // Jetty's BadMessageException, Tomcat's InvalidParameterException
            Json.error(response, 400, "malformed-parameters", "the query string or the form body cannot be decoded");
            return;
        }
        Viewer viewer = viewer(allowed);
        String rest = sub.substring("/admin".length());
        if (settings != null && (rest.equals("/settings") || rest.startsWith("/settings/"))) {
            settings.handle(request, response, viewer, rest.substring("/settings".length()));
            return;
        }
        String method = request.getMethod();
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        switch (rest) {
            case "", "/" -> {
                if (read) {
                    dashboard(request, response, viewer);
                } else {
                    methodNotAllowed(response, "GET, HEAD");
                }
            }
            case "/records.jsonl", "/records.csv" -> {
                if (read) {
                    export(request, response, viewer, rest.endsWith(".csv") ? ExportFormat.CSV : ExportFormat.JSON_LINES);
                } else {
                    methodNotAllowed(response, "GET, HEAD");
                }
            }
            case "/undeclared/dismiss", "/reload" -> {
                if ("POST".equals(method)) {
                    action(request, response, viewer, rest);
                } else {
                    methodNotAllowed(response, "POST");
                }
            }
            default -> Json.error(response, 404, "not-found", "no admin page here; the dashboard is at "
                    + options.endpointPrefix() + "/admin");
        }
    }

    private Viewer viewer(Set<String> allowed) {
        if (allowed.contains(EVERY_TENANT)) {
            Set<String> all = new TreeSet<>();
            try {
                all.addAll(options.policies().tenants());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cannot list the configured tenants", e);
                all.add(Policy.DEFAULT_TENANT);
            }
            ConsentLedger ledger = options.ledger();
            if (ledger != null) {
                try {
                    all.addAll(ledger.tenants());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "cannot list the ledger's tenants", e);
                }
            }
            return new Viewer(true, all);
        }
        return new Viewer(false, new TreeSet<>(allowed));
    }

    /**
     * The tenant a request asks for, checked against what the viewer may see; null after an
     * error response was sent.
     *
     * @param required whether the parameter must be present (else the default tenant, or the
     *     viewer's first)
     */
    String tenant(HttpServletRequest request, HttpServletResponse response, Viewer viewer, boolean required) throws IOException {
        String tenant = request.getParameter("tenant");
        if (tenant == null || tenant.isEmpty()) {
            if (required) {
                Json.error(response, 400, "bad-request", "give the tenant as ?tenant=ID");
                return null;
            }
            return viewer.tenants().contains(Policy.DEFAULT_TENANT) ? Policy.DEFAULT_TENANT : viewer.tenants().iterator().next();
        }
        if (!TENANT_ID.matcher(tenant).matches()) {
            Json.error(response, 400, "bad-request", "a tenant id has 1 to 63 characters of a-z, 0-9 and '-'");
            return null;
        }
        if (!viewer.tenants().contains(tenant)) {
            if (viewer.operator()) {
                Json.error(response, 404, "unknown-tenant", "there is no tenant \"" + tenant + "\"");
            } else {
                Json.error(response, 403, "forbidden-tenant", "you may not administer tenant \"" + tenant + "\"");
            }
            return null;
        }
        return tenant;
    }

    // ------------------------------------------------------------------ dashboard

    private void dashboard(HttpServletRequest request, HttpServletResponse response, Viewer viewer) throws IOException {
        String tenant = tenant(request, response, viewer, false);
        if (tenant == null) {
            return;
        }
        String nonce = nonce();
        AdminPage page = new AdminPage(options, undeclared, viewer, tenant, request, csrfToken(request), nonce, settings != null);
        byte[] bytes = page.render().getBytes(StandardCharsets.UTF_8);
        securityHeaders(response, nonce);
        response.setStatus(200);
        response.setContentType("text/html;charset=UTF-8");
        response.setContentLength(bytes.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(bytes);
        }
    }

    static void securityHeaders(HttpServletResponse response, String nonce) {
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'nonce-" + nonce + "'; img-src 'self'; "
                + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        // not no-referrer: browsers then send "Origin: null" with the admin forms, which the origin check refuses
        response.setHeader("Referrer-Policy", "same-origin");
    }

    static String nonce() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    // ------------------------------------------------------------------ exports

    private void export(HttpServletRequest request, HttpServletResponse response, Viewer viewer, ExportFormat format) throws IOException {
        ConsentLedger ledger = options.ledger();
        if (ledger == null) {
            Json.error(response, 404, "no-ledger", "no consent ledger is configured, so there is nothing to export");
            return;
        }
        String tenantParam = request.getParameter("tenant");
        String tenant = null;
        if (tenantParam != null && !tenantParam.isEmpty()) {
            tenant = tenant(request, response, viewer, true);
            if (tenant == null) {
                return;
            }
        } else if (!viewer.operator() && format == ExportFormat.CSV && viewer.tenants().size() > 1) {
            Json.error(response, 400, "bad-request", "a CSV export covers one tenant: give ?tenant=ID");
            return;
        }
        RecordFilter filter;
        try {
            filter = filter(request);
        } catch (IllegalArgumentException e) {
            Json.error(response, 400, "bad-request", e.getMessage());
            return;
        }
        String name = "consent-records-" + (tenant == null ? "all" : tenant) + "-" + LocalDate.now(options.clock().withZone(ZoneOffset.UTC))
                + "." + format.id();
        response.setStatus(200);
        response.setContentType(format.contentType());
        response.setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        if ("HEAD".equals(request.getMethod())) {
            return;
        }
        Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8), 16 * 1024);
        try {
            if (tenant != null) {
                ledger.export(tenant, filter, format, out);
            } else if (viewer.operator()) {
                ledger.exportAllTenants(filter, format, out);
            } else {
                for (String t : viewer.tenants()) {
                    ledger.export(t, filter, format, out);
                }
            }
            out.flush();
        } catch (LedgerException e) {
            LOG.log(Level.SEVERE, "ledger export failed", e);
            if (!response.isCommitted()) {
                Json.error(response, 503, "ledger-unavailable", "the ledger cannot be read right now; please try again");
            } else {
                throw new IOException("ledger export failed after the response started", e); // the client sees a cut-off download
            }
        }
    }

    /** The export filter of a request: {@code consentId}, {@code subject}, {@code from} and {@code to} (UTC dates, included). */
    static RecordFilter filter(HttpServletRequest request) {
        String consentId = request.getParameter("consentId");
        String subject = request.getParameter("subject");
        Instant from = date(request.getParameter("from"), "from", 0);
        Instant to = date(request.getParameter("to"), "to", 1);
        UUID id = null;
        if (consentId != null && !consentId.isEmpty()) {
            try {
                id = UUID.fromString(consentId);
            } catch (IllegalArgumentException e) {
                throw new EndpointRequest.BadRequest("consentId must be a UUID such as 3f2b6c1e-8d4a-4e51-9f0a-2c7d9b1e6a40");
            }
        }
        if (subject != null && subject.length() > 4096) {
            throw new EndpointRequest.BadRequest("subject must have at most 4096 characters (the ledger keeps no longer references)");
        }
        if (subject != null && subject.isEmpty()) {
            subject = null;
        }
        return new RecordFilter(from, to, id, subject);
    }

    private static Instant date(String value, String name, int plusDays) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(value).plusDays(plusDays).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeException e) { // unparsable, or a parsable date past the last one (+999999999-12-31)
            throw new EndpointRequest.BadRequest(name + " must be a date such as 2026-11-29");
        }
    }

    // ------------------------------------------------------------------ actions

    private void action(HttpServletRequest request, HttpServletResponse response, Viewer viewer, String action) throws IOException {
        if (!checkForm(request, response)) {
            return;
        }
        String tenant = tenant(request, response, viewer, true);
        if (tenant == null) {
            return;
        }
        String done;
        String anchor;
        if ("/reload".equals(action)) {
            anchor = "overview";
            try {
                options.policies().reload(tenant);
                done = "reloaded";
            } catch (ConfigurationException e) {
                done = "reload-failed";
            }
        } else {
            anchor = "undeclared";
            Optional<DeclarationKind> kind = DeclarationKind.fromId(request.getParameter("kind"));
            String name = request.getParameter("name");
            if (kind.isEmpty() || name == null || name.isEmpty()) {
                Json.error(response, 400, "bad-request", "give the kind and the name of the undeclared item to dismiss");
                return;
            }
            undeclared.forget(tenant, kind.get(), name);
            done = "dismissed";
        }
        response.setStatus(303);
        response.setHeader("Location", request.getContextPath() + options.endpointPrefix() + "/admin?tenant="
                + URLEncoder.encode(tenant, StandardCharsets.UTF_8) + "&done=" + done + "#" + anchor);
        response.setHeader("Cache-Control", "no-store");
    }

    /**
     * Refuses a form that was not sent by ConsentKit's own admin pages: another origin, or no
     * valid CSRF token. Answers 403 and false then.
     */
    boolean checkForm(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!EndpointRequest.sameOrigin(request, options.allowedOrigins())) {
            Json.error(response, 403, "forbidden-origin", "admin forms can only be sent from the dashboard itself");
            return false;
        }
        String token = request.getParameter("csrf");
        if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.US_ASCII),
                csrfToken(request).getBytes(StandardCharsets.US_ASCII))) {
            Json.error(response, 403, "bad-csrf-token", "the form is outdated or was not sent by the dashboard; reload the dashboard");
            return false;
        }
        return true;
    }

    /**
     * The CSRF token of a request: an HMAC, under a key that only this process knows, of the
     * credentials the request carries (the {@code Authorization} header and the session id), so
     * another site can neither read nor guess it.
     */
    String csrfToken(HttpServletRequest request) {
        String auth = request.getHeader("Authorization");
        String session = request.getRequestedSessionId();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(csrfKey, "HmacSHA256"));
            mac.update(("consentkit-admin-csrf\u0000" + (auth == null ? "" : auth) + "\u0000" + (session == null ? "" : session))
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void methodNotAllowed(HttpServletResponse response, String allow) throws IOException {
        response.setHeader("Allow", allow);
        Json.error(response, 405, "method-not-allowed", "use " + allow);
    }
}
