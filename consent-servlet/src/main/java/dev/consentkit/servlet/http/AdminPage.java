package dev.consentkit.servlet.http;

import dev.consentkit.core.Category;
import dev.consentkit.core.Declaration;
import dev.consentkit.core.DeclarationKind;
import dev.consentkit.core.Policy;
import dev.consentkit.core.Regime;
import dev.consentkit.core.config.ConfigurationException;
import dev.consentkit.core.ledger.ChainVerification;
import dev.consentkit.core.ledger.ConsentLedger;
import dev.consentkit.core.ledger.ConsentRecord;
import dev.consentkit.core.ledger.DailyAggregate;
import dev.consentkit.core.ledger.LedgerException;
import dev.consentkit.core.ledger.RecordPage;
import dev.consentkit.core.ledger.StoredConsentRecord;
import dev.consentkit.core.tenant.CachingPolicyRepository;
import dev.consentkit.servlet.ConsentOptions;
import jakarta.servlet.http.HttpServletRequest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** One rendering of the admin dashboard for one tenant: gathers the numbers, writes the HTML. */
final class AdminPage {

    private static final Logger LOG = Logger.getLogger(AdminPage.class.getName());
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd");
    private static final List<Integer> PERIODS = List.of(7, 30, 90, 365);
    private static final int PAGE_SIZE = 50;
    private static final int MAX_PICKER_OPTIONS = 200;
    private static final List<SvgCharts.Series> METHODS = List.of(
            new SvgCharts.Series("accept all", "s0"), new SvgCharts.Series("customised", "s1"), new SvgCharts.Series("reject all", "s2"));

    private final ConsentOptions options;
    private final UndeclaredNames undeclared;
    private final AdminEndpoint.Viewer viewer;
    private final String tenant;
    private final HttpServletRequest request;
    private final String csrf;
    private final String nonce;
    private final String base;
    private final int days;

    AdminPage(ConsentOptions options, UndeclaredNames undeclared, AdminEndpoint.Viewer viewer, String tenant,
              HttpServletRequest request, String csrf, String nonce) {
        this.options = options;
        this.undeclared = undeclared;
        this.viewer = viewer;
        this.tenant = tenant;
        this.request = request;
        this.csrf = csrf;
        this.nonce = nonce;
        this.base = request.getContextPath() + options.endpointPrefix() + "/admin";
        int d = 30;
        try {
            String p = request.getParameter("days");
            if (p != null && PERIODS.contains(Integer.parseInt(p))) {
                d = Integer.parseInt(p);
            }
        } catch (NumberFormatException e) {
            // the default period
        }
        this.days = d;
    }

