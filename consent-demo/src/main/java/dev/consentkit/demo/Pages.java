package dev.consentkit.demo;

import dev.consentkit.demo.WebinarCatalog.Organizer;
import dev.consentkit.demo.WebinarCatalog.Webinar;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the demo's pages: server-side HTML with its own stylesheet, every value escaped, no
 * inline script and nothing loaded from another site. Third-party vendors appear as plain
 * {@code <script src>} and {@code <iframe src>} tags, exactly as a site without a consent
 * manager would embed them; ConsentKit's rewriter neutralises them until the visitor agrees.
 */
final class Pages {

    static final String SITE = "Webinar Platform";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final WebinarCatalog catalog;
    private final boolean consent;

    /**
     * @param consent whether ConsentKit runs in front of the site (the region switch and the links
     *     to its endpoints are shown only then)
     */
    Pages(WebinarCatalog catalog, boolean consent) {
        this.catalog = catalog;
        this.consent = consent;
    }

    /** What every page needs to know about its request. */
    record Context(String path, String query, Organizer organizer, String signedInName, String region, boolean realRegionHeader) {
        String pathAndQuery() {
            return query == null ? path : path + "?" + query;
        }
    }

    // ------------------------------------------------------------------ pages

    String home(Context c) {
        StringBuilder m = new StringBuilder();
        m.append("<section class=\"hero\"><h1>Upcoming webinars</h1>")
                .append("<p class=\"lead\">A fictional webinar platform that hosts several organizers. Each organizer decides ")
                .append("which cookies its pages may use; ConsentKit enforces it, on the server and in your browser.</p></section>\n")
                .append("<ul class=\"cards\" role=\"list\">\n");
        for (Webinar w : catalog.webinars()) {
            m.append("<li class=\"card org-").append(Html.escape(w.organizer().id())).append("\">")
                    .append("<p class=\"eyebrow\"><a href=\"/organizers/").append(Html.escape(w.organizer().id())).append("\">")
                    .append(Html.escape(w.organizer().name())).append("</a></p>")
                    .append("<h2><a href=\"/webinars/").append(Html.escape(w.slug())).append("/register\">")
                    .append(Html.escape(w.title())).append("</a></h2>")
                    .append("<p>").append(Html.escape(w.summary())).append("</p>")
                    .append("<p class=\"when\"><time datetime=\"").append(w.startsAt()).append("\">")
                    .append(Html.escape(WHEN.format(w.startsAt()))).append("</time></p>")
                    .append("<p class=\"actions\"><a class=\"button\" href=\"/webinars/").append(Html.escape(w.slug()))
                    .append("/register\">Register</a> <a class=\"button secondary\" href=\"/webinars/").append(Html.escape(w.slug()))
                    .append("/waiting-room\">Waiting room</a></p></li>\n");
        }
        m.append("</ul>\n");
        if (consent) {
            m.append("<section class=\"note\" aria-labelledby=\"try\"><h2 id=\"try\">Try it</h2><ol>")
                    .append("<li>Open a registration page: nothing but necessary cookies is written until you decide.</li>")
                    .append("<li>Accept on Acme's page, then open Globex's: each organizer asks for its own consent.</li>")
                    .append("<li>Use the demo tool above to pretend to be in the US (opt-out) or in Germany (opt-in).</li>")
                    .append("<li>Change your mind any time under \"Cookie settings\"; the dashboard at ")
                    .append("<a href=\"/consent/admin\">/consent/admin</a> shows every decision.</li></ol></section>\n");
        }
        // the platform's catalog is not a configured page type: it embeds no third-party content at all
        return layout(c, "Upcoming webinars", "home", m.toString(), List.of(), false);
    }

