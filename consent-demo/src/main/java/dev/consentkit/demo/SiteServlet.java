package dev.consentkit.demo;

import dev.consentkit.demo.WebinarCatalog.Organizer;
import dev.consentkit.demo.WebinarCatalog.Webinar;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The demo site's pages and forms, and the server's own cookies. ConsentKit's filter runs in front of it. */
final class SiteServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The session attribute of the signed-in or registered attendee's name. */
    static final String SESSION_NAME = "demo.name";
    /** The session attribute of the attendee's reference in the consent ledger. */
    static final String SESSION_SUBJECT = "demo.subject";
    private static final String SESSION_SIGNED_IN = "demo.signedIn";
    private static final String SESSION_REGISTERED = "demo.registered.";

    private static final Pattern UTM = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int THIRTY_DAYS = 30 * 24 * 3600;

    private final transient WebinarCatalog catalog;
    private final transient Pages pages;
    private final transient Attendees attendees;
    private final transient Clock clock;
    private final String regionHeader;

    SiteServlet(WebinarCatalog catalog, boolean consent, Attendees attendees, Clock clock, String regionHeader) {
        this.catalog = catalog;
        this.pages = new Pages(catalog, consent);
        this.attendees = attendees;
        this.clock = clock;
        this.regionHeader = regionHeader;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = OrganizerFilter.pathOf(request);
        String method = request.getMethod();
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        if (RegionSwitch.PATH.equals(path)) {
            RegionSwitch.choose(request, response);
            return;
        }
        String[] s = WebinarCatalog.segments(path);
        Pages.Context context = context(request, path);
        if (s.length == 0) {
            page(request, response, read, () -> pages.home(context));
        } else if (s.length == 3 && "webinars".equals(s[0]) && catalog.webinar(s[1]) != null) {
            Webinar w = catalog.webinar(s[1]);
            switch (s[2]) {
                case "register" -> {
                    if ("POST".equals(method)) {
                        registerPost(request, response, context, w);
                    } else if (read) {
                        setServerCookies(request, response);
                        Map<String, String> values = new HashMap<>();
                        values.put("utm_source", request.getParameter("utm_source"));
                        send(request, response, 200, pages.register(context, w, values, List.of()));
                    } else {
                        notAllowed(response, "GET, HEAD, POST");
                    }
                }
                case "waiting-room" -> page(request, response, read, () -> pages.waitingRoom(context, w, clock.instant()));
                case "thank-you" -> page(request, response, read, () -> pages.thankYou(context, w, registeredName(request, w)));
                default -> send(request, response, 404, pages.notFound(context));
            }
        } else if (s.length == 2 && "webinars".equals(s[0]) && catalog.webinar(s[1]) != null && read) {
            redirect(response, "/webinars/" + s[1] + "/register");
        } else if (s.length == 2 && "organizers".equals(s[0]) && catalog.organizer(s[1]) != null) {
            Organizer o = catalog.organizer(s[1]);
            page(request, response, read, () -> pages.profile(context, o));
        } else if (path.equals("/login")) {
            if ("POST".equals(method)) {
                loginPost(request, response, context);
            } else {
                page(request, response, read, () -> pages.login(context, null, null, Html.localPath(request.getParameter("next"), "/")));
            }
        } else if (path.equals("/logout") && "POST".equals(method)) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            redirect(response, "/");
        } else if (path.equals("/privacy")) {
            page(request, response, read, () -> pages.privacy(context));
        } else {
            send(request, response, 404, pages.notFound(context));
        }
    }

    private Pages.Context context(HttpServletRequest request, String path) {
        Object tenant = request.getAttribute(OrganizerFilter.ATTRIBUTE);
        String organizerId = tenant != null ? tenant.toString() : catalog.tenantOf(path);
        HttpSession session = request.getSession(false);
        String signedIn = session != null && Boolean.TRUE.equals(session.getAttribute(SESSION_SIGNED_IN))
                ? (String) session.getAttribute(SESSION_NAME) : null;
        return new Pages.Context(path, request.getQueryString(), catalog.organizer(organizerId), signedIn,
                RegionSwitch.chosen(request), request.getAttribute(RegionSwitch.REAL_HEADER) != null);
    }

    private interface Render {
        String html();
    }

    private static void page(HttpServletRequest request, HttpServletResponse response, boolean read, Render render) throws IOException {
        if (read) {
            send(request, response, 200, render.html());
        } else {
            notAllowed(response, "GET, HEAD");
        }
    }

    /** The server's own non-necessary cookies on the registration page, dropped by ConsentKit without consent. */
    private static void setServerCookies(HttpServletRequest request, HttpServletResponse response) {
        if (cookie(request, "srv_visit") == null) {
            byte[] id = new byte[8];
            RANDOM.nextBytes(id);
            Cookie visit = new Cookie("srv_visit", HexFormat.of().formatHex(id)); // analytics
            visit.setPath("/");
            visit.setMaxAge(THIRTY_DAYS);
            visit.setHttpOnly(true);
            visit.setAttribute("SameSite", "Lax");
            response.addCookie(visit);
        }
        String source = request.getParameter("utm_source");
        if (source != null && UTM.matcher(source).matches()) {
            response.addHeader("Set-Cookie", "utm_attribution=" + source + "; Max-Age=" + THIRTY_DAYS + "; Path=/; HttpOnly; SameSite=Lax");
        } else if (cookie(request, "utm_attribution") == null) {
            response.addHeader("Set-Cookie", "utm_attribution=direct; Max-Age=" + THIRTY_DAYS + "; Path=/; HttpOnly; SameSite=Lax");
        }
    }

    private static String cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (name.equals(c.getName())) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    private void registerPost(HttpServletRequest request, HttpServletResponse response, Pages.Context context, Webinar w)
            throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String field : List.of("name", "email", "company", "utm_source")) {
            String v = request.getParameter(field);
            values.put(field, v == null ? "" : v.strip());
        }
        String password = request.getParameter("password");
        List<String> errors = new ArrayList<>();
        if (values.get("name").isEmpty() || values.get("name").length() > 100) {
            errors.add("Enter your name (at most 100 characters).");
        }
        if (!Attendees.isEmail(values.get("email"))) {
            errors.add("Enter an e-mail address such as name@example.com.");
        }
        if (values.get("company").length() > 100) {
            errors.add("The company name can have at most 100 characters.");
        }
        boolean account = password != null && !password.isEmpty();
        if (account && (password.length() < 8 || password.length() > 256)) {
            errors.add("A password needs 8 to 256 characters, or leave it empty.");
        }
        if (!errors.isEmpty()) {
            send(request, response, 422, pages.register(context, w, values, errors));
            return;
        }
        Attendees.Registration r = attendees.register(w.slug(), values.get("name"), values.get("email"), values.get("company"));
        if (account) {
            attendees.createAccount(r.email(), r.name(), password);
        }
        HttpSession session = request.getSession(true);
        request.changeSessionId(); // a new identity: never keep a session id from before
        session.setAttribute(SESSION_NAME, r.name());
        session.setAttribute(SESSION_SUBJECT, Attendees.subjectReference(r.email()));
        session.setAttribute(SESSION_REGISTERED + w.slug(), r.name());
        redirect(response, "/webinars/" + w.slug() + "/thank-you");
    }

    private static String registeredName(HttpServletRequest request, Webinar w) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (String) session.getAttribute(SESSION_REGISTERED + w.slug());
    }

    private void loginPost(HttpServletRequest request, HttpServletResponse response, Pages.Context context) throws IOException {
        String email = request.getParameter("email");
        String password = request.getParameter("password");
        String next = Html.localPath(request.getParameter("next"), "/");
        String name = Attendees.isEmail(email) ? attendees.signIn(email, password) : null;
        if (name == null) {
            send(request, response, 401, pages.login(context, email, "The e-mail address or the password is not right.", next));
            return;
        }
        HttpSession session = request.getSession(true);
        request.changeSessionId();
        session.setAttribute(SESSION_NAME, name);
        session.setAttribute(SESSION_SUBJECT, Attendees.subjectReference(email));
        session.setAttribute(SESSION_SIGNED_IN, Boolean.TRUE);
        redirect(response, next);
    }

    /** The ledger's subject reference of a request's attendee, or null. */
    static String subjectOf(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (String) session.getAttribute(SESSION_SUBJECT);
    }

    private static void redirect(HttpServletResponse response, String location) {
        response.setStatus(303);
        response.setHeader("Location", location);
        response.setHeader("Cache-Control", "no-store");
    }

    static void notAllowed(HttpServletResponse response, String allow) throws IOException {
        response.setHeader("Allow", allow);
        response.sendError(405);
    }

    static void send(HttpServletRequest request, HttpServletResponse response, int status, String html) throws IOException {
        sendHtml(response, status, "HEAD".equals(request.getMethod()) ? null : html);
    }

    private static void sendHtml(HttpServletResponse response, int status, String html) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        if (html != null) {
            // one write: the page is small, and ConsentKit's rewriter streams it either way
            response.getWriter().write(html);
        }
    }
}