    String render() {
        Policy policy = null;
        ConfigurationException broken = null;
        try {
            policy = options.policies().policy(tenant);
        } catch (ConfigurationException e) {
            broken = e;
        }
        StringBuilder h = new StringBuilder(32 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>ConsentKit admin · ")
                .append(Html.escape(tenant)).append("</title>\n<style nonce=\"").append(nonce).append("\">").append(STYLE)
                .append("</style>\n</head>\n<body>\n<header class=\"top\"><div class=\"wrap\"><p class=\"brand\">ConsentKit <span>admin</span></p>")
                .append(picker()).append("</div></header>\n<main class=\"wrap\">\n");
        notice(h);
        overview(h, policy, broken);
        ConsentLedger ledger = options.ledger();
        if (ledger == null) {
            h.append("<section class=\"card\"><h2>Ledger</h2><p>No consent ledger is configured: decisions are not recorded, ")
                    .append("so there are no statistics and nothing to export.</p></section>\n");
        } else {
            charts(h, ledger, policy);
            records(h, ledger);
            chain(h, ledger);
        }
        undeclaredNames(h, policy);
        if (policy != null) {
            declaration(h, policy);
        }
        h.append("</main>\n<footer class=\"wrap\"><p>Times are UTC. Records hold no IP address and no user agent.</p></footer>\n")
                .append("</body>\n</html>\n");
        return h.toString();
    }

    // ------------------------------------------------------------------ header

    private String picker() {
        StringBuilder sb = new StringBuilder("<form class=\"picker\" method=\"get\" action=\"").append(Html.escape(base)).append("\">")
                .append("<label for=\"tenant\">Organizer</label>");
        if (viewer.tenants().size() > MAX_PICKER_OPTIONS) {
            // a platform with many organizers: type the id rather than scroll a list of thousands
            sb.append("<input id=\"tenant\" name=\"tenant\" required pattern=\"[a-z0-9][a-z0-9\\-]{0,62}\" value=\"")
                    .append(Html.escape(tenant)).append("\">");
        } else {
            sb.append("<select id=\"tenant\" name=\"tenant\">");
            for (String t : viewer.tenants()) {
                sb.append("<option value=\"").append(Html.escape(t)).append("\"").append(t.equals(tenant) ? " selected" : "").append(">")
                        .append(Html.escape(label(t))).append("</option>");
            }
            sb.append("</select>");
        }
        sb.append("<label for=\"days\">Period</label><select id=\"days\" name=\"days\">");
        for (int p : PERIODS) {
            sb.append("<option value=\"").append(p).append("\"").append(p == days ? " selected" : "").append(">last ").append(p)
                    .append(" days</option>");
        }
        return sb.append("</select><button type=\"submit\">Show</button>")
                .append(viewer.operator() ? "<span class=\"who\">platform operator: every organizer</span>" : "")
                .append("</form>").toString();
    }

    private String label(String t) {
        try {
            String name = options.policies().policy(t).organizer().name();
            if (Policy.DEFAULT_TENANT.equals(t)) {
                return "Platform default" + (name.isEmpty() ? "" : " (" + name + ")");
            }
            return name.isEmpty() ? t : name + " (" + t + ")";
        } catch (RuntimeException e) {
            return t;
        }
    }

    private void notice(StringBuilder h) {
        String done = request.getParameter("done");
        String text = done == null ? null : switch (done) {
            case "reloaded" -> "The configuration was reloaded and is in force.";
            case "reload-failed" -> "The configuration was not reloaded: it has problems (see below). The last good one stays in force.";
            case "dismissed" -> "The item was removed from the list. It comes back if it is seen again while still undeclared.";
            default -> null;
        };
        if (text != null) {
            h.append("<p class=\"notice\" role=\"status\">").append(Html.escape(text)).append("</p>\n");
        }
    }

    // ------------------------------------------------------------------ overview

    private void overview(StringBuilder h, Policy policy, ConfigurationException broken) {
        h.append("<section id=\"overview\" class=\"card\" aria-labelledby=\"overview-title\"><h1 id=\"overview-title\">")
                .append(Html.escape(label(tenant))).append("</h1>");
        if (policy != null) {
            h.append("<p class=\"meta\">Tenant <code>").append(Html.escape(tenant)).append("</code> · configuration revision ")
                    .append(policy.revision()).append(" · ").append(policy.categories().size()).append(" categories · ")
                    .append(policy.pageTypes().size()).append(" page types · undeclared names: ")
                    .append(Html.escape(policy.undeclaredPolicy().id())).append("</p>");
        }
        ConfigurationException problem = broken;
        if (problem == null && options.policies() instanceof CachingPolicyRepository caching) {
            problem = caching.lastProblem(tenant).orElse(null);
        }
        if (problem != null) {
            h.append("<div class=\"problem\" role=\"alert\"><p><strong>")
                    .append(broken != null ? "This organizer's configuration cannot be loaded:"
                            : "The latest edit of this organizer's configuration was rejected; the last good version stays in force:")
                    .append("</strong></p><pre>").append(Html.escape(problem.getMessage())).append("</pre></div>");
        }
        h.append("<form method=\"post\" action=\"").append(Html.escape(base)).append("/reload\" class=\"inline\">")
                .append(hidden("csrf", csrf)).append(hidden("tenant", tenant))
                .append("<button type=\"submit\">Reload the configuration now</button></form>")
                .append("<span class=\"meta\"> Edits to the configuration files are also picked up automatically.</span></section>\n");
    }

    // ------------------------------------------------------------------ charts

    private void charts(StringBuilder h, ConsentLedger ledger, Policy policy) {
        LocalDate to = LocalDate.now(options.clock().withZone(ZoneOffset.UTC));
        LocalDate from = to.minusDays(days - 1L);
        List<DailyAggregate> rows;
        try {
            rows = ledger.aggregates(tenant, from, to);
        } catch (LedgerException | IllegalStateException e) {
            LOG.log(Level.WARNING, "ledger aggregates unavailable", e);
            h.append("<section class=\"card\"><h2>Decisions</h2><p class=\"problem\">The ledger cannot be read right now: ")
                    .append(Html.escape(e.getMessage())).append("</p></section>\n");
            return;
        }
        Map<LocalDate, long[]> perDay = new TreeMap<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            perDay.put(d, new long[4]);
        }
        Map<String, long[]> perPage = new TreeMap<>();
        Map<String, long[]> perRegime = new LinkedHashMap<>();
        for (Regime r : Regime.values()) {
            perRegime.put(r.id(), new long[3]);
        }
        Map<String, Long> granted = new LinkedHashMap<>();
        if (policy != null) {
            for (Category c : policy.categories()) {
                if (!c.required()) {
                    granted.put(c.id(), 0L);
                }
            }
        }
        long shown = 0;
        long accept = 0;
        long custom = 0;
        long reject = 0;
        long withdrawn = 0;
        for (DailyAggregate a : rows) {
            long[] day = perDay.computeIfAbsent(a.day(), d -> new long[4]);
            day[0] += a.acceptedAll();
            day[1] += a.customised();
            day[2] += a.rejectedAll();
            day[3] += a.withdrawn();
            long[] page = perPage.computeIfAbsent(a.pageType() == null ? "(no page type)" : a.pageType(), p -> new long[3]);
            page[0] += a.acceptedAll();
            page[1] += a.customised();
            page[2] += a.rejectedAll();
            long[] regime = perRegime.computeIfAbsent(a.regime().id(), r -> new long[3]);
            regime[0] += a.acceptedAll();
            regime[1] += a.customised();
            regime[2] += a.rejectedAll();
            a.granted().forEach((c, n) -> {
                if (!Category.NECESSARY.equals(c)) {
                    granted.merge(c, n, Long::sum);
                }
            });
            shown += a.bannerShown();
            accept += a.acceptedAll();
            custom += a.customised();
            reject += a.rejectedAll();
            withdrawn += a.withdrawn();
        }
        long decisions = accept + custom + reject;
        h.append("<section id=\"charts\" class=\"card\" aria-labelledby=\"charts-title\"><h2 id=\"charts-title\">Decisions, last ")
                .append(days).append(" days</h2><dl class=\"kpis\">")
                .append(kpi("Banner shown", Long.toString(shown)))
                .append(kpi("Decisions", Long.toString(decisions)))
                .append(kpi("Accept all", SvgCharts.percent(accept, decisions)))
                .append(kpi("Customised", SvgCharts.percent(custom, decisions)))
                .append(kpi("Reject all", SvgCharts.percent(reject, decisions)))
                .append(kpi("Withdrawals", Long.toString(withdrawn)))
                .append("</dl>");

        List<String> dayLabels = new ArrayList<>();
        List<long[]> dayValues = new ArrayList<>();
        perDay.forEach((d, v) -> {
            dayLabels.add(DAY.format(d));
            dayValues.add(new long[] {v[0], v[1], v[2]});
        });
        h.append("<figure><figcaption>Decisions per day</figcaption>")
                .append(SvgCharts.stackedColumns("per-day", "Decisions per day",
                        decisions + " decisions from " + from + " to " + to + ", by accept all, customised and reject all",
                        dayLabels, dayValues, METHODS));
        StringBuilder table = new StringBuilder("<table><thead><tr><th scope=\"col\">Day</th><th scope=\"col\">Accept all</th>"
                + "<th scope=\"col\">Customised</th><th scope=\"col\">Reject all</th><th scope=\"col\">Withdrawals</th></tr></thead><tbody>");
        perDay.forEach((d, v) -> {
            if (v[0] + v[1] + v[2] + v[3] > 0) {
                table.append("<tr><th scope=\"row\">").append(d).append("</th><td>").append(v[0]).append("</td><td>").append(v[1])
                        .append("</td><td>").append(v[2]).append("</td><td>").append(v[3]).append("</td></tr>");
            }
        });
        h.append(dataTable(table.append("</tbody></table>").toString())).append("</figure>");

        h.append("<div class=\"grid\"><figure><figcaption>Per page type</figcaption>")
                .append(SvgCharts.shareBars("per-page", "Decisions per page type", "Share of accept all, customised and reject all per page type",
                        List.copyOf(perPage.keySet()), List.copyOf(perPage.values()), METHODS, "decisions"))
                .append(dataTable(shareTable("Page type", perPage))).append("</figure>");
        h.append("<figure><figcaption>Per regime</figcaption>")
                .append(SvgCharts.shareBars("per-regime", "Decisions per regime", "Share of accept all, customised and reject all per regime",
                        List.copyOf(perRegime.keySet()), List.copyOf(perRegime.values()), METHODS, "decisions"))
                .append(dataTable(shareTable("Regime", perRegime))).append("</figure>");
        List<String> categoryLabels = List.copyOf(granted.keySet());
        long[] grantedCounts = granted.values().stream().mapToLong(Long::longValue).toArray();
        h.append("<figure><figcaption>Categories granted</figcaption>")
                .append(SvgCharts.rateBars("per-category", "Share of decisions that granted each category",
                        "Of " + decisions + " decisions, how many granted each category", categoryLabels, grantedCounts, decisions, "s0"));
        StringBuilder ct = new StringBuilder("<table><thead><tr><th scope=\"col\">Category</th><th scope=\"col\">Granted</th>"
                + "<th scope=\"col\">Share</th></tr></thead><tbody>");
        for (int i = 0; i < categoryLabels.size(); i++) {
            ct.append("<tr><th scope=\"row\">").append(Html.escape(categoryLabels.get(i))).append("</th><td>").append(grantedCounts[i])
                    .append("</td><td>").append(SvgCharts.percent(grantedCounts[i], decisions)).append("</td></tr>");
        }
        h.append(dataTable(ct.append("</tbody></table>").toString())).append("</figure></div></section>\n");
    }

