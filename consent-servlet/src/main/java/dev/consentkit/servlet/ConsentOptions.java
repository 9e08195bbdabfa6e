package dev.consentkit.servlet;

import dev.consentkit.core.ledger.ConsentLedger;
import dev.consentkit.core.tenant.OrganizerSettings;
import dev.consentkit.core.tenant.PolicyRepository;
import jakarta.servlet.http.HttpServletRequest;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
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
 *
 * <p>Immutable and thread-safe once built; the {@link Builder} is not thread-safe. The callbacks
 * it holds (tenant resolver, subject resolver, admin access) are called concurrently from request
 * threads and must be thread-safe themselves.
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
    private final OrganizerSettings settings;
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
        this.settings = b.settings;
        this.clock = b.clock;
        if (settings != null && adminAccess == null) {
            throw new IllegalStateException("the settings screen needs admin access: set adminAccess(...) too");
        }
    }

    /**
     * Starts building options around the tenants' policies.
     *
     * @param policies the tenants' policies
     * @return the builder
     */
    public static Builder builder(PolicyRepository policies) {
        return new Builder(policies);
    }

    /** {@return the tenants' policies} */
    public PolicyRepository policies() {
        return policies;
    }

    /** {@return how a request is mapped to its organizer} */
    public TenantResolver tenantResolver() {
        return tenantResolver;
    }

    /** {@return the path prefix of the endpoints, such as {@code /consent}} */
    public String endpointPrefix() {
        return endpointPrefix;
    }

    /** {@return the trusted request header that carries the visitor's ISO country code} */
    public String regionHeader() {
        return regionHeader;
    }

    /** {@return the consent cookie's name for the platform default tenant} */
    public String cookieName() {
        return cookieName;
    }

    /**
     * The consent cookie's name for {@code tenant}: the base name, plus {@code _<tenant>} for others.
     *
     * @param tenant the tenant, or null for the platform default
     * @return the cookie's name
     */
    public String cookieName(String tenant) {
        return tenant == null || dev.consentkit.core.Policy.DEFAULT_TENANT.equals(tenant) ? cookieName : cookieName + "_" + tenant;
    }

    /** {@return the request attribute that holds the page's CSP nonce} */
    public String nonceAttribute() {
        return nonceAttribute;
    }

    /**
     * The Content-Security-Policy header ConsentKit emits on rewritten pages, with
     * {@code {nonce}} replaced by a fresh nonce per response; null when the application manages
     * CSP itself (the default).
     *
     * @return the header template, or null
     */
    public String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    /** {@return where decisions are recorded, or null when they are not} */
    public ConsentLedger ledger() {
        return ledger;
    }

    /** {@return the application's reference to the data subject of a request, recorded with decisions} */
    public Function<HttpServletRequest, String> subjectResolver() {
        return subjectResolver;
    }

    /** {@return extra origins ({@code https://host[:port]}) allowed to change consent besides the page's own} */
    public Set<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** {@return the largest request body an endpoint reads} */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** {@return who may open {@code <prefix>/admin}; null when the dashboard is off} */
    public AdminAccess adminAccess() {
        return adminAccess;
    }

    /** {@return the organizers' settings behind {@code <prefix>/admin/settings}; null when the settings screen is off} */
    public OrganizerSettings settings() {
        return settings;
    }

    /** {@return the clock} */
    public Clock clock() {
        return clock;
    }

    /**
     * Decides who may use the admin dashboard and the settings screen under
     * {@code <prefix>/admin}, and which tenants they see. The application says who the user is:
     * with HTTP Basic ({@link #basic}, {@link #basicUsers}), a request attribute its own sign-in
     * sets ({@link #byRequestAttribute}) or the container's roles ({@link #byRoles}).
     */
    public interface AdminAccess {

        /** The tenant set of the platform operator, who administers every tenant. */
        String EVERY_TENANT = "*";

        /**
         * The tenants the request may administer.
         *
         * @param request the request
         * @return the tenant ids, {@code Set.of("*")} for the platform operator who sees every
         *     tenant, or an empty set to refuse (the dashboard then answers 401 with the
         *     {@link #challenge()})
         */
        Set<String> tenants(HttpServletRequest request);

        /**
         * Who the signed-in user is, as the settings history names the author of a version.
         *
         * @param request a request {@link #tenants} admitted
         * @return the user's name; by default the container's remote user, or null
         */
        default String user(HttpServletRequest request) {
            return request.getRemoteUser();
        }

        /**
         * The {@code WWW-Authenticate} value sent with a 401, or null.
         *
         * @return the challenge, or null
         */
        default String challenge() {
            return null;
        }

        /**
         * HTTP Basic for the platform operator: one user and a password, compared in constant
         * time.
         *
         * @param user the user name, such as {@code admin}
         * @param password at least 8 characters
         * @return the access
         */
        static AdminAccess basic(String user, String password) {
            return new BasicAdminAccess(user, password);
        }

        /**
         * HTTP Basic for several users, each with its password and the tenants it administers:
         * {@code Set.of("*")} for the platform operator, an organizer's own tenant id for an
         * organizer.
         *
         * <pre>{@code
         * AdminAccess.basicUsers(Map.of(
         *     "admin", new Account(operatorPassword, Set.of("*")),
         *     "acme", new Account(acmePassword, Set.of("acme"))))
         * }</pre>
         *
         * @param accounts user name to account
         * @return the access
         * @throws IllegalArgumentException when there is no user, a name is empty or has ':', or
         *     a password is shorter than 8 characters
         */
        static AdminAccess basicUsers(Map<String, Account> accounts) {
            return new BasicAdminAccess(new LinkedHashMap<>(accounts));
        }

        /**
         * Access the application decides itself, after its own sign-in: it puts the tenants the
         * signed-in user administers into a request attribute, as one tenant id, {@code "*"}
         * for every tenant, or a collection of ids. Without the attribute the request is refused
         * (401, without a challenge: the application's sign-in is elsewhere).
         *
         * @param name the request attribute
         * @return the access
         */
        static AdminAccess byRequestAttribute(String name) {
            Objects.requireNonNull(name, "name");
            return request -> {
                Object value = request.getAttribute(name);
                if (value instanceof String s && !s.isEmpty()) {
                    return Set.of(s);
                }
                if (value instanceof Collection<?> c) {
                    Set<String> ids = new LinkedHashSet<>();
                    for (Object o : c) {
                        if (o instanceof String s && !s.isEmpty()) {
                            ids.add(s);
                        }
                    }
                    return Set.copyOf(ids);
                }
                return Set.of();
            };
        }

        /**
         * Access by the container's roles ({@link HttpServletRequest#isUserInRole}): each role
         * grants its tenants, and a user gets those of every role it has.
         *
         * <pre>{@code
         * AdminAccess.byRoles(Map.of("platform-admin", Set.of("*"), "acme-admin", Set.of("acme")))
         * }</pre>
         *
         * @param roles role name to the tenants it administers
         * @return the access
         */
        static AdminAccess byRoles(Map<String, Set<String>> roles) {
            Map<String, Set<String>> copy = new LinkedHashMap<>();
            roles.forEach((role, tenants) -> copy.put(Objects.requireNonNull(role, "role"), Set.copyOf(tenants)));
            return request -> {
                Set<String> ids = new LinkedHashSet<>();
                copy.forEach((role, tenants) -> {
                    if (request.isUserInRole(role)) {
                        ids.addAll(tenants);
                    }
                });
                return ids.contains(EVERY_TENANT) ? Set.of(EVERY_TENANT) : Set.copyOf(ids);
            };
        }

        /**
         * One HTTP Basic user's password and tenants.
         *
         * @param password at least 8 characters
         * @param tenants the tenants the user administers; {@code "*"} for every tenant
         */
        record Account(String password, Set<String> tenants) {
            /**
             * Validates and copies the components.
             *
             * @param password at least 8 characters (checked by {@link #basicUsers})
             * @param tenants at least one tenant, or {@code "*"}
             */
            public Account {
                Objects.requireNonNull(password, "password");
                tenants = Set.copyOf(tenants);
                if (tenants.isEmpty()) {
                    throw new IllegalArgumentException("an admin account needs at least one tenant (or \"*\" for every tenant)");
                }
            }

            @Override
            public String toString() {
                return "Account[tenants=" + tenants + "]"; // never the password
            }
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
        private OrganizerSettings settings;
        private Clock clock = Clock.systemUTC();

        private Builder(PolicyRepository policies) {
            this.policies = Objects.requireNonNull(policies, "policies");
        }

        /**
         * How a request is mapped to its organizer (default: a single tenant).
         *
         * @param resolver the resolver
         * @return this builder
         */
        public Builder tenantResolver(TenantResolver resolver) {
            this.tenantResolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /**
         * The path prefix of the endpoints (default {@value ConsentOptions#DEFAULT_ENDPOINT_PREFIX}).
         *
         * @param prefix such as {@code /consent}
         * @return this builder
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
         *
         * @param header the header name
         * @return this builder
         * @throws IllegalArgumentException when it is not a header name
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
         *
         * @param name the name
         * @return this builder
         * @throws IllegalArgumentException when it is not a usable cookie name
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

        /**
         * The request attribute that holds the page's CSP nonce (default {@value ConsentOptions#DEFAULT_NONCE_ATTRIBUTE}).
         *
         * @param attribute the request attribute
         * @return this builder
         */
        public Builder nonceAttribute(String attribute) {
            this.nonceAttribute = Objects.requireNonNull(attribute, "attribute");
            return this;
        }

        /**
         * Makes ConsentKit generate a nonce for each rewritten page, put it in the
         * {@linkplain #nonceAttribute nonce attribute} for the application, and send this
         * Content-Security-Policy header with {@code {nonce}} replaced, for example
         * {@code "script-src 'nonce-{nonce}' 'strict-dynamic'; object-src 'none'; base-uri 'self'"}.
         *
         * @param headerTemplate the header, with {@code {nonce}}
         * @return this builder
         * @throws IllegalArgumentException without {@code {nonce}}, or with a line break
         */
        public Builder contentSecurityPolicy(String headerTemplate) {
            Objects.requireNonNull(headerTemplate, "headerTemplate");
            if (!headerTemplate.contains("{nonce}") || headerTemplate.contains("\r") || headerTemplate.contains("\n")) {
                throw new IllegalArgumentException("the Content-Security-Policy template must contain {nonce} and no line breaks");
            }
            this.contentSecurityPolicy = headerTemplate;
            return this;
        }

        /**
         * Where decisions are recorded as proof of consent.
         *
         * @param ledger the ledger
         * @return this builder
         */
        public Builder ledger(ConsentLedger ledger) {
            this.ledger = Objects.requireNonNull(ledger, "ledger");
            return this;
        }

        /**
         * The application's reference to the data subject (such as a hashed attendee id), recorded with decisions.
         *
         * @param resolver the resolver
         * @return this builder
         */
        public Builder subjectResolver(Function<HttpServletRequest, String> resolver) {
            this.subjectResolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /**
         * Allows another origin ({@code https://host[:port]}) to change consent, besides the page's own.
         *
         * @param origin the origin, such as {@code https://example.org}
         * @return this builder
         */
        public Builder allowOrigin(String origin) {
            Objects.requireNonNull(origin, "origin");
            if (!origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
                throw new IllegalArgumentException("origin must look like https://host[:port], was \"" + origin + "\"");
            }
            allowedOrigins.add(origin.toLowerCase(Locale.ROOT));
            return this;
        }

        /**
         * The largest request body an endpoint reads (default 8 KiB); larger ones get 413.
         *
         * @param bytes the limit, 256 to 1048576
         * @return this builder
         */
        public Builder maxBodyBytes(int bytes) {
            if (bytes < 256 || bytes > 1 << 20) {
                throw new IllegalArgumentException("max body bytes must be between 256 and 1048576, was " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /**
         * Turns the admin dashboard under {@code <prefix>/admin} on, guarded by {@code access}.
         *
         * @param access who may use the dashboard
         * @return this builder
         */
        public Builder adminAccess(AdminAccess access) {
            this.adminAccess = Objects.requireNonNull(access, "access");
            return this;
        }

        /**
         * Turns the settings screen under {@code <prefix>/admin/settings} on: organizers edit
         * their own configuration there, guarded by the {@linkplain #adminAccess admin access}.
         *
         * @param settings the settings, over the store the {@linkplain #builder policy repository} loads from
         * @return this builder
         */
        public Builder settings(OrganizerSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * The clock (tests).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Freezes the options.
         *
         * @return the options
         * @throws IllegalStateException when the settings screen is on without admin access
         */
        public ConsentOptions build() {
            return new ConsentOptions(this);
        }
    }
}
