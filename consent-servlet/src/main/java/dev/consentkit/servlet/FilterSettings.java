package dev.consentkit.servlet;

import dev.consentkit.core.config.PolicyLoader;
import dev.consentkit.core.ledger.ConsentLedger;
import dev.consentkit.core.ledger.JdbcConsentLedger;
import dev.consentkit.core.tenant.CachingPolicyRepository;
import dev.consentkit.core.tenant.DirectoryConfigurationStore;
import dev.consentkit.core.tenant.PolicyRepository;
import jakarta.servlet.ServletContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Builds {@link ConsentOptions} from filter init parameters or context parameters, for
 * {@code web.xml} and zero-config registration. The parameters:
 *
 * <table>
 *   <caption>Init parameters</caption>
 *   <tr><th>name</th><th>meaning</th></tr>
 *   <tr><td>{@value #CONFIG}</td><td>required: a JSON configuration file (one tenant), or a folder
 *       with {@code default.json} and one {@code <tenant>.json} per organizer</td></tr>
 *   <tr><td>{@value #TENANT_RESOLVER}</td><td>{@code single} (default), {@code attribute:NAME},
 *       {@code path:INDEX} or {@code host:example.org=acme,other.org=globex}</td></tr>
 *   <tr><td>{@value #ENDPOINT_PREFIX}</td><td>default {@code /consent}</td></tr>
 *   <tr><td>{@value #REGION_HEADER}</td><td>default {@code CF-IPCountry}</td></tr>
 *   <tr><td>{@value #COOKIE_NAME}</td><td>default {@code consentkit}</td></tr>
 *   <tr><td>{@value #NONCE_ATTRIBUTE}</td><td>default {@code cspNonce}</td></tr>
 *   <tr><td>{@value #CONTENT_SECURITY_POLICY}</td><td>a CSP header template with {@code {nonce}}</td></tr>
 *   <tr><td>{@value #ADMIN_PASSWORD}</td><td>turns on the admin dashboard for user {@code admin}</td></tr>
 *   <tr><td>{@value #LEDGER_DATA}</td><td>records decisions in an embedded H2 database (and its
 *       journal) under this folder</td></tr>
 *   <tr><td>{@value #LEDGER_URL}</td><td>records decisions in this JDBC database (PostgreSQL in
 *       production); with {@value #LEDGER_USER}, {@value #LEDGER_PASSWORD_ENV} (the name of an
 *       environment variable holding the password) and {@value #LEDGER_JOURNAL} (the local
 *       journal folder, required)</td></tr>
 * </table>
 */
public final class FilterSettings {

    /** Init parameter: the configuration file or folder. */
    public static final String CONFIG = "consentkit.config";
    /** Init parameter: how requests map to tenants. */
    public static final String TENANT_RESOLVER = "consentkit.tenantResolver";
    /** Init parameter: the endpoint prefix. */
    public static final String ENDPOINT_PREFIX = "consentkit.endpointPrefix";
    /** Init parameter: the trusted region header. */
    public static final String REGION_HEADER = "consentkit.regionHeader";
    /** Init parameter: the consent cookie's base name. */
    public static final String COOKIE_NAME = "consentkit.cookieName";
    /** Init parameter: the request attribute with the CSP nonce. */
    public static final String NONCE_ATTRIBUTE = "consentkit.nonceAttribute";
    /** Init parameter: a Content-Security-Policy template to emit. */
    public static final String CONTENT_SECURITY_POLICY = "consentkit.contentSecurityPolicy";
    /** Init parameter: the admin dashboard's password. */
    public static final String ADMIN_PASSWORD = "consentkit.admin.password";
    /** Init parameter: a folder for an embedded H2 ledger. */
    public static final String LEDGER_DATA = "consentkit.ledger.dataDirectory";
    /** Init parameter: the JDBC URL of the ledger database. */
    public static final String LEDGER_URL = "consentkit.ledger.url";
    /** Init parameter: the ledger database user. */
    public static final String LEDGER_USER = "consentkit.ledger.user";
    /** Init parameter: the environment variable holding the ledger database password. */
    public static final String LEDGER_PASSWORD_ENV = "consentkit.ledger.passwordEnv";
    /** Init parameter: the folder of the ledger's local journal. */
    public static final String LEDGER_JOURNAL = "consentkit.ledger.journal";

    private static final Logger LOG = Logger.getLogger(FilterSettings.class.getName());

    private FilterSettings() {
    }

    /** Options and the resources created for them, to close with the filter. */
    record Result(ConsentOptions options, AutoCloseable resources) {
    }

    static Result fromInitParameters(Function<String, String> parameters, ServletContext context) {
        String config = parameters.apply(CONFIG);
        if (config == null || config.isBlank()) {
            throw new IllegalArgumentException("init parameter " + CONFIG + " is required: the path of the JSON configuration "
                    + "file, or of a folder with default.json and one <tenant>.json per organizer");
        }
        Path path = Path.of(config.trim());
        if (!path.isAbsolute() && context != null && context.getRealPath("/") != null && !Files.exists(path)) {
            String real = context.getRealPath(config.trim());
            if (real != null) {
                path = Path.of(real);
            }
        }
        PolicyRepository policies;
        if (Files.isDirectory(path)) {
            policies = CachingPolicyRepository.builder(new DirectoryConfigurationStore(path)).build();
        } else if (Files.isRegularFile(path)) {
            policies = PolicyRepository.of(PolicyLoader.create().load(path));
        } else {
            throw new IllegalArgumentException(CONFIG + " " + path.toAbsolutePath() + " is neither a file nor a folder");
        }
        ConsentOptions.Builder b = ConsentOptions.builder(policies);
        String resolver = parameters.apply(TENANT_RESOLVER);
        if (resolver != null && !resolver.isBlank()) {
            b.tenantResolver(parseResolver(resolver.trim()));
        }
        apply(parameters, ENDPOINT_PREFIX, b::endpointPrefix);
        apply(parameters, REGION_HEADER, b::regionHeader);
        apply(parameters, COOKIE_NAME, b::cookieName);
        apply(parameters, NONCE_ATTRIBUTE, b::nonceAttribute);
        apply(parameters, CONTENT_SECURITY_POLICY, b::contentSecurityPolicy);
        String password = parameters.apply(ADMIN_PASSWORD);
        if (password != null && !password.isBlank()) {
            b.adminAccess(ConsentOptions.AdminAccess.basic("admin", password));
        }
        ConsentLedger ledger = ledger(parameters);
        if (ledger != null) {
            b.ledger(ledger);
        } else {
            LOG.warning("ConsentKit: no consent ledger configured (" + LEDGER_DATA + " or " + LEDGER_URL + "); decisions are "
                    + "enforced but not recorded as proof of consent");
        }
        AutoCloseable resources = () -> {
            try (policies) {
                if (ledger != null) {
                    ledger.close();
                }
            }
        };
        return new Result(b.build(), resources);
    }

    private static ConsentLedger ledger(Function<String, String> parameters) {
        String data = parameters.apply(LEDGER_DATA);
        String url = parameters.apply(LEDGER_URL);
        if (data != null && !data.isBlank() && url != null && !url.isBlank()) {
            throw new IllegalArgumentException("give either " + LEDGER_DATA + " or " + LEDGER_URL + ", not both");
        }
        if (data != null && !data.isBlank()) {
            return JdbcConsentLedger.h2(Path.of(data.trim()));
        }
        if (url == null || url.isBlank()) {
            return null;
        }
        String journal = parameters.apply(LEDGER_JOURNAL);
        if (journal == null || journal.isBlank()) {
            throw new IllegalArgumentException(LEDGER_URL + " needs " + LEDGER_JOURNAL + ": a local folder where decisions are made "
                    + "durable before they reach the database");
        }
        String passwordEnv = parameters.apply(LEDGER_PASSWORD_ENV);
        String password = passwordEnv == null || passwordEnv.isBlank() ? null : System.getenv(passwordEnv.trim());
        if (passwordEnv != null && !passwordEnv.isBlank() && password == null) {
            throw new IllegalArgumentException(LEDGER_PASSWORD_ENV + ": environment variable " + passwordEnv.trim() + " is not set");
        }
        String user = parameters.apply(LEDGER_USER);
        return JdbcConsentLedger.builder()
                .url(url.trim(), user == null ? null : user.trim(), password)
                .journalDirectory(Path.of(journal.trim()))
                .build();
    }

    private static void apply(Function<String, String> parameters, String name, Function<String, ConsentOptions.Builder> setter) {
        String value = parameters.apply(name);
        if (value != null && !value.isBlank()) {
            try {
                setter.apply(value.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("init parameter " + name + ": " + e.getMessage(), e);
            }
        }
    }

    static TenantResolver parseResolver(String spec) {
        if (spec.equals("single")) {
            return TenantResolver.single();
        }
        if (spec.startsWith("attribute:") && spec.length() > "attribute:".length()) {
            return TenantResolver.byRequestAttribute(spec.substring("attribute:".length()));
        }
        if (spec.startsWith("path:")) {
            try {
                return TenantResolver.byPathSegment(Integer.parseInt(spec.substring("path:".length())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(TENANT_RESOLVER + " path:INDEX needs a number, was \"" + spec + "\"");
            }
        }
        if (spec.startsWith("host:")) {
            Map<String, String> hosts = new LinkedHashMap<>();
            for (String pair : spec.substring("host:".length()).split(",")) {
                String[] kv = pair.trim().split("=", 2);
                if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                    throw new IllegalArgumentException(TENANT_RESOLVER + " host: needs host=tenant pairs separated by commas, was \"" + spec + "\"");
                }
                hosts.put(kv[0].trim().toLowerCase(java.util.Locale.ROOT), kv[1].trim());
            }
            return TenantResolver.byHost(hosts);
        }
        throw new IllegalArgumentException(TENANT_RESOLVER + " must be single, attribute:NAME, path:INDEX or host:HOST=TENANT,..., was \""
                + spec + "\"");
    }
}