    private static String shareTable(String what, Map<String, long[]> rows) {
        StringBuilder t = new StringBuilder("<table><thead><tr><th scope=\"col\">").append(what)
                .append("</th><th scope=\"col\">Accept all</th><th scope=\"col\">Customised</th><th scope=\"col\">Reject all</th></tr></thead><tbody>");
        rows.forEach((k, v) -> t.append("<tr><th scope=\"row\">").append(Html.escape(k)).append("</th><td>").append(v[0])
                .append("</td><td>").append(v[1]).append("</td><td>").append(v[2]).append("</td></tr>"));
        return t.append("</tbody></table>").toString();
    }

    private static String dataTable(String table) {
        return "<details><summary>Data table</summary>" + table + "</details>";
    }

    private static String kpi(String label, String value) {
        return "<div><dt>" + Html.escape(label) + "</dt><dd>" + Html.escape(value) + "</dd></div>";
    }

    // ------------------------------------------------------------------ ledger

    private void records(StringBuilder h, ConsentLedger ledger) {
        String q = request.getParameter("q");
        q = q == null ? "" : q.strip();
        if (q.length() > 4096) {
            q = q.substring(0, 4096); // longer than any stored reference: finds nothing, as it should
        }
        String t = Html.escape(URLEncoder.encode(tenant, StandardCharsets.UTF_8));
        h.append("<section id=\"ledger\" class=\"card\" aria-labelledby=\"ledger-title\"><h2 id=\"ledger-title\">Ledger</h2>")
                .append("<form method=\"get\" action=\"").append(Html.escape(base)).append("#ledger\" class=\"search\" role=\"search\">")
                .append(hidden("tenant", tenant)).append(hidden("days", Integer.toString(days)))
                .append("<label for=\"q\">Find the decisions of a consent id or a subject reference</label>")
                .append("<input id=\"q\" name=\"q\" type=\"search\" value=\"").append(Html.escape(q))
                .append("\" placeholder=\"consent id (UUID) or subject reference\"><button type=\"submit\">Search</button></form>")
                .append("<p class=\"exports\">Export this organizer's ledger: <a href=\"").append(Html.escape(base))
                .append("/records.jsonl?tenant=").append(t).append("\">JSON Lines</a> · <a href=\"").append(Html.escape(base))
                .append("/records.csv?tenant=").append(t).append("\">CSV</a>");
        if (viewer.operator()) {
            h.append(" · every organizer: <a href=\"").append(Html.escape(base)).append("/records.jsonl\">JSON Lines</a>");
        }
        h.append("</p>");
        try {
            if (!q.isEmpty()) {
                List<StoredConsentRecord> found;
                String what;
                Optional<UUID> id = uuid(q);
                if (id.isPresent()) {
                    found = ledger.findByConsentId(tenant, id.get());
                    what = "consent id";
                } else {
                    found = ledger.findBySubject(tenant, q);
                    what = "subject reference";
                }
                h.append("<h3>").append(found.size()).append(found.size() == 1 ? " record" : " records").append(" of the ")
                        .append(what).append(" <code>").append(Html.escape(q)).append("</code></h3>");
                if (!found.isEmpty()) {
                    String exportQuery = id.isPresent() ? "consentId=" + id.get() : "subject=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
                    h.append("<p class=\"exports\">Export these records (for the data subject or an audit): <a href=\"")
                            .append(Html.escape(base)).append("/records.jsonl?tenant=").append(t).append("&amp;").append(Html.escape(exportQuery))
                            .append("\">JSON Lines</a> · <a href=\"").append(Html.escape(base)).append("/records.csv?tenant=").append(t)
                            .append("&amp;").append(Html.escape(exportQuery)).append("\">CSV</a></p>");
                }
                recordTable(h, found);
            }
            long after = 0;
            try {
                String a = request.getParameter("after");
                after = a == null ? 0 : Math.max(0, Long.parseLong(a));
            } catch (NumberFormatException e) {
                after = 0;
            }
            Instant since = LocalDate.now(options.clock().withZone(ZoneOffset.UTC)).minusDays(days - 1L).atStartOfDay(ZoneOffset.UTC).toInstant();
            RecordPage page = ledger.findByTime(tenant, since, null, after, PAGE_SIZE);
            h.append("<h3>Records of the last ").append(days).append(" days").append(after > 0 ? ", after #" + after : "")
                    .append("</h3>");
            recordTable(h, page.records());
            if (page.nextAfterSequence().isPresent()) {
                h.append("<p><a href=\"").append(Html.escape(base)).append("?tenant=").append(t).append("&amp;days=").append(days)
                        .append("&amp;after=").append(page.nextAfterSequence().getAsLong()).append("#ledger\">Next ").append(PAGE_SIZE)
                        .append(" records</a></p>");
            }
        } catch (LedgerException | IllegalStateException e) {
            LOG.log(Level.WARNING, "ledger unavailable", e);
            h.append("<p class=\"problem\">The ledger cannot be read right now: ").append(Html.escape(e.getMessage())).append("</p>");
        }
        h.append("</section>\n");
    }

