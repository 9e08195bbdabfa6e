package dev.consentkit.demo;

import dev.consentkit.core.Layout;
import dev.consentkit.core.PageType;
import dev.consentkit.core.Policy;
import dev.consentkit.core.Regime;
import dev.consentkit.core.config.ConfigurationSource;
import dev.consentkit.core.config.PolicyLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The documented example configuration is the demo's: it must load, declare what the demo writes, and differ per organizer. */
class ExampleConfigurationTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private final PolicyLoader loader = PolicyLoader.builder().environment(name -> "CONSENTKIT_KEY".equals(name) ? KEY : null).build();

    private Policy load(String tenant) {
        ConfigurationSource platform = ConfigurationSource.of(DemoDataTest.repositoryFile("docs/examples/consentkit.json"));
        if (Policy.DEFAULT_TENANT.equals(tenant)) {
            return loader.load(tenant, List.of(platform));
        }
        return loader.load(tenant, List.of(platform, ConfigurationSource.of(DemoDataTest.repositoryFile("docs/examples/tenants/" + tenant + ".json"))));
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void everyDemoVendor_isDeclaredInItsCategory(Vendor vendor) {
        Policy policy = load(Policy.DEFAULT_TENANT);
        var kind = vendor.iframe() ? dev.consentkit.core.DeclarationKind.IFRAME : dev.consentkit.core.DeclarationKind.SCRIPT;

        assertThat(policy.classify(kind, vendor.src() + (vendor.iframe() ? "?v=acme" : "")).category().id()).isEqualTo(vendor.category());
    }

    @Test
    void namesTheVendorsAndTheServerWrite_areDeclaredInTheirCategories() {
        Policy policy = load("acme");
        record Name(dev.consentkit.core.DeclarationKind kind, String name, String category) {
        }
        var cookie = dev.consentkit.core.DeclarationKind.COOKIE;
        var local = dev.consentkit.core.DeclarationKind.LOCAL_STORAGE;
        var session = dev.consentkit.core.DeclarationKind.SESSION_STORAGE;
        var idb = dev.consentkit.core.DeclarationKind.INDEXED_DB;
        List<Name> names = List.of(
                new Name(cookie, "_mx_id", "analytics"), new Name(local, "mx_client", "analytics"),
                new Name(session, "mx_session", "analytics"), new Name(idb, "mx-events", "analytics"),
                new Name(cookie, "srv_visit", "analytics"),
                new Name(cookie, "_adnet_id", "marketing"), new Name(cookie, "_adpx_id", "marketing"),
                new Name(local, "adnet_segments", "marketing"), new Name(session, "adnet_click", "marketing"),
                new Name(idb, "adnet-conversions", "marketing"), new Name(cookie, "utm_attribution", "marketing"),
                new Name(cookie, "st_viewer", "marketing"), new Name(local, "st_watch_history", "marketing"),
                new Name(session, "st_session", "marketing"), new Name(idb, "st-analytics", "marketing"),
                new Name(cookie, "chat_prefs", "preferences"), new Name(local, "chat_history", "preferences"),
                new Name(session, "chat_open", "preferences"), new Name(idb, "chat-drafts", "preferences"),
                new Name(cookie, "demo_region", "necessary"), new Name(cookie, "JSESSIONID", "necessary"),
                new Name(cookie, "consentkit_acme", "necessary"));
        for (Name n : names) {
            assertThat(policy.classify(n.kind(), n.name())).as(n.toString()).isNotNull();
            assertThat(policy.classify(n.kind(), n.name()).category().id()).as(n.toString()).isEqualTo(n.category());
        }
    }

    @Test
    void everyPageWithThirdPartyContent_isAConfiguredPageType() {
        Policy policy = load(Policy.DEFAULT_TENANT);

        for (String path : List.of("/login", "/webinars/product-launch/register", "/webinars/product-launch/waiting-room",
                "/webinars/product-launch/thank-you", "/organizers/acme")) {
            assertThat(policy.pageTypeFor(path)).as(path).isNotNull();
        }
    }

    @Test
    void globex_isConfiguredDifferently_fromAcme() {
        Policy acme = load("acme");
        Policy globex = load("globex");

        assertThat(acme.organizer().name()).isEqualTo("Acme Events");
        assertThat(globex.organizer().name()).isEqualTo("Globex Corporation");
        assertThat(acme.pageTypeFor("/webinars/product-launch/register").offers("marketing")).isTrue();
        for (PageType page : globex.pageTypes()) {
            assertThat(page.offers("marketing")).as(page.id()).isFalse();
            assertThat(page.layout()).as(page.id()).isEqualTo(Layout.MODAL);
        }
        assertThat(acme.regimeFor("US")).isEqualTo(Regime.OPT_OUT);
        assertThat(globex.regimeFor("US")).isEqualTo(Regime.OPT_IN);
        assertThat(globex.theme()).isNotEqualTo(acme.theme());
        assertThat(globex.texts(null, "en").get("title")).isNotEqualTo(acme.texts(null, "en").get("title"));
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void pagesCarry_aScriptOfEveryCategoryTheyOffer(Vendor ignored) {
        // checked once per page type; the parameter only makes the report name the vendors
        Policy policy = load("acme");
        Pages pages = new Pages(WebinarCatalog.demo(java.time.Instant.now()), true);
        WebinarCatalog catalog = WebinarCatalog.demo(java.time.Instant.now());
        WebinarCatalog.Webinar w = catalog.webinar("product-launch");
        Pages.Context c = new Pages.Context("/x", null, w.organizer(), null, null, false);
        java.util.Map<String, String> html = java.util.Map.of(
                "/webinars/product-launch/register", pages.register(c, w, java.util.Map.of(), List.of()),
                "/webinars/product-launch/waiting-room", pages.waitingRoom(c, w, java.time.Instant.now()),
                "/webinars/product-launch/thank-you", pages.thankYou(c, w, null),
                "/organizers/acme", pages.profile(c, w.organizer()),
                "/login", pages.login(c, null, null, "/"));
        html.forEach((path, page) -> {
            PageType type = policy.pageTypeFor(path);
            for (String category : type.offered()) {
                if (category.equals("necessary")) {
                    continue;
                }
                boolean carried = java.util.Arrays.stream(Vendor.values())
                        .anyMatch(v -> v.category().equals(category) && page.contains((v.iframe() ? "<iframe src=\"" : "<script src=\"") + v.src()));
                assertThat(carried).as(path + " offers " + category).isTrue();
            }
        });
    }
}