    String register(Context c, Webinar w, Map<String, String> values, List<String> errors) {
        StringBuilder m = new StringBuilder();
        m.append(webinarHeader(w, "Registration"));
        m.append("<div class=\"columns\"><section aria-labelledby=\"form-title\" class=\"panel\">")
                .append("<h2 id=\"form-title\">Register for free</h2>");
        if (!errors.isEmpty()) {
            m.append("<div class=\"errors\" role=\"alert\"><p>Please correct the following:</p><ul>");
            for (String e : errors) {
                m.append("<li>").append(Html.escape(e)).append("</li>");
            }
            m.append("</ul></div>");
        }
        m.append("<form method=\"post\" action=\"/webinars/").append(Html.escape(w.slug())).append("/register\" novalidate>")
                .append(field("name", "Full name", "text", "name", values.get("name"), true))
                .append(field("email", "Work e-mail", "email", "email", values.get("email"), true))
                .append(field("company", "Company (optional)", "text", "organization", values.get("company"), false))
                .append(field("password", "Password to sign in later (optional, 8+ characters)", "password", "new-password", null, false))
                .append("<input type=\"hidden\" name=\"utm_source\" value=\"").append(Html.escape(values.get("utm_source"))).append("\">")
                .append("<p class=\"fine\">").append(Html.escape(w.organizer().name()))
                .append(" uses your details to run this webinar and send you the recording.</p>")
                .append("<button type=\"submit\" class=\"button\">Register</button></form></section>");
        m.append("<section aria-labelledby=\"agenda\" class=\"panel\"><h2 id=\"agenda\">Agenda</h2><ol class=\"agenda\">");
        for (String item : w.agenda()) {
            m.append("<li>").append(Html.escape(item)).append("</li>");
        }
        m.append("</ol>").append(chatWidget("Questions before you register? Ask the organizer's team."))
                .append("</section></div>");
        return layout(c, "Register: " + w.title(), "register", m.toString(), List.of(Vendor.ANALYTICS, Vendor.ADS, Vendor.CHAT), false);
    }

    String waitingRoom(Context c, Webinar w, Instant now) {
        StringBuilder m = new StringBuilder();
        m.append(webinarHeader(w, "Waiting room"));
        Duration left = Duration.between(now, w.startsAt());
        m.append("<div class=\"columns\"><section class=\"panel stage\" aria-labelledby=\"stage-title\">")
                .append("<h2 id=\"stage-title\">The webinar starts soon</h2>")
                .append("<p class=\"countdown\" id=\"countdown\" data-starts-at=\"").append(w.startsAt()).append("\">")
                .append("<span class=\"countdown-value\">").append(Html.escape(countdown(left))).append("</span>")
                .append("<span class=\"countdown-label\">until ")
                .append("<time datetime=\"").append(w.startsAt()).append("\">").append(Html.escape(WHEN.format(w.startsAt())))
                .append("</time></span></p>")
                .append("<p>Keep this page open: the stream starts here automatically. Length: ")
                .append(w.length().toMinutes()).append(" minutes.</p></section>")
                .append("<section class=\"panel\" aria-labelledby=\"chat-title\"><h2 id=\"chat-title\">Lobby chat</h2>")
                .append(chatWidget("Say hello to the other attendees while you wait."))
                .append("</section></div>");
        return layout(c, "Waiting room: " + w.title(), "waiting-room", m.toString(), List.of(Vendor.ANALYTICS, Vendor.CHAT), true);
    }

    String thankYou(Context c, Webinar w, String registeredName) {
        StringBuilder m = new StringBuilder();
        m.append(webinarHeader(w, "Registration complete"));
        m.append("<section class=\"panel success\" aria-labelledby=\"done\"><h2 id=\"done\">");
        if (registeredName != null) {
            m.append("Thank you, ").append(Html.escape(registeredName)).append(": you are registered.");
        } else {
            m.append("Thank you for registering.");
        }
        m.append("</h2><p>We sent the calendar invitation to your e-mail address. On the day, join from the waiting room.</p>")
                .append("<p class=\"actions\"><a class=\"button\" href=\"/webinars/").append(Html.escape(w.slug()))
                .append("/waiting-room\">Go to the waiting room</a> <a class=\"button secondary\" href=\"/organizers/")
                .append(Html.escape(w.organizer().id())).append("\">More from ").append(Html.escape(w.organizer().name()))
                .append("</a></p></section>");
        return layout(c, "Registered: " + w.title(), "thank-you", m.toString(), List.of(Vendor.ANALYTICS, Vendor.PIXEL), false);
    }