    private static Optional<UUID> uuid(String s) {
        if (s.length() != 36) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void recordTable(StringBuilder h, List<StoredConsentRecord> records) {
        if (records.isEmpty()) {
            h.append("<p class=\"meta\">No records.</p>");
            return;
        }
        String t = Html.escape(URLEncoder.encode(tenant, StandardCharsets.UTF_8));
        h.append("<div class=\"scroll\"><table class=\"records\"><thead><tr><th scope=\"col\">#</th><th scope=\"col\">Time (UTC)</th>")
                .append("<th scope=\"col\">Action</th><th scope=\"col\">Method</th><th scope=\"col\">Granted</th><th scope=\"col\">Page type</th>")
                .append("<th scope=\"col\">Regime</th><th scope=\"col\">Region</th><th scope=\"col\">GPC</th><th scope=\"col\">Revision</th>")
                .append("<th scope=\"col\">Consent id</th><th scope=\"col\">Subject</th></tr></thead><tbody>");
        for (StoredConsentRecord s : records) {
            ConsentRecord r = s.record();
            List<String> grantedIds = new ArrayList<>();
            r.choices().forEach((c, g) -> {
                if (Boolean.TRUE.equals(g)) {
                    grantedIds.add(c);
                }
            });
            h.append("<tr><td>").append(s.sequence()).append("</td><td>").append(TIME.format(r.recordedAt())).append("</td><td>")
                    .append(Html.escape(r.action().id())).append("</td><td>").append(Html.escape(r.method().id())).append("</td><td>")
                    .append(Html.escape(String.join(", ", grantedIds))).append("</td><td>").append(Html.escape(r.pageType()))
                    .append("</td><td>").append(Html.escape(r.regime().id())).append("</td><td>").append(Html.escape(r.region()))
                    .append("</td><td>").append(r.gpc() ? "yes" : "no").append("</td><td>").append(r.policyRevision())
                    .append("</td><td><a href=\"").append(Html.escape(base)).append("?tenant=").append(t).append("&amp;q=")
                    .append(r.consentId()).append("#ledger\"><code>").append(r.consentId()).append("</code></a></td><td>");
            if (r.subjectReference() != null) {
                h.append("<a href=\"").append(Html.escape(base)).append("?tenant=").append(t).append("&amp;q=")
                        .append(Html.escape(URLEncoder.encode(r.subjectReference(), StandardCharsets.UTF_8))).append("#ledger\"><code>")
                        .append(Html.escape(r.subjectReference())).append("</code></a>");
            }
            h.append("</td></tr>");
        }
        h.append("</tbody></table></div>");
    }

    private void chain(StringBuilder h, ConsentLedger ledger) {
        h.append("<section id=\"chain\" class=\"card\" aria-labelledby=\"chain-title\"><h2 id=\"chain-title\">Chain verification</h2>");
        try {
            ChainVerification v = ledger.verify(tenant);
            if (v.intact()) {
                h.append("<p class=\"ok\"><strong>Intact.</strong> ").append(v.recordsChecked())
                        .append(" records checked: every record's content hash, every link and no gaps.</p>");
            } else {
                ChainVerification.BrokenLink b = v.brokenLink();
                h.append("<p class=\"problem\" role=\"alert\"><strong>Broken at record #").append(b.sequence()).append(".</strong> ")
                        .append(Html.escape(b.reason())).append(b.recordId() == null ? "" : " (record " + b.recordId() + ")").append("</p>");
            }
            h.append("<p class=\"meta\">Chain head: record #").append(v.headSequence()).append(", hash <code class=\"hash\">")
                    .append(Html.escape(v.headHash())).append("</code>");
            if (v.anchorSequence() > 0) {
                h.append("; verified from the retention anchor after record #").append(v.anchorSequence());
            }
            h.append(". Keep the head hash: it proves later that nothing before it changed.</p>");
        } catch (LedgerException | IllegalStateException e) {
            LOG.log(Level.WARNING, "chain verification unavailable", e);
            h.append("<p class=\"problem\">The chain cannot be verified right now: ").append(Html.escape(e.getMessage())).append("</p>");
        }
        h.append("</section>\n");
    }

    // ------------------------------------------------------------------ undeclared names

    private void undeclaredNames(StringBuilder h, Policy policy) {
        List<UndeclaredNames.Sighting> sightings = undeclared.sightings(tenant);
        h.append("<section id=\"undeclared\" class=\"card\" aria-labelledby=\"undeclared-title\"><h2 id=\"undeclared-title\">")
                .append("Undeclared cookies, storage keys and scripts</h2>")
                .append("<p class=\"meta\">Seen on real traffic: <code>Set-Cookie</code> headers of the application, and what the ")
                .append("browser runtime reported. ");
        if (policy != null) {
            h.append(policy.undeclaredPolicy().id().equals("block") ? "They are blocked until you declare them."
                    : "They are allowed; declare them so that visitors can refuse them.");
        }
        h.append("</p>");
        suggestion(h, policy);
        if (sightings.isEmpty()) {
            h.append("<p class=\"ok\">Nothing undeclared seen since the start.</p></section>\n");
            return;
        }
        h.append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Kind</th><th scope=\"col\">Name</th><th scope=\"col\">Seen by</th>")
                .append("<th scope=\"col\">First page</th><th scope=\"col\">Count</th><th scope=\"col\">Last seen</th>")
                .append("<th scope=\"col\">Declare it</th><th scope=\"col\"><span class=\"sr\">Dismiss</span></th></tr></thead><tbody>");
        for (UndeclaredNames.Sighting s : sightings) {
            h.append("<tr><td>").append(Html.escape(s.kind().id())).append("</td><td><code>").append(Html.escape(s.name()))
                    .append("</code></td><td>").append(s.source() == UndeclaredNames.Source.SERVER ? "server" : "browser")
                    .append("</td><td>").append(Html.escape(s.page())).append("</td><td>").append(s.count()).append("</td><td>")
                    .append(TIME.format(s.lastSeen())).append("</td><td>");
            if (policy != null) {
                h.append("<form method=\"get\" action=\"").append(Html.escape(base)).append("#suggestion\" class=\"inline\">")
                        .append(hidden("tenant", tenant)).append(hidden("days", Integer.toString(days)))
                        .append(hidden("declare", s.kind().id())).append(hidden("name", s.name()))
                        .append("<label class=\"sr\" for=\"cat-").append(s.hashCode() & 0x7fffffff).append("\">Category for ")
                        .append(Html.escape(s.name())).append("</label><select name=\"category\" id=\"cat-")
                        .append(s.hashCode() & 0x7fffffff).append("\">");
                boolean selected = false;
                for (Category c : policy.categories()) {
                    boolean select = !selected && !c.required();
                    selected |= select;
                    h.append("<option value=\"").append(Html.escape(c.id())).append("\"").append(select ? " selected" : "").append(">")
                            .append(Html.escape(c.id())).append("</option>");
                }
                h.append("</select><button type=\"submit\">Suggest</button></form>");
            }
            h.append("</td><td><form method=\"post\" action=\"").append(Html.escape(base)).append("/undeclared/dismiss\" class=\"inline\">")
                    .append(hidden("csrf", csrf)).append(hidden("tenant", tenant)).append(hidden("kind", s.kind().id()))
                    .append(hidden("name", s.name())).append("<button type=\"submit\" class=\"quiet\">Dismiss</button></form></td></tr>");
        }
        h.append("</tbody></table></div></section>\n");
    }

