package dev.consentkit.demo;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class WebinarCatalogTest {

    private final WebinarCatalog catalog = WebinarCatalog.demo(Instant.parse("2026-11-29T10:15:00Z"));

    @ParameterizedTest(name = "{0} belongs to {1}")
    @CsvSource({
            "/webinars/product-launch/register, acme",
            "/webinars/product-launch/waiting-room, acme",
            "/webinars/product-launch/thank-you, acme",
            "/webinars/product-launch, acme",
            "/organizers/acme, acme",
            "/webinars/quarterly-briefing/register, globex",
            "/organizers/globex, globex",
            "/organizers/globex/, globex",
            "/, default",
            "/login, default",
            "/privacy, default",
            "/webinars/unknown/register, default",
            "/organizers/initech, default",
            "/webinars, default",
            "/demo/vendor/ads.js, default",
    })
    void tenantOf_mapsPathsToTheOwningOrganizer(String path, String tenant) {
        assertThat(catalog.tenantOf(path)).isEqualTo(tenant);
    }

    @ParameterizedTest
    @CsvSource({"product-launch, acme", "quarterly-briefing, globex"})
    void webinars_belongToTheirOrganizer_andStartInTheFuture(String slug, String organizer) {
        WebinarCatalog.Webinar w = catalog.webinar(slug);

        assertThat(w.organizer().id()).isEqualTo(organizer);
        assertThat(w.startsAt()).isAfter(Instant.parse("2026-11-29T10:15:00Z"));
    }
}