    String profile(Context c, Organizer o) {
        StringBuilder m = new StringBuilder();
        m.append("<section class=\"hero org-").append(Html.escape(o.id())).append("\"><p class=\"eyebrow\">Organizer</p><h1>")
                .append(Html.escape(o.name())).append("</h1><p class=\"lead\">").append(Html.escape(o.tagline())).append("</p></section>")
                .append("<div class=\"columns\"><section class=\"panel\" aria-labelledby=\"about\"><h2 id=\"about\">About</h2><p>")
                .append(Html.escape(o.about())).append("</p><h3>Webinars</h3><ul>");
        for (Webinar w : catalog.webinarsOf(o)) {
            m.append("<li><a href=\"/webinars/").append(Html.escape(w.slug())).append("/register\">").append(Html.escape(w.title()))
                    .append("</a></li>");
        }
        m.append("</ul>").append(chatWidget("Questions for " + o.name() + "? Our team answers within the hour."))
                .append("</section><section class=\"panel\" aria-labelledby=\"video\"><h2 id=\"video\">")
                .append(Html.escape(o.videoTitle())).append("</h2><div class=\"video\">")
                .append("<iframe src=\"").append(Vendor.VIDEO.src()).append("?v=").append(Html.escape(Html.query(o.id())))
                .append("&amp;title=").append(Html.escape(Html.query(o.videoTitle())))
                .append("\" title=\"Video: ").append(Html.escape(o.videoTitle()))
                .append("\" width=\"560\" height=\"315\" loading=\"lazy\"></iframe></div>")
                .append("<p class=\"fine\">The video is hosted by StreamTube (demo), which tracks views across sites.</p>")
                .append("</section></div>");
        return layout(c, o.name(), "profile", m.toString(), List.of(Vendor.ANALYTICS, Vendor.ADS, Vendor.CHAT, Vendor.VIDEO), false);
    }

    String login(Context c, String email, String error, String next) {
        StringBuilder m = new StringBuilder();
        m.append("<section class=\"narrow panel\" aria-labelledby=\"signin\"><h1 id=\"signin\">Sign in</h1>");
        if (c.signedInName() != null) {
            m.append("<p>You are signed in as ").append(Html.escape(c.signedInName())).append(".</p>")
                    .append("<form method=\"post\" action=\"/logout\"><button type=\"submit\" class=\"button secondary\">Sign out</button></form>");
        } else {
            if (error != null) {
                m.append("<div class=\"errors\" role=\"alert\"><p>").append(Html.escape(error)).append("</p></div>");
            }
            m.append("<form method=\"post\" action=\"/login\">")
                    .append(field("email", "E-mail", "email", "username", email, true))
                    .append(field("password", "Password", "password", "current-password", null, true))
                    .append("<input type=\"hidden\" name=\"next\" value=\"").append(Html.escape(next)).append("\">")
                    .append("<button type=\"submit\" class=\"button\">Sign in</button></form>")
                    .append("<p class=\"fine\">Demo account: <code>").append(Html.escape(Attendees.DEMO_EMAIL))
                    .append("</code> with password <code>").append(Html.escape(Attendees.DEMO_PASSWORD)).append("</code>, ")
                    .append("or the e-mail and password you registered with.</p>");
        }
        m.append("</section>");
        return layout(c, "Sign in", "login", m.toString(), List.of(Vendor.ANALYTICS), false);
    }

    String privacy(Context c) {
        String m = "<section class=\"narrow panel\" aria-labelledby=\"privacy\"><h1 id=\"privacy\">Privacy notice</h1>"
                + "<p>This is a demo. Registrations and accounts live in memory and are gone when the demo stops. "
                + "Your consent decisions are recorded in the demo's consent ledger as proof of consent, "
                + "with no IP address and no user agent.</p>"
                + (consent ? "<p>The cookies and similar technologies each organizer uses are listed in its "
                + "<a href=\"/consent/cookies\">cookie declaration</a>.</p>" : "")
                + "</section>";
        return layout(c, "Privacy notice", "privacy", m, List.of(), false);
    }

