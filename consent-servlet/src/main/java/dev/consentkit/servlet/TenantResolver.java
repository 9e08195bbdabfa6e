package dev.consentkit.servlet;

import dev.consentkit.core.Policy;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Maps a request to the organizer (tenant) whose configuration governs it. Each organizer is the
 * controller of its attendees' data, so consent given to one never counts for another.
 *
 * <p>A resolver returns a tenant identifier, or null for the platform default
 * ({@value Policy#DEFAULT_TENANT}). It must be fast, must not throw, and is called concurrently
 * from request threads, so it must be thread-safe; the resolvers made by the factory methods are.
 */
@FunctionalInterface
public interface TenantResolver {

    /**
     * The tenant of a request.
     *
     * @param request the request
     * @param path the request path inside the application (no context path), already decoded;
     *     for ConsentKit's own endpoints, the path of the page the decision is about
     * @return the tenant identifier, or null for the platform default
     */
    String resolve(HttpServletRequest request, String path);

    /**
     * Every request belongs to the platform default: a single-site application.
     *
     * @return a resolver that always answers null
     */
    static TenantResolver single() {
        return (request, path) -> null;
    }

    /**
     * The tenant is a request attribute that the application sets in a filter or listener that
     * runs before ConsentKit's filter.
     *
     * @param attributeName the attribute; its value's {@code toString()} is the tenant id
     * @return a resolver reading that attribute; null (the platform default) when it is not set
     */
    static TenantResolver byRequestAttribute(String attributeName) {
        Objects.requireNonNull(attributeName, "attributeName");
        return (request, path) -> {
            Object value = request.getAttribute(attributeName);
            return value == null ? null : value.toString();
        };
    }

    /**
     * The tenant is chosen by the host name the request was made to.
     *
     * @param tenantsByHost lower-case host name (without port) to tenant id
     * @return a resolver by {@code request.getServerName()}; null (the platform default) for
     *     other hosts
     */
    static TenantResolver byHost(Map<String, String> tenantsByHost) {
        Map<String, String> copy = Map.copyOf(tenantsByHost);
        return (request, path) -> {
            String host = request.getServerName();
            return host == null ? null : copy.get(host.toLowerCase(Locale.ROOT));
        };
    }

    /**
     * The tenant is a segment of the path: with {@code index} 1, {@code /o/acme/webinars/x}
     * belongs to {@code acme}.
     *
     * @param index the 0-based index of the segment
     * @return a resolver by path segment; null (the platform default) when the path is shorter
     * @throws IllegalArgumentException when {@code index} is negative
     */
    static TenantResolver byPathSegment(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("segment index must not be negative: " + index);
        }
        return (request, path) -> {
            if (path == null) {
                return null;
            }
            int segment = -1;
            int start = 0;
            for (int i = 0; i <= path.length(); i++) {
                if (i == path.length() || path.charAt(i) == '/') {
                    if (i > start) {
                        segment++;
                        if (segment == index) {
                            return path.substring(start, i);
                        }
                    }
                    start = i + 1;
                }
            }
            return null;
        };
    }
}