    /** The ready JSON snippet for {@code ?declare=KIND&name=NAME&category=ID}, and where it goes. */
    private void suggestion(StringBuilder h, Policy policy) {
        Optional<DeclarationKind> kind = DeclarationKind.fromId(request.getParameter("declare"));
        String name = request.getParameter("name");
        String categoryId = request.getParameter("category");
        if (policy == null || kind.isEmpty() || name == null || name.isEmpty() || name.length() > 512) {
            return;
        }
        Category category = policy.category(categoryId);
        if (category == null) {
            return;
        }
        String snippet = snippet(kind.get(), name);
        String file = Policy.DEFAULT_TENANT.equals(tenant) ? "the platform default (default.json, or the single configuration file)"
                : tenant + ".json";
        h.append("<div id=\"suggestion\" class=\"suggestion\"><h3>Declare <code>").append(Html.escape(name)).append("</code> as ")
                .append(Html.escape(category.id())).append("</h3><p>Add this to the <code>declarations</code> of the category ")
                .append("<code>\"id\": \"").append(Html.escape(category.id())).append("\"</code> (JSON path <code>$.categories[?(@.id=='")
                .append(Html.escape(category.id())).append("')].declarations</code>) in <strong>").append(Html.escape(file))
                .append("</strong>, and fill in provider, purpose and retention as you publish them:</p><pre><code>")
                .append(Html.escape(snippet)).append("</code></pre>");
        if (!Policy.DEFAULT_TENANT.equals(tenant)) {
            h.append("<p class=\"meta\">A tenant's file is laid over the platform default as a JSON Merge Patch, which replaces ")
                    .append("arrays whole: if <code>").append(Html.escape(tenant)).append(".json</code> has no <code>categories</code> ")
                    .append("of its own, either declare the name in the platform default (for every organizer) or copy the ")
                    .append("<code>categories</code> array into <code>").append(Html.escape(tenant)).append(".json</code> first.</p>");
        }
        if (kind.get() == DeclarationKind.COOKIE && name.matches(".*[0-9A-Fa-f]{6,}$")) {
            h.append("<p class=\"meta\">The name ends in what looks like an id: consider <code>\"match\": \"prefix\"</code> with ")
                    .append("the part before it.</p>");
        }
        h.append("<p class=\"meta\">Saved files are applied without a restart. Then dismiss the entry below.</p></div>");
    }