    String notFound(Context c) {
        String m = "<section class=\"narrow panel\"><h1>Page not found</h1><p>There is no page at <code>" + Html.escape(c.path())
                + "</code>.</p><p><a href=\"/\">See the upcoming webinars</a></p></section>";
        return layout(c, "Not found", "not-found", m, List.of(), false);
    }

    // ------------------------------------------------------------------ parts

    private String webinarHeader(Webinar w, String step) {
        return "<section class=\"hero org-" + Html.escape(w.organizer().id()) + "\"><p class=\"eyebrow\"><a href=\"/organizers/"
                + Html.escape(w.organizer().id()) + "\">" + Html.escape(w.organizer().name()) + "</a> · " + Html.escape(step)
                + "</p><h1>" + Html.escape(w.title()) + "</h1><p class=\"lead\">" + Html.escape(w.summary()) + "</p>"
                + "<p class=\"when\"><time datetime=\"" + w.startsAt() + "\">" + Html.escape(WHEN.format(w.startsAt()))
                + "</time></p>" + steps(w, step) + "</section>\n";
    }

    private static String steps(Webinar w, String current) {
        String base = "/webinars/" + Html.escape(w.slug());
        String[][] items = {{"Registration", base + "/register"}, {"Registration complete", base + "/thank-you"},
                {"Waiting room", base + "/waiting-room"}};
        StringBuilder sb = new StringBuilder("<nav aria-label=\"Webinar pages\" class=\"steps\"><ol>");
        for (String[] item : items) {
            boolean here = item[0].equals(current);
            sb.append("<li><a href=\"").append(item[1]).append("\"").append(here ? " aria-current=\"page\"" : "").append(">")
                    .append(Html.escape(item[0])).append("</a></li>");
        }
        return sb.append("</ol></nav>").toString();
    }

    private String chatWidget(String intro) {
        return "<div class=\"chat\" id=\"chat-widget\" data-intro=\"" + Html.escape(intro) + "\"><p class=\"chat-off\">"
                + Html.escape(intro) + " The chat is provided by ChatCo (demo) and needs your consent to "
                + "<strong>Preferences</strong> cookies" + (consent ? ": allow them under \"Cookie settings\"." : ".") + "</p></div>";
    }

    private static String field(String id, String label, String type, String autocomplete, String value, boolean required) {
        return "<p class=\"field\"><label for=\"" + id + "\">" + Html.escape(label) + "</label><input id=\"" + id + "\" name=\"" + id
                + "\" type=\"" + type + "\" autocomplete=\"" + autocomplete + "\"" + (required ? " required" : "")
                + (value == null ? "" : " value=\"" + Html.escape(value) + "\"") + "></p>";
    }

    static String countdown(Duration left) {
        if (left.isNegative() || left.isZero()) {
            return "Live now";
        }
        long s = left.getSeconds();
        return String.format(Locale.ROOT, "%dd %02dh %02dm %02ds", s / 86400, s / 3600 % 24, s / 60 % 60, s % 60);
    }

