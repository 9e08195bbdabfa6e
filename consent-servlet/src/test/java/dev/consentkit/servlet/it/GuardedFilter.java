package dev.consentkit.servlet.it;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Wraps a filter and records every exception that escapes it from the filter's own code
 * (rethrowing it, so the container sees what it would have seen). What the application below
 * the filter throws passes through the filter unchanged, and is not the filter's failure: it is
 * told apart by identity.
 */
public final class GuardedFilter implements Filter {

    private final Filter filter;
    public final List<Throwable> escaped = new CopyOnWriteArrayList<>();
    private final Set<Throwable> fromApplication = java.util.Collections.newSetFromMap(new java.util.concurrent.ConcurrentHashMap<>());

    public GuardedFilter(Filter filter) {
        this.filter = filter;
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        filter.init(config);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        FilterChain application = (req, res) -> {
            try {
                chain.doFilter(req, res);
            } catch (IOException | RuntimeException | ServletException | Error e) {
                fromApplication.add(e);
                throw e;
            }
        };
        try {
            filter.doFilter(request, response, application);
        } catch (IOException e) {
            throw e; // the client went away: not the filter's failure
        } catch (RuntimeException | ServletException | Error e) {
            if (!fromApplication.remove(e)) {
                escaped.add(e);
            }
            throw e;
        }
    }

    @Override
    public void destroy() {
        filter.destroy();
    }
}
