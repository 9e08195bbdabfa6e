package dev.consentkit.servlet.http;

import dev.consentkit.core.ConsentState;
import dev.consentkit.core.PageType;
import dev.consentkit.core.Permissions;
import dev.consentkit.core.Policy;
import dev.consentkit.core.Regime;
import dev.consentkit.servlet.ConsentOptions;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Locale;

/** Resolves the {@link Visitor} of a request: tenant, policy, page type, regime and decision. */
public final class VisitorResolver {

    private final ConsentOptions options;

    /**
     * Creates a resolver.
     *
     * @param options the filter's options: regions, GPC and the policy repository
     */
    public VisitorResolver(ConsentOptions options) {
        this.options = options;
    }

    /**
     * Resolves a visitor.
     *
     * @param request the request
     * @param path the path of the page the request is about
     * @return the visitor
     * @throws dev.consentkit.core.config.ConfigurationException when the tenant's configuration
     *     never loaded (callers fail closed)
     */
    public Visitor resolve(HttpServletRequest request, String path) {
        String tenantId = options.tenantResolver().resolve(request, path);
        Policy policy = options.policies().policy(tenantId);
        String tenant = policy.tenant();
        PageType pageType = policy.pageTypeFor(path);
        String region = region(request.getHeader(options.regionHeader()));
        Regime regime = policy.regimeFor(region);
        boolean gpc = "1".equals(request.getHeader("Sec-GPC"));
        ConsentState state = null;
        ConsentState outdated = null;
        String cookieName = options.cookieName(tenant);
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (!cookieName.equals(cookie.getName())) {
                    continue;
                }
                ConsentState decoded = policy.decodeState(cookie.getValue());
                if (decoded != null) {
                    // ConsentKit sets one consent cookie per tenant; a second valid one was planted (by a page script at
                    // a deeper path, or by a sibling subdomain with a Domain attribute) and must never widen a decision:
                    // the one that grants least wins
                    if (state == null || granted(decoded) < granted(state)) {
                        state = decoded;
                    }
                } else if (outdated == null) {
                    outdated = policy.tokens().decodeVerified(cookie.getValue()).orElse(null);
                }
            }
        }
        Permissions permissions = policy.permissions(state, pageType, regime, gpc);
        return new Visitor(tenant, policy, path, pageType, regime, region, gpc, state, state == null ? outdated : null, permissions);
    }

    private static int granted(ConsentState state) {
        int n = 0;
        for (Boolean granted : state.choices().values()) {
            if (Boolean.TRUE.equals(granted)) {
                n++;
            }
        }
        return n;
    }

    /** The country code of a region header value, upper case, or null when it is not one. */
    static String region(String header) {
        if (header == null) {
            return null;
        }
        String value = header.trim();
        if (value.length() != 2 || !Character.isLetter(value.charAt(0)) || !Character.isLetter(value.charAt(1))
                || value.charAt(0) > 'z' || value.charAt(1) > 'z') {
            return null;
        }
        String upper = value.toUpperCase(Locale.ROOT);
        return "XX".equals(upper) ? null : upper;
    }
}
