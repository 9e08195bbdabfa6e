package dev.consentkit.servlet.http;

import dev.consentkit.core.Category;
import dev.consentkit.core.Classification;
import dev.consentkit.core.Declaration;
import dev.consentkit.core.DeclarationKind;
import dev.consentkit.core.ConsentState;
import dev.consentkit.core.Regime;
import dev.consentkit.core.Policy;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Writes ConsentKit's own cookie and the expiry of cookies a visitor no longer allows. */
public final class ConsentCookies {

    /**
     * The most expiry headers one response carries: a request with hundreds of refused cookies
     * must not make a response whose headers the container refuses to send. The rest are expired
     * on the following responses (and by the browser runtime at once).
     */
    public static final int MAX_EXPIRIES_PER_RESPONSE = 32;

    private ConsentCookies() {
    }

    /**
     * The {@code Set-Cookie} value of the consent cookie: {@code HttpOnly}, {@code SameSite=Lax},
     * {@code Secure} on HTTPS, scoped to the application; a {@code __Host-} name is always
     * {@code Secure} with {@code Path=/}, a {@code __Secure-} name always {@code Secure}, as
     * browsers demand of those prefixes.
     *
     * @param name the cookie name, as configured
     * @param token the signed token, or {@code ""} to delete the cookie
     * @param maxAge how long the browser keeps it; negative counts as 0
     * @param request the request, for the context path and whether it is secure
     * @return the header value
     */
    public static String consentCookie(String name, String token, Duration maxAge, HttpServletRequest request) {
        boolean host = name.startsWith("__Host-");
        StringBuilder sb = new StringBuilder(name.length() + token.length() + 96);
        sb.append(name).append('=').append(token)
                .append("; Path=").append(host ? "/" : cookiePath(request))
                .append("; Max-Age=").append(Math.max(0, maxAge.toSeconds()))
                .append("; HttpOnly; SameSite=Lax");
        if (request.isSecure() || host || name.startsWith("__Secure-")) {
            sb.append("; Secure");
        }
        return sb.toString();
    }

    /**
     * The path consent cookies are scoped to: the context path, or {@code /}.
     *
     * @param request the request
     * @return the context path, or {@code /} for the root context
     */
    public static String cookiePath(HttpServletRequest request) {
        String context = request.getContextPath();
        return context == null || context.isEmpty() ? "/" : context;
    }

    /**
     * The {@code Set-Cookie} values that expire, with the declared path and domain, every
     * cookie the request carries that is declared in a category the visitor has withdrawn: one
     * their decision refuses, or, in an opt-out regime with a Global Privacy Control signal, a
     * sale/sharing category. Nothing is expired for a visitor without a decision, and undeclared
     * cookies are left alone: on a host shared by several organizers or applications, those
     * cookies may belong to someone the visitor did agree with.
     *
     * @param request the request, whose cookies are looked at
     * @param policy the tenant's policy, which classifies them
     * @param state the visitor's valid decision, or null
     * @param regime the visitor's regime
     * @param gpc whether the request carries a Global Privacy Control signal
     * @return the {@code Set-Cookie} values, at most {@link #MAX_EXPIRIES_PER_RESPONSE}, empty
     *     when nothing is to expire
     */
    public static List<String> expiries(HttpServletRequest request, Policy policy, ConsentState state, Regime regime, boolean gpc) {
        Cookie[] cookies = request.getCookies();
        boolean gpcRefuses = gpc && regime == Regime.OPT_OUT;
        if (cookies == null || (state == null && !gpcRefuses)) {
            return List.of();
        }
        Set<String> headers = null;                  // made for the first cookie to expire
        for (Cookie cookie : cookies) {
            String name = cookie.getName();
            Classification c = policy.classify(DeclarationKind.COOKIE, name);
            if (c == null || c.category().required()) {
                continue;
            }
            boolean withdrawn = (state != null && state.refuses(c.category().id())) || (gpcRefuses && c.category().refusedByGpc());
            if (!withdrawn) {
                continue;
            }
            if (headers == null) {
                headers = new LinkedHashSet<>();
            }
            headers.add(expiry(name, c.declaration(), request.isSecure()));
            if (headers.size() == MAX_EXPIRIES_PER_RESPONSE) {
                break;
            }
        }
        return headers == null ? List.of() : new ArrayList<>(headers);
    }

    /**
     * Whether a cookie name belongs to ConsentKit or to the container's session.
     *
     * @param name a cookie name
     * @param consentCookiePrefix the consent cookie's configured name; names starting with it
     *     and {@code _} are ConsentKit's too
     * @param sessionCookieName the container's session cookie name, or null
     * @return true when the cookie is necessary infrastructure and never filtered
     */
    public static boolean isInfrastructure(String name, String consentCookiePrefix, String sessionCookieName) {
        int n = consentCookiePrefix.length();
        return name.equals(sessionCookieName)
                || (name.startsWith(consentCookiePrefix) && (name.length() == n || name.charAt(n) == '_'));
    }

    static String expiry(String name, Declaration declaration, boolean secure) {
        StringBuilder sb = new StringBuilder(name.length() + 80);
        sb.append(name).append("=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
        if (name.startsWith("__Host-")) {
            // the __Host- prefix demands Secure, Path=/ and no Domain, or the browser ignores the header
            return sb.append("; Path=/; Secure").toString();
        }
        sb.append("; Path=").append(declaration.path());
        if (declaration.domain() != null) {
            sb.append("; Domain=").append(declaration.domain());
        }
        if (secure || name.startsWith("__Secure-")) {
            sb.append("; Secure");
        }
        return sb.toString();
    }

    /** Whether {@code category} is {@value Category#NECESSARY}. */
    static boolean necessary(Category category) {
        return category != null && category.required();
    }
}