    private String layout(Context c, String title, String pageClass, String main, List<Vendor> vendors, boolean siteScript) {
        StringBuilder h = new StringBuilder(8192 + main.length());
        Organizer o = c.organizer();
        // "<head>" is written as is and in one piece: that is where ConsentKit inserts its bootstrap
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(title)).append(" · ").append(Html.escape(o == null ? SITE : o.name()))
                .append("</title>\n<link rel=\"icon\" href=\"/demo/assets/favicon.svg\" type=\"image/svg+xml\">\n")
                .append("<link rel=\"stylesheet\" href=\"/demo/assets/site.css\">\n</head>\n")
                .append("<body class=\"page-").append(pageClass).append(o == null ? "" : " org-" + Html.escape(o.id())).append("\">\n")
                .append("<a class=\"skip\" href=\"#main\">Skip to content</a>\n")
                .append("<header class=\"site\"><div class=\"wrap\"><a class=\"brand\" href=\"/\">").append(SITE)
                .append(" <span class=\"tag\">demo</span></a><nav aria-label=\"Main\"><ul role=\"list\">")
                .append("<li><a href=\"/\">Webinars</a></li>");
        for (Organizer org : catalog.organizers()) {
            h.append("<li><a href=\"/organizers/").append(Html.escape(org.id())).append("\">").append(Html.escape(org.name()))
                    .append("</a></li>");
        }
        h.append("<li><a href=\"/login\">").append(c.signedInName() == null ? "Sign in" : Html.escape(c.signedInName())).append("</a></li>")
                .append("</ul></nav></div></header>\n");
        if (consent) {
            h.append(regionSwitch(c));
        }
        h.append("<main id=\"main\" class=\"wrap\">\n").append(main).append("\n</main>\n");
        h.append("<footer class=\"site\"><div class=\"wrap\">");
        if (!vendors.isEmpty()) {
            h.append("<section aria-labelledby=\"vendors-title\" class=\"vendors\"><h2 id=\"vendors-title\">Third-party content on this page</h2>")
                    .append("<p class=\"fine\">Demo vendors served by this site. Each writes a cookie and browser storage of its ")
                    .append("category when it runs.</p><ul id=\"vendor-log\" role=\"list\">");
            for (Vendor v : vendors) {
                h.append("<li data-vendor=\"").append(v.src()).append("\" data-state=\"waiting\"><span class=\"vendor-name\">")
                        .append(Html.escape(v.provider())).append("</span> <span class=\"badge\">").append(v.category())
                        .append("</span> <span class=\"vendor-state\">")
                        .append(consent ? "not running: waiting for your consent to " + v.category() : "loading")
                        .append("</span><br><small>").append(Html.escape(v.writes())).append("</small></li>");
            }
            h.append("</ul></section>");
        }
        h.append("<p class=\"links\">");
        if (consent) {
            h.append("<a href=\"/consent/cookies?page=").append(Html.escape(Html.query(c.path()))).append("\">Cookie declaration</a> · ");
        }
        h.append("<a href=\"/privacy\">Privacy notice</a>");
        if (consent) {
            h.append(" · <a href=\"/consent/admin\">Admin dashboard</a>");
        }
        h.append("</p><p class=\"fine\">A fictional site for trying ConsentKit. Organizers, webinars and vendors are made up.</p>")
                .append("</div></footer>\n");
        if (siteScript) {
            h.append("<script src=\"/demo/assets/site.js\"></script>\n");
        }
        for (Vendor v : vendors) {
            if (!v.iframe()) {
                h.append("<script src=\"").append(v.src()).append("\"></script>\n");
            }
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static String regionSwitch(Context c) {
        StringBuilder sb = new StringBuilder("<aside class=\"demo-tool\" aria-label=\"Demo tool\"><div class=\"wrap\">")
                .append("<form method=\"post\" action=\"").append(RegionSwitch.PATH).append("\">")
                .append("<label for=\"demo-region\"><strong>Demo tool:</strong> pretend to be in…</label> ")
                .append("<select id=\"demo-region\" name=\"region\">");
        String current = c.region() == null ? RegionSwitch.UNKNOWN : c.region();
        for (Map.Entry<String, String> e : RegionSwitch.CHOICES.entrySet()) {
            sb.append("<option value=\"").append(e.getKey()).append("\"").append(e.getKey().equals(current) ? " selected" : "")
                    .append(">").append(Html.escape(e.getValue())).append("</option>");
        }
        sb.append("</select><input type=\"hidden\" name=\"back\" value=\"").append(Html.escape(c.pathAndQuery())).append("\">")
                .append(" <button type=\"submit\">Switch</button>");
        if (c.realRegionHeader()) {
            sb.append(" <small>(a real region header from your CDN is present and wins)</small>");
        }
        return sb.append("</form></div></aside>\n").toString();
    }
}