    /** A declaration to paste into the configuration, for the organizer to complete. */
    static String snippet(DeclarationKind kind, String name) {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"kind\": ").append(jsonString(kind.id())).append(",\n");
        sb.append("  \"name\": ").append(jsonString(name)).append(",\n");
        if (kind == DeclarationKind.IFRAME || kind == DeclarationKind.SCRIPT) {
            sb.append("  \"match\": \"exact\",\n");
        }
        sb.append("  \"provider\": \"\",\n");
        sb.append("  \"purpose\": \"\",\n");
        sb.append("  \"retention\": ").append(kind == DeclarationKind.SCRIPT || kind == DeclarationKind.IFRAME ? "\"-\"" : "\"\"")
                .append("\n}");
        return sb.toString();
    }

    private static String jsonString(String s) {
        try {
            return Json.MAPPER.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ declaration

    private void declaration(StringBuilder h, Policy policy) {
        String locale = policy.defaultLocale();
        h.append("<section id=\"declaration\" class=\"card\" aria-labelledby=\"declaration-title\"><h2 id=\"declaration-title\">")
                .append("Published cookie declaration</h2><p class=\"meta\">What visitors see at <code>")
                .append(Html.escape(options.endpointPrefix())).append("/cookies</code> on this organizer's pages (in ")
                .append(Html.escape(locale)).append(").</p>");
        for (Category c : policy.categories()) {
            h.append("<h3>").append(Html.escape(policy.texts(null, locale).get("category." + c.id() + ".label"))).append(" <small>(<code>")
                    .append(Html.escape(c.id())).append("</code>").append(c.required() ? ", always on" : "").append(")</small></h3>");
            if (c.declarations().isEmpty()) {
                h.append("<p class=\"meta\">Nothing declared.</p>");
                continue;
            }
            h.append("<div class=\"scroll\"><table><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Kind</th><th scope=\"col\">Match</th>")
                    .append("<th scope=\"col\">Provider</th><th scope=\"col\">Purpose</th><th scope=\"col\">Retention</th></tr></thead><tbody>");
            for (Declaration d : c.declarations()) {
                h.append("<tr><td><code>").append(Html.escape(d.name())).append("</code></td><td>").append(Html.escape(d.kind().id()))
                        .append("</td><td>").append(Html.escape(d.match().id())).append("</td><td>").append(Html.escape(d.provider()))
                        .append("</td><td>").append(Html.escape(d.purpose().in(locale, locale))).append("</td><td>")
                        .append(Html.escape(d.retention())).append("</td></tr>");
            }
            h.append("</tbody></table></div>");
        }
        h.append("</section>\n");
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + Html.escape(value) + "\">";
    }

    private static final String STYLE = ""
            + ":root{color-scheme:light dark;--bg:#f5f6fa;--card:#fff;--text:#1c1e2b;--muted:#555a70;--line:#d8dbe6;--accent:#1f4fd1}"
            + "@media (prefers-color-scheme:dark){:root{--bg:#111318;--card:#1a1d25;--text:#e8e9ef;--muted:#a6abbf;--line:#333847;--accent:#8ab0ff}}"
            + "*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;background:var(--bg);color:var(--text)}"
            + ".wrap{max-width:80rem;margin:0 auto;padding:0 1.25rem}a{color:var(--accent)}:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}"
            + ".top{background:#14172a;color:#fff;padding:.6rem 0}.top .wrap{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 2rem}"
            + ".brand{margin:0;font-weight:700;font-size:1.1rem}.brand span{font-weight:400;opacity:.8}"
            + ".picker{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem}.picker label{opacity:.85}.who{opacity:.75;font-size:.85rem;margin-left:.5rem}"
            + "select,input,button{font:inherit;padding:.3rem .55rem;border-radius:6px;border:1px solid var(--line);background:var(--card);color:var(--text)}"
            + "button{cursor:pointer;border-color:var(--accent);background:var(--accent);color:#fff;font-weight:600}button.quiet{background:transparent;color:var(--accent)}"
            + ".top select{background:#fff;color:#111}main.wrap{padding-top:1.25rem;padding-bottom:2rem}"
            + ".card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:1.1rem 1.3rem;margin:0 0 1.25rem}"
            + "h1{font-size:1.5rem;margin:0 0 .3rem}h2{font-size:1.2rem;margin:0 0 .6rem}h3{font-size:1rem;margin:1.2rem 0 .4rem}"
            + ".meta{color:var(--muted);font-size:.9rem}.notice{background:#e8f1ff;color:#12306b;border-radius:8px;padding:.6rem .9rem}"
            + ".problem{color:#9b1c1c}.problem pre{white-space:pre-wrap;background:#fdf2f2;color:#7f1d1d;padding:.6rem;border-radius:6px;overflow-x:auto}"
            + ".ok{color:#166534}.inline{display:inline-flex;gap:.3rem;align-items:center;margin:0}"
            + ".kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(9rem,100%),1fr));gap:.6rem;margin:.4rem 0 1rem}"
            + ".kpis div{border:1px solid var(--line);border-radius:8px;padding:.5rem .7rem}.kpis dt{color:var(--muted);font-size:.85rem}"
            + ".kpis dd{margin:0;font-size:1.5rem;font-weight:700}"
            + "figure{margin:0 0 1rem}figcaption{font-weight:600;margin-bottom:.3rem}.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(26rem,100%),1fr));gap:1rem}"
            + ".chart{width:100%;height:auto;max-width:56rem;display:block}.chart .grid{stroke:var(--line);stroke-width:1}"
            + ".chart text{font-size:12px;fill:var(--muted)}.chart .label{fill:var(--text)}.chart .track{fill:var(--bg)}"
            + ".s0{fill:#1f4fd1}.s1{fill:#9d4edd}.s2{fill:#7a8194}"
            + "details{margin:.3rem 0}summary{cursor:pointer;color:var(--accent);font-size:.9rem}"
            + "table{border-collapse:collapse;width:100%;font-size:.88rem;margin:.3rem 0}th,td{text-align:start;padding:.35rem .5rem;"
            + "border-bottom:1px solid var(--line);vertical-align:top}thead th{background:var(--bg)}.scroll{overflow-x:auto}"
            + "code{font-size:.88em;word-break:break-all}.hash{font-size:.8em}.search{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin:.3rem 0}"
            + ".search label{width:100%;font-weight:600}.search input{flex:1;min-width:16rem}"
            + ".suggestion{border:2px solid var(--accent);border-radius:10px;padding:.6rem 1rem;margin:.6rem 0}"
            + ".suggestion pre{background:var(--bg);padding:.6rem;border-radius:6px;overflow-x:auto}"
            + ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}"
            + "footer{color:var(--muted);font-size:.85rem;padding-bottom:2rem}";
}
