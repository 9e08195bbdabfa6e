package dev.consentkit.servlet;

import dev.consentkit.core.ledger.ConsentLedger;
import dev.consentkit.core.tenant.PolicyRepository;
import jakarta.servlet.http.HttpServletRequest;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything a {@link ConsentFilter} needs, built once and then frozen.
 *
 * <pre>{@code
 * ConsentOptions options = ConsentOptions.builder(policies)
 *     .tenantResolver(TenantResolver.byRequestAttribute("organizer"))
 *     .ledger(ledger)
 *     .build();
 * }</pre>
 */
public final class ConsentOptions {

    /** The default path prefix of ConsentKit's endpoints. */
    public static final String DEFAULT_ENDPOINT_PREFIX = "/consent";
    /** The default name of the trusted header with the visitor's country (Cloudflare's). */
    public static final String DEFAULT_REGION_HEADER = "CF-IPCountry";
    /** The default name of the consent cookie; other tenants' cookies append {@code _<tenant>}. */
    public static final String DEFAULT_COOKIE_NAME = "consentkit";
    /** The default request attribute holding the page's CSP nonce. */
    public static final String DEFAULT_NONCE_ATTRIBUTE = "cspNonce";
    /** The default limit of a request body sent to an endpoint. */
    public static final int DEFAULT_MAX_BODY_BYTES = 8 * 1024;

    private final PolicyRepository policies;
    private final TenantResolver tenantResolver;
    private final String endpointPrefix;
    private final String regionHeader;
    private final String cookieName;
    private final String nonceAttribute;
    private final String contentSecurityPolicy;
    private final ConsentLedger ledger;
    private final Function<HttpServletRequest, String> subjectResolver;
    private final Set<String> allowedOrigins;
    private final int maxBodyBytes;
    private final AdminAccess adminAccess;
    private final Clock clock;

    private ConsentOptions(Builder b) {
        this.policies = b.policies;
        this.tenantResolver = b.tenantResolver;
        this.endpointPrefix = b.endpointPrefix;
        this.regionHeader = b.regionHeader;
        this.cookieName = b.cookieName;
        this.nonceAttribute = b.nonceAttribute;
        this.contentSecurityPolicy = b.contentSecurityPolicy;
        this.ledger = b.ledger;
        this.subjectResolver = b.subjectResolver;
        this.allowedOrigins = Set.copyOf(b.allowedOrigins);
        this.maxBodyBytes = b.maxBodyBytes;
        this.adminAccess = b.adminAccess;
        this.clock = b.clock;
    }

    /** Starts building options around the tenants' policies. */
    public static Builder builder(PolicyRepository policies) {
        return new Builder(policies);
    }

    /** The tenants' policies. */
    public PolicyRepository policies() {
        return policies;
    }

    /** How a request is mapped to its organizer. */
    public TenantResolver tenantResolver() {
        return tenantResolver;
    }

    /** The path prefix of the endpoints, such as {@code /consent}. */
    public String endpointPrefix() {
        return endpointPrefix;
    }

    /** The trusted request header that carries the visitor's ISO country code. */
    public String regionHeader() {
        return regionHeader;
    }

    /** The consent cookie's name for the platform default tenant. */
    public String cookieName() {
        return cookieName;
    }

    /** The consent cookie's name for {@code tenant}: the base name, plus {@code _<tenant>} for others. */
    public String cookieName(String tenant) {
        return tenant == null || dev.consentkit.core.Policy.DEFAULT_TENANT.equals(tenant) ? cookieName : cookieName + "_" + tenant;
    }

    /** The request attribute that holds the page's CSP nonce. */
    public String nonceAttribute() {
        return nonceAttribute;
    }

    /**
     * The Content-Security-Policy header ConsentKit emits on rewritten pages, with
     * {@code {nonce}} replaced by a fresh nonce per response; null when the application manages
     * CSP itself (the default).
     */
    public String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    /** Where decisions are recorded, or null when they are not. */
    public ConsentLedger ledger() {
        return ledger;
    }

    /** The application's reference to the data subject of a request, recorded with decisions. */
    public Function<HttpServletRequest, String> subjectResolver() {
        return subjectResolver;
    }

    /** Extra origins ({@code https://host[:port]}) allowed to change consent besides the page's own. */
    public Set<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** The largest request body an endpoint reads. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Who may open {@code <prefix>/admin}; null when the dashboard is off. */
    public AdminAccess adminAccess() {
        return adminAccess;
    }

    /** The clock. */
    public Clock clock() {
        return clock;
    }

    /**
     * Decides who may use the admin dashboard under {@code <prefix>/admin}, and which tenants
     * they see.
     */
    public interface AdminAccess {
        /**
         * The tenants the request may administer.
         *
         * @param request the request
         * @return the tenant ids, {@code Set.of("*")} for the platform operator who sees every
         *     tenant, or an empty set to refuse (the dashboard then answers 401 with the
         *     {@link #challenge()})
         */
        Set<String> tenants(HttpServletRequest request);

        /** The {@code WWW-Authenticate} value sent with a 401, or null. */
        default String challenge() {
            return null;
        }

        /**
         * HTTP Basic for the platform operator: user {@code admin} and a password, compared in
         * constant time.
         */
        static AdminAccess basic(String user, String password) {
            return new BasicAdminAccess(user, password);
        }
    }

