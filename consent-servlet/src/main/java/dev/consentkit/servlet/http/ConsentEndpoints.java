package dev.consentkit.servlet.http;

import dev.consentkit.core.config.ConfigurationException;
import dev.consentkit.servlet.ConsentOptions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Routes the requests ConsentKit answers itself: everything under the endpoint prefix, and
 * {@code /.well-known/gpc.json}. Every failure is a JSON 4xx/5xx; no stack trace ever reaches
 * the client.
 */
public final class ConsentEndpoints {

    private static final Logger LOG = Logger.getLogger(ConsentEndpoints.class.getName());

    /** The Global Privacy Control support resource. */
    public static final String GPC_PATH = "/.well-known/gpc.json";

    private final ConsentOptions options;
    private final StateEndpoint state;
    private final DeclarationEndpoint declaration;
    private final ReportEndpoint report;
    private final RuntimeAssets assets;
    private final AdminEndpoint admin; // null when the dashboard is off

    /**
     * Creates the endpoints, without the settings screen's preview.
     *
     * @param options the options in force
     * @param resolver resolves visitors
     * @param assets the runtime's assets
     * @param undeclared undeclared names seen on real traffic
     */
    public ConsentEndpoints(ConsentOptions options, VisitorResolver resolver, RuntimeAssets assets, UndeclaredNames undeclared) {
        this(options, resolver, assets, undeclared, null);
    }

    /**
     * Creates the endpoints.
     *
     * @param options the options in force
     * @param resolver resolves visitors
     * @param assets the runtime's assets
     * @param undeclared undeclared names seen on real traffic
     * @param preview writes the runtime's bootstrap for the settings screen's preview; null for none
     */
    public ConsentEndpoints(ConsentOptions options, VisitorResolver resolver, RuntimeAssets assets, UndeclaredNames undeclared,
                            BootstrapMarkup preview) {
        this.options = options;
        this.state = new StateEndpoint(options, resolver);
        this.declaration = new DeclarationEndpoint(resolver);
        this.report = new ReportEndpoint(options, resolver, undeclared);
        this.assets = assets;
        this.admin = options.adminAccess() == null ? null : new AdminEndpoint(options, undeclared, preview);
    }

    /**
     * Whether {@code path} (application-relative) is one of ConsentKit's own.
     *
     * @param path an application-relative path
     * @return true for {@code /.well-known/gpc.json} and for the endpoint prefix and paths
     *     under it
     */
    public boolean handles(String path) {
        String prefix = options.endpointPrefix();
        return GPC_PATH.equals(path)
                || (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/'));
    }

    /**
     * Answers a request for one of {@link #handles(String) ConsentKit's paths}.
     *
     * @param request the request
     * @param response the response; on a client error a 4xx JSON body
     *     {@code {"error","message"}}
     * @param path the application-relative path, one that {@link #handles(String)} accepts
     * @throws IOException when the response cannot be written
     */
    public void handle(HttpServletRequest request, HttpServletResponse response, String path) throws IOException {
        try {
            route(request, response, path);
            EndpointRequest.discardBody(request, response, options.maxBodyBytes());
        } catch (EndpointRequest.BadRequest e) {
            Json.error(response, 400, "bad-request", e.getMessage());
        } catch (ConfigurationException e) {
            LOG.log(Level.SEVERE, "consent configuration unavailable for " + path, e);
            Json.error(response, 503, "configuration-unavailable", "this organizer's consent configuration cannot be loaded");
        } catch (IOException e) {
            throw e; // the client went away; nothing to answer
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "ConsentKit endpoint failed for " + request.getMethod() + " " + path, e);
            Json.error(response, 500, "internal-error", "the request could not be handled");
        }
    }

    private void route(HttpServletRequest request, HttpServletResponse response, String path) throws IOException {
        String method = request.getMethod();
        if (GPC_PATH.equals(path)) {
            if (!isRead(method)) {
                methodNotAllowed(response, "GET, HEAD");
                return;
            }
            Json.send(response, 200, "public, max-age=86400", g -> {
                g.writeStartObject();
                g.writeBooleanField("gpc", true);
                g.writeStringField("lastUpdate", "2026-11-29");
                g.writeEndObject();
            });
            return;
        }
        String sub = path.substring(options.endpointPrefix().length());
        switch (sub) {
            case "/state" -> {
                switch (method) {
                    case "GET", "HEAD" -> state.get(request, response);
                    case "POST" -> {
                        if (checkOrigin(request, response)) {
                            state.post(request, response);
                        }
                    }
                    case "DELETE" -> {
                        if (checkOrigin(request, response)) {
                            state.delete(request, response);
                        }
                    }
                    default -> methodNotAllowed(response, "GET, HEAD, POST, DELETE");
                }
            }
            case "/cookies" -> {
                if (isRead(method)) {
                    declaration.html(request, response);
                } else {
                    methodNotAllowed(response, "GET, HEAD");
                }
            }
            case "/cookies.json" -> {
                if (isRead(method)) {
                    declaration.json(request, response);
                } else {
                    methodNotAllowed(response, "GET, HEAD");
                }
            }
            case "/report" -> {
                if ("POST".equals(method)) {
                    if (checkOrigin(request, response)) {
                        report.post(request, response);
                    }
                } else {
                    methodNotAllowed(response, "POST");
                }
            }
            default -> {
                if (admin != null && (sub.equals("/admin") || sub.startsWith("/admin/"))) {
                    admin.handle(request, response, sub);
                } else if (sub.startsWith("/assets/")) {
                    if (!isRead(method)) {
                        methodNotAllowed(response, "GET, HEAD");
                    } else if (!assets.serve(sub.substring("/assets/".length()), request, response)) {
                        Json.error(response, 404, "not-found", "no such asset; the runtime's current assets are "
                                + assets.scriptName() + " and " + assets.stylesheetName());
                    }
                } else {
                    Json.error(response, 404, "not-found", "no ConsentKit endpoint at " + options.endpointPrefix() + truncate(sub));
                }
            }
        }
    }

    private boolean checkOrigin(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (EndpointRequest.sameOrigin(request, options.allowedOrigins())) {
            return true;
        }
        Json.error(response, 403, "forbidden-origin", !EndpointRequest.hasOriginSignal(request)
                ? "consent can only be changed from the site's own pages: send the Origin header of the page"
                        + " (browsers send it on every POST and DELETE)"
                : "consent can only be changed from the site's own pages (the Origin of the request is not this site)");
        return false;
    }

    private static boolean isRead(String method) {
        return "GET".equals(method) || "HEAD".equals(method);
    }

    private static void methodNotAllowed(HttpServletResponse response, String allow) throws IOException {
        response.setHeader("Allow", allow);
        Json.error(response, 405, "method-not-allowed", "use " + allow);
    }

    private static String truncate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
