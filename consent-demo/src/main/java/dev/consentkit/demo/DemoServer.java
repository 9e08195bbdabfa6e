package dev.consentkit.demo;

import dev.consentkit.core.Policy;
import dev.consentkit.core.config.ConfigurationException;
import dev.consentkit.core.config.ConfigurationProblem;
import dev.consentkit.core.config.PolicyLoader;
import dev.consentkit.core.ledger.ConsentLedger;
import dev.consentkit.core.tenant.CachingPolicyRepository;
import dev.consentkit.core.tenant.DirectoryConfigurationStore;
import dev.consentkit.core.tenant.PolicyRepository;
import dev.consentkit.servlet.ConsentFilter;
import dev.consentkit.servlet.ConsentOptions;
import dev.consentkit.servlet.TenantResolver;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.FilterMapping;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The demo webinar site on embedded Jetty 12 (ee10), with ConsentKit's filter in front of it
 * (or, with {@code --without-consent}, without it).
 *
 * <pre>{@code
 * try (DemoServer demo = DemoServer.start(DemoOptions.parse("--port", "0", "--data", dir.toString()))) {
 *     URI site = demo.uri();
 * }
 * }</pre>
 */
public final class DemoServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DemoServer.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final String SITE_SERVLET = "site";

    /** The admin dashboard's user name. */
    public static final String ADMIN_USER = "admin";

    private final Server server;
    private final String adminPassword;
    private final Path configuration;
    private final List<AutoCloseable> resources;

    private DemoServer(Server server, String adminPassword, Path configuration, List<AutoCloseable> resources) {
        this.server = server;
        this.adminPassword = adminPassword;
        this.configuration = configuration;
        this.resources = resources;
    }

    /**
     * Prepares the data folder, loads and checks the configuration of every organizer, and
     * starts the site.
     *
     * @param options the command line
     * @return the running site
     * @throws ConfigurationException when any organizer's configuration has problems (all of
     *     them are listed, with their JSON paths)
     * @throws IOException when the data folder or the port cannot be used
     */
    public static DemoServer start(DemoOptions options) throws Exception {
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            return start(options, resources);
        } catch (Exception | Error e) {
            closeAll(resources);
            throw e;
        }
    }

    private static DemoServer start(DemoOptions options, List<AutoCloseable> resources) throws Exception {
        WebinarCatalog catalog = WebinarCatalog.demo(Clock.systemUTC().instant());
        Attendees attendees = new Attendees();
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setPort(options.port());
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        context.getSessionHandler().setHttpOnly(true);
        context.getSessionHandler().setSameSite(HttpCookie.SameSite.LAX);
        ErrorHandler errors = new ErrorHandler();
        errors.setShowStacks(false);
        errors.setShowMessageInTitle(false);
        server.setErrorHandler(errors);

        String endpointPrefix = ConsentOptions.DEFAULT_ENDPOINT_PREFIX;
        String regionHeader = ConsentOptions.DEFAULT_REGION_HEADER;
        addFilter(context, new OrganizerFilter(catalog, endpointPrefix));
        String password = null;
        Path configuration = null;
        if (!options.withoutConsent()) {
            Files.createDirectories(options.data());
            String key = DemoData.signingKey(options.data());
            PolicyLoader loader = PolicyLoader.builder().environment(environment(key)).build();
            TenantResolver tenants;
            PolicyRepository policies;
            if (options.config() != null && Files.isRegularFile(options.config())) {
                configuration = options.config().toAbsolutePath();
                policies = PolicyRepository.of(loader.load(configuration));
                tenants = TenantResolver.single();
            } else {
                if (options.config() != null && !Files.isDirectory(options.config())) {
                    throw new ConfigurationException(List.of(new ConfigurationProblem(options.config().toString(), "$", 0, 0,
                            "no such file or folder")));
                }
                configuration = options.config() != null ? options.config().toAbsolutePath()
                        : DemoData.extractConfiguration(options.data(), catalog.organizers().stream().map(WebinarCatalog.Organizer::id).toList());
                DirectoryConfigurationStore store = new DirectoryConfigurationStore(configuration);
                resources.add(store);
                CachingPolicyRepository repository = CachingPolicyRepository.builder(store).loader(loader).build();
                resources.add(repository);
                checkEveryTenant(repository);
                policies = repository;
                tenants = OrganizerFilter.resolver(catalog);
            }
            ConsentLedger ledger = DemoLedger.open(options.data());
            if (ledger != null) {
                resources.add(ledger);
            }
            password = options.adminPassword() != null ? options.adminPassword() : generatePassword();
            ConsentOptions.Builder consent = ConsentOptions.builder(policies)
                    .tenantResolver(tenants)
                    .endpointPrefix(endpointPrefix)
                    .regionHeader(regionHeader)
                    .subjectResolver(SiteServlet::subjectOf)
                    .adminAccess(ConsentOptions.AdminAccess.basic(ADMIN_USER, password));
            if (ledger != null) {
                consent.ledger(ledger);
            }
            addFilter(context, new RegionSwitch(regionHeader));
            addFilter(context, new ConsentFilter(consent.build()));
        }
        ServletHolder site = new ServletHolder(SITE_SERVLET, new SiteServlet(catalog, !options.withoutConsent(), attendees, Clock.systemUTC(),
                regionHeader));
        context.addServlet(site, "/");
        ServletHolder assets = new ServletHolder("assets", new AssetServlet());
        for (String mapping : AssetServlet.MAPPINGS) {
            context.addServlet(assets, mapping);
        }
        server.setHandler(context);
        resources.add(0, server::stop);
        server.start();
        return new DemoServer(server, password, configuration, resources);
    }

    /**
     * Puts a filter in front of the site's servlet, which answers every path (ConsentKit's
     * endpoints included) except the static files and the vendors' files. Those set no cookie and
     * are not pages: were ConsentKit to see them, a script loaded by Acme's page would be a
     * request of the platform (its path belongs to no organizer), and the cookies that Acme's
     * visitor allowed, sent along with it, would be expired as not allowed by the platform.
     */
    private static void addFilter(ServletContextHandler context, Filter filter) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setName(filter.getClass().getSimpleName());
        holder.setAsyncSupported(true);
        FilterMapping mapping = new FilterMapping();
        mapping.setFilterName(holder.getName());
        mapping.setServletName(SITE_SERVLET);
        mapping.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC));
        context.getServletHandler().addFilter(holder, mapping);
    }

    /**
     * Loads every organizer's configuration now, so that a problem in any of them stops the demo
     * at start rather than on the first visit to that organizer's pages.
     */
    private static void checkEveryTenant(PolicyRepository policies) {
        List<ConfigurationProblem> problems = new ArrayList<>();
        for (String tenant : policies.tenants()) {
            if (Policy.DEFAULT_TENANT.equals(tenant)) {
                continue; // the repository already loaded it
            }
            try {
                policies.policy(tenant);
            } catch (ConfigurationException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
    }

    /** The environment the configuration sees: the real one first, then the demo's signing key. */
    static Function<String, String> environment(String signingKey) {
        return name -> {
            String real = System.getenv(name);
            if (real != null && !real.isBlank()) {
                return real;
            }
            return DemoData.KEY_VARIABLE.equals(name) ? signingKey : null;
        };
    }

    static String generatePassword() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** @return the port the site listens on */
    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** @return the site's address, such as {@code http://localhost:8080/} */
    public URI uri() {
        return URI.create("http://localhost:" + port() + "/");
    }

    /** @return the admin dashboard's password, or null when ConsentKit is off */
    public String adminPassword() {
        return adminPassword;
    }

    /** @return the configuration file or folder in use, or null when ConsentKit is off */
    public Path configuration() {
        return configuration;
    }

    /**
     * Waits until the server stops.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops the site and closes the ledger and the configuration watcher. */
    @Override
    public void close() {
        closeAll(resources);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "stopping the demo: " + e.getMessage(), e);
            }
        }
        resources.clear();
    }
}