    /** Configures {@link ConsentOptions}. */
    public static final class Builder {
        private final PolicyRepository policies;
        private TenantResolver tenantResolver = TenantResolver.single();
        private String endpointPrefix = DEFAULT_ENDPOINT_PREFIX;
        private String regionHeader = DEFAULT_REGION_HEADER;
        private String cookieName = DEFAULT_COOKIE_NAME;
        private String nonceAttribute = DEFAULT_NONCE_ATTRIBUTE;
        private String contentSecurityPolicy;
        private ConsentLedger ledger;
        private Function<HttpServletRequest, String> subjectResolver = request -> null;
        private final Set<String> allowedOrigins = new LinkedHashSet<>();
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private AdminAccess adminAccess;
        private Clock clock = Clock.systemUTC();

        private Builder(PolicyRepository policies) {
            this.policies = Objects.requireNonNull(policies, "policies");
        }

        /** How a request is mapped to its organizer (default: a single tenant). */
        public Builder tenantResolver(TenantResolver resolver) {
            this.tenantResolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /**
         * The path prefix of the endpoints (default {@value ConsentOptions#DEFAULT_ENDPOINT_PREFIX}).
         *
         * @throws IllegalArgumentException unless it starts with '/', does not end with '/' and
         *     holds only path characters
         */
        public Builder endpointPrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (!prefix.matches("(/[A-Za-z0-9._~-]+)+")) {
                throw new IllegalArgumentException("endpoint prefix must look like /consent (segments of A-Z a-z 0-9 . _ ~ -), was \""
                        + prefix + "\"");
            }
            this.endpointPrefix = prefix;
            return this;
        }

        /**
         * The trusted header with the visitor's country (default {@value ConsentOptions#DEFAULT_REGION_HEADER}).
         * Only use a header your CDN or proxy always sets or strips: a visitor can send any header.
         */
        public Builder regionHeader(String header) {
            Objects.requireNonNull(header, "header");
            if (!header.matches("[A-Za-z0-9-]+")) {
                throw new IllegalArgumentException("region header must be a header name, was \"" + header + "\"");
            }
            this.regionHeader = header;
            return this;
        }

        /**
         * The consent cookie's base name (default {@value ConsentOptions#DEFAULT_COOKIE_NAME}). A name
         * with the {@code __Host-} prefix (such as {@code __Host-consentkit}) is always sent
         * {@code Secure} with {@code Path=/}, and browsers refuse such a cookie from a sibling
         * subdomain: use it where organizers' pages share a parent domain. {@code __Secure-} names
         * are always sent {@code Secure}.
         */
        public Builder cookieName(String name) {
            Objects.requireNonNull(name, "name");
            String bare = name.startsWith("__Host-") ? name.substring(7) : name.startsWith("__Secure-") ? name.substring(9) : name;
            if (!bare.matches("[A-Za-z0-9_-]{1,40}") || bare.startsWith("__")) {
                throw new IllegalArgumentException("cookie name must be 1 to 40 characters of A-Z a-z 0-9 _ - (optionally after the prefix "
                        + "__Host- or __Secure-) and not otherwise start with __, was \"" + name + "\"");
            }
            this.cookieName = name;
            return this;
        }

        /** The request attribute that holds the page's CSP nonce (default {@value ConsentOptions#DEFAULT_NONCE_ATTRIBUTE}). */
        public Builder nonceAttribute(String attribute) {
            this.nonceAttribute = Objects.requireNonNull(attribute, "attribute");
            return this;
        }

        /**
         * Makes ConsentKit generate a nonce for each rewritten page, put it in the
         * {@linkplain #nonceAttribute nonce attribute} for the application, and send this
         * Content-Security-Policy header with {@code {nonce}} replaced, for example
         * {@code "script-src 'nonce-{nonce}' 'strict-dynamic'; object-src 'none'; base-uri 'self'"}.
         */
        public Builder contentSecurityPolicy(String headerTemplate) {
            Objects.requireNonNull(headerTemplate, "headerTemplate");
            if (!headerTemplate.contains("{nonce}") || headerTemplate.contains("\r") || headerTemplate.contains("\n")) {
                throw new IllegalArgumentException("the Content-Security-Policy template must contain {nonce} and no line breaks");
            }
            this.contentSecurityPolicy = headerTemplate;
            return this;
        }

        /** Where decisions are recorded as proof of consent. */
        public Builder ledger(ConsentLedger ledger) {
            this.ledger = Objects.requireNonNull(ledger, "ledger");
            return this;
        }

        /** The application's reference to the data subject (such as a hashed attendee id), recorded with decisions. */
        public Builder subjectResolver(Function<HttpServletRequest, String> resolver) {
            this.subjectResolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** Allows another origin ({@code https://host[:port]}) to change consent, besides the page's own. */
        public Builder allowOrigin(String origin) {
            Objects.requireNonNull(origin, "origin");
            if (!origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                throw new IllegalArgumentException("origin must look like https://host[:port], was \"" + origin + "\"");
            }
            allowedOrigins.add(origin.toLowerCase(Locale.ROOT));
            return this;
        }

        /** The largest request body an endpoint reads (default 8 KiB); larger ones get 413. */
        public Builder maxBodyBytes(int bytes) {
            if (bytes < 256 || bytes > 1 << 20) {
                throw new IllegalArgumentException("max body bytes must be between 256 and 1048576, was " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /** Turns the admin dashboard under {@code <prefix>/admin} on, guarded by {@code access}. */
        public Builder adminAccess(AdminAccess access) {
            this.adminAccess = Objects.requireNonNull(access, "access");
            return this;
        }

        /** The clock (tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Freezes the options. */
        public ConsentOptions build() {
            return new ConsentOptions(this);
        }
    }
}
