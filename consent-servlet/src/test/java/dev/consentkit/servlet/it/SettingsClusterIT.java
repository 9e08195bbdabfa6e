package dev.consentkit.servlet.it;

import dev.consentkit.servlet.ConsentFilter;
import dev.consentkit.servlet.SettingsFixture;
import dev.consentkit.servlet.testing.HtmlForms;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of an application in Jetty 12, over the same configuration files and one settings
 * database (H2, and PostgreSQL when {@code CONSENTKIT_TEST_POSTGRES_URL} names one): an organizer
 * saves a change on one, over real HTTP, and both serve the new behaviour within seconds.
 */
class SettingsClusterIT {

    private static final String THANK_YOU = "/webinars/launch/thank-you";
    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString(("acme:" + SettingsFixture.ACME_PASSWORD).getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aChangeSavedOnOneInstance_isServedByBoth_withinSeconds(String database) throws Exception {
        String url = url(database);
        String prefix = "ckcl" + UUID.randomUUID().toString().substring(0, 8) + "_";
        SettingsFixture.writeFiles(dir);
        try (SettingsFixture one = SettingsFixture.open(dir, url, prefix);
             SettingsFixture two = SettingsFixture.open(dir, url, prefix);
             ServletContainer a = start(one);
             ServletContainer b = start(two)) {
            Http httpA = new Http(a.base());
            Http httpB = new Http(b.base());

            // an attendee accepts everything on the thank-you page (through instance A)
            HttpResponse<String> decided = httpA.postJson("/consent/state", "{\"action\":\"accept-all\",\"page\":\"" + THANK_YOU + "\"}",
                    "Origin", httpA.origin());
            assertThat(decided.statusCode()).isEqualTo(200);
            String consent = Http.setCookies(decided).stream().filter(c -> c.startsWith("consentkit_acme=")).findFirst().orElseThrow()
                    .split(";")[0];
            for (Http http : List.of(httpA, httpB)) {
                HttpResponse<String> page = http.get(THANK_YOU, "Cookie", consent);
                assertThat(Http.setCookies(page)).anyMatch(c -> c.startsWith("utm_attribution="));
                assertThat(page.body()).contains("<script src=\"/demo/vendor/pixel.js\"></script>");
            }

            // the organizer stops offering marketing on the thank-you page, on instance A
            String html = httpA.get("/consent/admin/settings/pages?tenant=acme", "Authorization", AUTH).body();
            Map<String, String> form = HtmlForms.fields(html);
            String thankYou = form.entrySet().stream().filter(e -> e.getKey().matches("pt\\.\\d+\\.id") && e.getValue().equals("thank-you"))
                    .map(e -> e.getKey().replace(".id", "")).findFirst().orElseThrow();
            form.remove(thankYou + ".offer.marketing");
            form.put("csrf", HtmlForms.csrf(html));
            form.put("tenant", "acme");
            form.put("action", "review");
            HttpResponse<String> review = post(httpA, "/consent/admin/settings/pages", form);
            assertThat(review.statusCode()).isEqualTo(200);
            assertThat(review.body()).contains("no longer offers marketing");
            form.put("action", "save");
            form.put("reviewed", HtmlForms.reviewed(review.body()));
            HttpResponse<String> saved = post(httpA, "/consent/admin/settings/pages", form);
            assertThat(saved.statusCode()).isEqualTo(303);

            // both instances serve it within seconds: no marketing cookie, the pixel neutralised
            for (Http http : List.of(httpA, httpB)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                HttpResponse<String> page = http.get(THANK_YOU, "Cookie", consent);
                while (page.body().contains("<script src=\"/demo/vendor/pixel.js\">") && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    page = http.get(THANK_YOU, "Cookie", consent);
                }
                assertThat(page.body()).as(http == httpA ? "instance A" : "instance B")
                        .contains("<script type=\"text/plain\" data-consent=\"marketing\" data-src=\"/demo/vendor/pixel.js\"></script>");
                assertThat(Http.setCookies(page)).noneMatch(c -> c.startsWith("utm_attribution="));
            }
        } finally {
            if (database.equals("postgresql")) {
                dropTables(url, prefix);
            }
        }
    }

    private static String url(String database) {
        if (database.equals("h2")) {
            return "jdbc:h2:mem:cluster-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        }
        String url = System.getenv("CONSENTKIT_TEST_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            if ("1".equals(System.getenv("CONSENTKIT_REQUIRE_POSTGRES"))) {
                throw new AssertionError("CONSENTKIT_REQUIRE_POSTGRES=1 but CONSENTKIT_TEST_POSTGRES_URL is not set");
            }
            Assumptions.abort("set CONSENTKIT_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:5432/test?user=postgres to run on PostgreSQL");
        }
        return url;
    }

    private static void dropTables(String url, String prefix) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE '"
                    + prefix + "%'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                st.execute("DROP TABLE IF EXISTS " + t + " CASCADE");
            }
        }
    }

    private static ServletContainer start(SettingsFixture fixture) throws Exception {
        ConsentFilter filter = new ConsentFilter(fixture.options().tenantResolver((request, path) -> "acme").build());
        return ServletContainer.start("jetty", filter, Map.of("/", new ThankYouServlet()));
    }

    private static HttpResponse<String> post(Http http, String path, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return http.send(http.request(path).header("Authorization", AUTH).header("Origin", http.origin())
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** The thank-you page: the conversion pixel and the campaign cookie, both marketing. */
    static final class ThankYouServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.addHeader("Set-Cookie", "utm_attribution=newsletter; Path=/; Max-Age=2592000");
            resp.setContentType("text/html;charset=UTF-8");
            resp.getWriter().write("<!DOCTYPE html><html lang=\"en\"><head><title>Thanks</title></head><body><main><h1>Thank you</h1>"
                    + "<script src=\"/demo/vendor/pixel.js\"></script></main></body></html>");
        }
    }
}
