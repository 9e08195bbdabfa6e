package dev.consentkit.demo;

import dev.consentkit.core.Policy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo platform's organizers and webinars, and the mapping of a request path to the
 * organizer (tenant) whose configuration governs it: {@code /webinars/{slug}/...} belongs to the
 * webinar's organizer, {@code /organizers/{id}} to that organizer, everything else to the
 * platform default.
 */
final class WebinarCatalog {

    /** An organizer: a tenant of the platform. */
    record Organizer(String id, String name, String tagline, String about, String videoTitle) {
    }

    /** A webinar and the organizer that owns it. */
    record Webinar(String slug, String title, String summary, Organizer organizer, Instant startsAt, Duration length,
                   List<String> agenda) {
    }

    private final Map<String, Organizer> organizers = new LinkedHashMap<>();
    private final Map<String, Webinar> webinars = new LinkedHashMap<>();

    /** The demo's catalog; webinars start a little after {@code now}, so the countdown counts. */
    static WebinarCatalog demo(Instant now) {
        WebinarCatalog c = new WebinarCatalog();
        Organizer acme = c.add(new Organizer("acme", "Acme Events", "Live product launches and hands-on demos",
                "Acme Events runs the launch webinars of Acme's product teams: short keynotes, live demos and an open "
                        + "Q&A. Attendees get the recording and the slides the next day.",
                "Acme Rocket Skates 2 in 90 seconds"));
        Organizer globex = c.add(new Organizer("globex", "Globex Corporation", "Quarterly briefings for partners and investors",
                "Globex briefs its partners every quarter: results, road map and questions answered by the leadership "
                        + "team. Globex uses no advertising cookies on any of its pages.",
                "Globex in 2026: the year in review"));
        Instant start = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofDays(2)).plus(Duration.ofHours(1));
        c.add(new Webinar("product-launch", "Acme Rocket Skates 2: live product launch",
                "Meet the new Rocket Skates live: the design team shows what changed, the engineers answer your questions.",
                acme, start, Duration.ofMinutes(45),
                List.of("Welcome and what is new", "Live demo on the test track", "Safety features in depth", "Q&A with the team")));
        c.add(new Webinar("quarterly-briefing", "Globex Q3 partner briefing",
                "Results of the quarter, the product road map and an open Q&A with the leadership team.",
                globex, start.plus(Duration.ofDays(1)), Duration.ofMinutes(60),
                List.of("Results of the quarter", "Road map", "Partner programme news", "Open Q&A")));
        return c;
    }

    private Organizer add(Organizer o) {
        organizers.put(o.id(), o);
        return o;
    }

    private void add(Webinar w) {
        webinars.put(w.slug(), w);
    }

    /** Every organizer, in catalog order. */
    List<Organizer> organizers() {
        return List.copyOf(organizers.values());
    }

    /** Every webinar, in catalog order. */
    List<Webinar> webinars() {
        return List.copyOf(webinars.values());
    }

    /** The organizer {@code id}, or null. */
    Organizer organizer(String id) {
        return organizers.get(id);
    }

    /** The webinar {@code slug}, or null. */
    Webinar webinar(String slug) {
        return webinars.get(slug);
    }

    /** The webinars of one organizer. */
    List<Webinar> webinarsOf(Organizer organizer) {
        return webinars.values().stream().filter(w -> w.organizer().equals(organizer)).toList();
    }

    /**
     * The tenant of a request path: the owning organizer's id, or {@value Policy#DEFAULT_TENANT}
     * for the platform's own pages and for unknown webinars and organizers.
     */
    String tenantOf(String path) {
        if (path == null) {
            return Policy.DEFAULT_TENANT;
        }
        String[] segments = segments(path);
        if (segments.length >= 2 && "webinars".equals(segments[0])) {
            Webinar w = webinars.get(segments[1]);
            return w == null ? Policy.DEFAULT_TENANT : w.organizer().id();
        }
        if (segments.length >= 2 && "organizers".equals(segments[0])) {
            Organizer o = organizers.get(segments[1]);
            return o == null ? Policy.DEFAULT_TENANT : o.id();
        }
        return Policy.DEFAULT_TENANT;
    }

    /** The non-empty segments of a path. */
    static String[] segments(String path) {
        return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }
}
