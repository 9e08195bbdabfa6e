package dev.consentkit.demo;

import dev.consentkit.servlet.TenantResolver;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;

/**
 * Runs before ConsentKit's filter and tells it whose page a request is: it puts the organizer
 * (tenant) of the request path into the request attribute {@value #ATTRIBUTE}, which ConsentKit
 * reads with {@link TenantResolver#byRequestAttribute}. The pages read it too.
 */
final class OrganizerFilter implements Filter {

    /** The request attribute that holds the organizer id. */
    static final String ATTRIBUTE = "dev.consentkit.demo.organizer";

    private final WebinarCatalog catalog;
    private final String endpointPrefix;

    OrganizerFilter(WebinarCatalog catalog, String endpointPrefix) {
        this.catalog = catalog;
        this.endpointPrefix = endpointPrefix;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (req instanceof HttpServletRequest request) {
            String path = pathOf(request);
            // ConsentKit's own endpoints are about another page (their "page" field or Referer),
            // which only ConsentKit knows: leave the attribute unset, see resolver()
            if (RegionSwitch.PATH.equals(path)) {
                // the region switch is an action on the page it returns to, and belongs to that page's organizer
                String back = Html.localPath(request.getParameter("back"), "/");
                int query = back.indexOf('?');
                request.setAttribute(ATTRIBUTE, catalog.tenantOf(query < 0 ? back : back.substring(0, query)));
            } else if (!isEndpoint(path)) {
                request.setAttribute(ATTRIBUTE, catalog.tenantOf(path));
            }
        }
        chain.doFilter(req, res);
    }

    private boolean isEndpoint(String path) {
        return path.equals(endpointPrefix) || path.startsWith(endpointPrefix + "/") || path.startsWith("/.well-known/");
    }

    /**
     * The tenant resolver for ConsentKit: the request attribute this filter set for page
     * requests; for ConsentKit's endpoints, which carry the page they are about, the organizer of
     * that page's path.
     */
    static TenantResolver resolver(WebinarCatalog catalog) {
        TenantResolver byAttribute = TenantResolver.byRequestAttribute(ATTRIBUTE);
        return (request, path) -> request.getAttribute(ATTRIBUTE) != null
                ? byAttribute.resolve(request, path)
                : catalog.tenantOf(path);
    }

    static String pathOf(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        return path.isEmpty() ? "/" : path;
    }
}
