package dev.consentkit.demo;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Demo tool: lets a visitor see each regime without a CDN. A form on every page stores the chosen
 * region in the cookie {@value #COOKIE}; this filter, placed before ConsentKit's, turns it into
 * the trusted region header for that visitor's own requests. A region header that really arrived
 * (set by a CDN) always wins over the cookie.
 *
 * <p>This is only safe in a demo: on a real site the region header must come from the CDN alone.
 */
final class RegionSwitch implements Filter {

    /** The cookie that holds the simulated region. */
    static final String COOKIE = "demo_region";
    /** The path the region form posts to. */
    static final String PATH = "/demo/region";
    /** The request attribute set when a real region header arrived, which wins over the demo cookie. */
    static final String REAL_HEADER = "dev.consentkit.demo.realRegionHeader";
    /** The value of "unknown region": Cloudflare's code for it. */
    static final String UNKNOWN = "XX";

    /** The regions offered, code to label, in display order. */
    static final Map<String, String> CHOICES;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("DE", "Germany (EEA, opt-in)");
        m.put("FR", "France (EEA, opt-in)");
        m.put("GB", "United Kingdom (opt-in)");
        m.put("CH", "Switzerland (opt-in)");
        m.put("US", "United States (opt-out)");
        m.put("CA", "Canada (opt-out)");
        m.put("BR", "Brazil (other)");
        m.put(UNKNOWN, "Unknown region");
        CHOICES = Collections.unmodifiableMap(m);
    }

    private final String header;

    /** @param header the trusted region header ConsentKit reads, such as {@code CF-IPCountry} */
    RegionSwitch(String header) {
        this.header = header;
    }

    /** The simulated region of a request (a key of {@link #CHOICES}), or null when none was chosen. */
    static String chosen(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (COOKIE.equals(c.getName())) {
                String v = c.getValue() == null ? "" : c.getValue().toUpperCase(Locale.ROOT);
                return CHOICES.containsKey(v) ? v : null;
            }
        }
        return null;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (req instanceof HttpServletRequest request) {
            if (request.getHeader(header) != null) {
                request.setAttribute(REAL_HEADER, Boolean.TRUE);
                chain.doFilter(req, res);
                return;
            }
            String region = chosen(request);
            if (region != null) {
                chain.doFilter(new WithRegion(request, header, region), res);
                return;
            }
        }
        chain.doFilter(req, res);
    }

    /**
     * {@code POST /demo/region} with {@code region} and {@code back}: stores the choice and goes
     * back. Answered by the site's servlet, behind ConsentKit's filter, like any page.
     */
    static void choose(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            response.sendError(405);
            return;
        }
        String region = request.getParameter("region");
        String back = Html.localPath(request.getParameter("back"), "/");
        region = region == null ? "" : region.toUpperCase(Locale.ROOT);
        if (!CHOICES.containsKey(region)) {
            response.sendError(400, "region must be one of " + String.join(", ", CHOICES.keySet()));
            return;
        }
        response.addHeader("Set-Cookie", COOKIE + "=" + region + "; Path=/; HttpOnly; SameSite=Lax");
        response.setStatus(303);
        response.setHeader("Location", back);
    }

    /** The request with the region header added. */
    static final class WithRegion extends HttpServletRequestWrapper {
        private final String header;
        private final String region;

        WithRegion(HttpServletRequest request, String header, String region) {
            super(request);
            this.header = header;
            this.region = region;
        }

        @Override
        public String getHeader(String name) {
            return header.equalsIgnoreCase(name) ? region : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return header.equalsIgnoreCase(name) ? Collections.enumeration(List.of(region)) : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames());
            names.add(header);
            return Collections.enumeration(names);
        }
    }
}
