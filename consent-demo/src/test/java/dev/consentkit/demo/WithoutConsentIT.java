package dev.consentkit.demo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --without-consent}: the same site, with no ConsentKit at all (the benchmarks' baseline). */
class WithoutConsentIT {

    @TempDir
    static Path data;
    static DemoServer demo;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoServer.start(DemoOptions.parse("--port", "0", "--data", data.resolve("d").toString(), "--without-consent"));
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/login", "/webinars/product-launch/register", "/webinars/product-launch/waiting-room",
            "/webinars/product-launch/thank-you", "/organizers/acme", "/webinars/quarterly-briefing/register", "/organizers/globex"})
    void pages_areServed_withTheirVendorScripts_andNoBootstrap(String path) throws Exception {
        HttpResponse<String> r = new Browser(demo.uri()).get(path);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("<script src=\"/demo/vendor/analytics.js\"></script>")
                .doesNotContain("consentkit-bootstrap", "/consent/", "Demo tool");
    }

    @Test
    void catalog_isServed_withoutConsentKit() throws Exception {
        HttpResponse<String> r = new Browser(demo.uri()).get("/");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Upcoming webinars").doesNotContain("consentkit-bootstrap", "/consent/");
    }

    @Test
    void serverCookies_areSetWithoutAsking() throws Exception {
        HttpResponse<String> r = new Browser(demo.uri()).get("/webinars/product-launch/register?utm_source=newsletter");

        assertThat(Browser.setCookieNames(r)).contains("srv_visit", "utm_attribution");
    }

    @Test
    void consentKitsEndpoints_doNotExist_andNothingIsWritten() throws Exception {
        Browser b = new Browser(demo.uri());

        assertThat(b.get("/consent/state").statusCode()).isEqualTo(404);
        assertThat(b.get("/consent/admin").statusCode()).isEqualTo(404);
        assertThat(demo.adminPassword()).isNull();
        assertThat(Files.exists(data.resolve("d"))).as("no data folder is needed").isFalse();
    }
}
