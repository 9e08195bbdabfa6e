package dev.consentkit.servlet;

import dev.consentkit.core.ledger.ConsentLedger;
import dev.consentkit.servlet.http.ConsentCookies;
import dev.consentkit.servlet.http.ConsentEndpoints;
import dev.consentkit.servlet.http.RuntimeAssets;
import dev.consentkit.servlet.http.UndeclaredNames;
import dev.consentkit.servlet.http.Visitor;
import dev.consentkit.servlet.http.VisitorResolver;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Enforces the visitor's consent on the server, in front of the application's pages.
 *
 * <p>For each request it resolves the organizer (tenant), the page type, the regime of the
 * visitor's region and the visitor's decision from the signed consent cookie, then:
 * <ul>
 *   <li>drops every {@code Set-Cookie} of a category the visitor has not allowed, however the
 *       application sets it, and expires such cookies the request still carries;</li>
 *   <li>on configured pages, streams {@code text/html} through a rewriter that inserts the
 *       browser runtime first in {@code <head>} and neutralises scripts and iframes of
 *       categories not allowed;</li>
 *   <li>answers ConsentKit's own endpoints under the endpoint prefix.</li>
 * </ul>
 * Any internal failure is logged and fails closed: non-necessary cookies are dropped and the
 * application's page is still served.
 *
 * <p>Register it programmatically with {@link #ConsentFilter(ConsentOptions)}, or by class name
 * ({@code web.xml}, zero-config) with init parameters, see {@link FilterSettings}.
 *
 * <p>One instance serves every request concurrently, as the Servlet specification has it: its
 * configuration is fixed at construction with options, or in {@link #init}, and per-request
 * state lives in the request and its response wrapper, never in the filter's fields.
 */
public class ConsentFilter implements Filter {

    private static final Logger LOG = Logger.getLogger(ConsentFilter.class.getName());
    private static final String FILTERED = ConsentFilter.class.getName() + ".FILTERED";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ConsentOptions options;
    private VisitorResolver resolver;
    private ConsentEndpoints endpoints;
    private RuntimeAssets assets;
    private UndeclaredNames undeclared;
    private AutoCloseable owned; // resources this filter created from init parameters
    private volatile String sessionCookieName;

    /** A filter configured from init parameters (or context parameters) when the container initialises it. */
    public ConsentFilter() {
    }

    /**
     * A filter configured in code.
     *
     * @param options the options; the filter is ready at once and {@code init} reads no
     *     parameters
     */
    public ConsentFilter(ConsentOptions options) {
        setUp(options);
    }

    private void setUp(ConsentOptions options) {
        this.options = options;
        this.resolver = new VisitorResolver(options);
        this.assets = new RuntimeAssets();
        this.undeclared = new UndeclaredNames(options.clock());
        RuntimeAssets runtime = this.assets;
        this.endpoints = new ConsentEndpoints(options, resolver, assets, undeclared,
                (visitor, texts, endpoint, assetBase, nonce) -> PageBootstrap.previewMarkup(visitor, texts, endpoint, assetBase, runtime, nonce));
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        if (options != null) {
            return;
        }
        try {
            FilterSettings.Result result = FilterSettings.fromInitParameters(
                    name -> {
                        String v = config.getInitParameter(name);
                        return v != null ? v : config.getServletContext().getInitParameter(name);
                    }, config.getServletContext());
            owned = result.resources();
            setUp(result.options());
        } catch (RuntimeException e) {
            throw new ServletException("ConsentKit cannot start: " + e.getMessage(), e);
        }
    }

    @Override
    public void destroy() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing ConsentKit resources failed", e);
            }
        }
    }

    /**
     * The options in force.
     *
     * @return the options, or null before a parameter-configured filter was initialised
     */
    public ConsentOptions options() {
        return options;
    }

    /** Undeclared names seen on real traffic, per tenant. */
    UndeclaredNames undeclaredNames() {
        return undeclared;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response) || options == null) {
            chain.doFilter(req, res);
            return;
        }
        DispatcherType dispatch = request.getDispatcherType();
        boolean errorPage = dispatch == DispatcherType.ERROR;
        if (!errorPage && (dispatch != DispatcherType.REQUEST || request.getAttribute(FILTERED) != null)) {
            chain.doFilter(request, response); // forwards, includes and async dispatches run inside the first wrapper
            return;
        }
        request.setAttribute(FILTERED, Boolean.TRUE);
        String path = pathOf(request);
        if (!errorPage && endpoints.handles(path)) {
            endpoints.handle(request, response, path);
            return;
        }
        ConsentResponseWrapper wrapper = wrap(request, response, path);
        try {
            chain.doFilter(new ConsentRequestWrapper(request, wrapper), wrapper);
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new Finisher(wrapper));
            } else {
                wrapper.finish();
            }
        }
    }

    /**
     * The request path inside the application: servlet path plus path info, decoded by the
     * container.
     *
     * @param request the request
     * @return the path, {@code /} when both parts are empty
     */
    protected String pathOf(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        if (pathInfo == null || pathInfo.isEmpty()) {
            return servletPath == null || servletPath.isEmpty() ? "/" : servletPath;
        }
        return servletPath == null || servletPath.isEmpty() ? pathInfo : servletPath + pathInfo;
    }

    private ConsentResponseWrapper wrap(HttpServletRequest request, HttpServletResponse response, String path) {
        String sessionCookie = sessionCookieName(request);
        try {
            Visitor visitor = resolver.resolve(request, path);
            SetCookieGate gate = new SetCookieGate(visitor.policy(), visitor.permissions(), visitor.tenant(), path,
                    options.cookieName(), sessionCookie, undeclared);
            List<String> expiries = ConsentCookies.expiries(request, visitor.policy(), visitor.state(), visitor.regime(), visitor.gpc());
            PageElements elements = null;
            if (visitor.pageType() != null && isPageMethod(request.getMethod())) {
                String generated = generatedNonce(request, response);
                elements = new PageElements(visitor, request.getHeader("Accept-Language"),
                        endpointBase(request.getContextPath()), assets,
                        generated != null ? () -> generated : () -> applicationNonce(request), undeclared, options.ledger());
            }
            return new ConsentResponseWrapper(response, gate, expiries, elements, "HEAD".equals(request.getMethod()));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "ConsentKit could not resolve consent for " + path + "; failing closed (only necessary cookies pass)", e);
            SetCookieGate closed = new SetCookieGate(null, null, null, path, options.cookieName(), sessionCookie, undeclared);
            return new ConsentResponseWrapper(response, closed, List.of(), null, false);
        }
    }

    /** The endpoint prefix under the application's context path. */
    private String endpointBase(String contextPath) {
        return contextPath == null || contextPath.isEmpty() ? options.endpointPrefix() : contextPath + options.endpointPrefix();
    }

    private static boolean isPageMethod(String method) {
        return "GET".equals(method) || "POST".equals(method) || "HEAD".equals(method);
    }

    /** A fresh nonce and its CSP header, when ConsentKit is configured to emit CSP; else null. */
    private String generatedNonce(HttpServletRequest request, HttpServletResponse response) {
        if (options.contentSecurityPolicy() != null) {
            byte[] bytes = new byte[18];
            RANDOM.nextBytes(bytes);
            String nonce = Base64.getEncoder().encodeToString(bytes);
            request.setAttribute(options.nonceAttribute(), nonce);
            response.setHeader("Content-Security-Policy", options.contentSecurityPolicy().replace("{nonce}", nonce));
            return nonce;
        }
        return null;
    }

    /** The nonce the application put in the request, read when the head is written (the application may set it late). */
    private String applicationNonce(HttpServletRequest request) {
        Object value = request.getAttribute(options.nonceAttribute());
        if (value == null) {
            return null;
        }
        String nonce = value.toString();
        // a nonce is base64; anything else could break out of the attribute
        return nonce.matches("[A-Za-z0-9+/_=-]{1,128}") ? nonce : null;
    }

    private String sessionCookieName(HttpServletRequest request) {
        String name = sessionCookieName;
        if (name == null) {
            name = "JSESSIONID";
            try {
                ServletContext context = request.getServletContext();
                SessionCookieConfig config = context == null ? null : context.getSessionCookieConfig();
                if (config != null && config.getName() != null && !config.getName().isEmpty()) {
                    name = config.getName();
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.FINE, "cannot read the session cookie name; assuming JSESSIONID", e);
            }
            sessionCookieName = name; // fixed once the context has started
        }
        return name;
    }

    /** Completes the wrapper of an asynchronous request when the container completes it. */
    private static final class Finisher implements AsyncListener {
        private final ConsentResponseWrapper wrapper;

        Finisher(ConsentResponseWrapper wrapper) {
            this.wrapper = wrapper;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            wrapper.finish();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
        }

        @Override
        public void onError(AsyncEvent event) {
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }

    /** The ledger in force, or null. */
    ConsentLedger ledger() {
        return options.ledger();
    }
}
