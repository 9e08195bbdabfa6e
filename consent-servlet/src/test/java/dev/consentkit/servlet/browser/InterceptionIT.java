package dev.consentkit.servlet.browser;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What page scripts try after the page has loaded: storage writes of every kind, scripts they
 * insert, and the reports of undeclared names.
 */
class InterceptionIT extends BrowserTest {

    /** Records the runtime's requests to the report endpoint, with their status. */
    private static final String FETCH_SPY = """
            window.reports = [];
            const f = window.fetch;
            window.fetch = (u, o) => {
              const r = f(u, o);
              if (String(u).endsWith('/report')) {
                const rec = {at: Date.now(), body: JSON.parse(o.body)};
                window.reports.push(rec);
                r.then(x => rec.status = x.status);
              }
              return r;
            };
            """;

    @Test
    void writesOfRefusedAndUndeclaredNames_areDroppedSilently_everyWay() {
        open(TestSite.REGISTER + "?v=empty");
        Object thrown = asyncJs("""
                const done = arguments[0], errors = [];
                try {
                  document.cookie = '_mx_id=1; path=/';
                  document.cookie = 'mystery=1; path=/';
                  localStorage.setItem('mx_client', '1');
                  localStorage.adnet_segments = '1';
                  localStorage['undeclared_key'] = '1';
                  Object.assign(sessionStorage, {mx_session: '1', chat_open: '1'});
                  sessionStorage.setItem('adnet_click', '1');
                } catch (e) { errors.push(String(e)); }
                const req = indexedDB.open('mx-events');
                let viaProperty = false, viaListener = false, success = false;
                req.onerror = () => viaProperty = true;
                req.addEventListener('error', () => viaListener = true);
                req.onsuccess = () => success = true;
                const store = window.cookieStore ? cookieStore.set('utm_attribution', 'x') : Promise.resolve();
                store.then(() => setTimeout(() => done({errors, viaProperty, viaListener, success}), 50), e => done({errors: [String(e)]}));
                """);
        assertThat(thrown).isEqualTo(Map.of("errors", List.of(), "viaProperty", true, "viaListener", true, "success", false));
        assertNothingNonEssential("after page code tried to write");
    }

    @Test
    void writesOfAllowedNames_pass() {
        region("US"); // opt-out: allowed until refused
        open(TestSite.LOGIN + "?v=empty");
        js("document.cookie = '_mx_x=1; path=/'; localStorage.mx_client = '1'; sessionStorage.setItem('mx_session', '1'); indexedDB.open('mx-events');");
        waitUntil("the allowed writes", d -> traces().get("databases").contains("mx-events"));
        assertThat(traces()).containsEntry("cookies", List.of("_mx_x")).containsEntry("local", List.of("mx_client"))
                .containsEntry("session", List.of("mx_session"));
    }

    @Test
    void withdrawal_deletesCookiesOnEveryPathAndDomainVariant() {
        region("US"); // opt-out: the page may write analytics cookies until refused
        open(TestSite.REGISTER + "?v=empty");
        String host = (String) js("return location.hostname");
        js("document.cookie = '_mx_root=1; path=/';"
                + "document.cookie = '_mx_dir=1; path=/webinars';"
                + "document.cookie = '_mx_slash=1; path=/webinars/product-launch/';"
                + "document.cookie = '_mx_page=1; path=" + TestSite.REGISTER + "';"
                + "document.cookie = '_mx_domain=1; path=/; domain=" + host + "';"
                + "document.cookie = '_mx_dotted=1; path=/webinars; domain=." + host + "';"
                + "document.cookie = 'JSESSIONID=kept; path=/';");
        assertThat(traces().get("cookies")).hasSize(7);
        api("consentKit.rejectAll()");
        assertThat(traces().get("cookies")).containsExactly("JSESSIONID");
    }

    @Test
    void undeclaredNames_areReportedOnce_inBatchesOfAtMost50_atMostOneRequestPer10s() throws InterruptedException {
        open(TestSite.REGISTER + "?v=empty");
        js(FETCH_SPY);
        js("""
                for (let i = 0; i < 60; i++) document.cookie = 'undeclared' + i + '=1';
                document.cookie = 'undeclared0=2';
                localStorage.setItem('mystery_key', '1');
                document.cookie = '_mx_declared=1';
                """);
        waitUntil("a report", d -> ((Number) js("return reports.length")).intValue() > 0);
        Thread.sleep(2500);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> reports = (List<Map<String, Object>>) js("return reports");
        assertThat(reports).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) reports.get(0).get("body");
        assertThat(reports.get(0).get("status")).isEqualTo(204L);
        assertThat(body.get("page")).isEqualTo(TestSite.REGISTER);
        @SuppressWarnings("unchecked")
        List<Map<String, String>> items = (List<Map<String, String>>) body.get("items");
        assertThat(items).hasSize(50).doesNotHaveDuplicates()
                .contains(Map.of("kind", "cookie", "name", "undeclared0"))
                .doesNotContain(Map.of("kind", "cookie", "name", "_mx_declared"));
    }

    @Test
    void scriptsInsertedAfterLoad_ofARefusedCategory_waitAndThenRunInDocumentOrder_withTheirOwnHandlers() {
        open(TestSite.REGISTER + "?v=empty");
        js("""
                window.loaded = [];
                const slow = document.createElement('script');
                slow.src = '/demo/vendor/slow.js';
                slow.onload = () => loaded.push('slow');
                document.body.append(slow);
                const fast = document.createElement('script');
                fast.setAttribute('src', '/demo/vendor/analytics.js');
                fast.addEventListener('load', () => loaded.push('analytics'));
                document.body.append(fast);
                const ads = document.createElement('script');
                ads.src = new URL('/demo/vendor/ads.js', location).href;
                document.body.append(ads);
                """);
        assertThat(js("return [...document.querySelectorAll('body script')].map(s => [s.getAttribute('src'), s.dataset.consent])"))
                .isEqualTo(List.of(Arrays.asList(null, "analytics"), Arrays.asList(null, "analytics"), Arrays.asList(null, "marketing")));
        assertNothingNonEssential("before a decision");

        api("consentKit.set({analytics: true})");
        waitUntil("both analytics scripts", d -> ((List<?>) js("return loaded")).size() == 2);
        assertThat(js("return loaded")).isEqualTo(List.of("slow", "analytics"));
        assertThat(traces().get("ran")).containsExactly("slow", "analytics");
        awaitWritesOf(List.of("analytics"));
        assertNoWritesOf(List.of("marketing"), "marketing is still refused");

        api("consentKit.set({marketing: true})");
        awaitWritesOf(List.of("analytics", "marketing"));
        assertThat(traces().get("ran")).containsExactly("slow", "analytics", "ads");
    }

    @Test
    void organizerMarkup_inlineAndExternal_runsInDocumentOrderOnGrant() {
        open(TestSite.REGISTER + "?v=inline");
        assertThat(traces().get("ran")).isEmpty();
        api("consentKit.set({analytics: true})");
        awaitWritesOf(List.of("analytics"));
        assertThat(traces().get("ran")).containsExactly("inline analytics", "analytics");
    }

    @Test
    void tagsNeutralisedByTheServer_getTheirTypeAndSrcdocBack_onGrant() {
        open(TestSite.REGISTER + "?v=rewritten");
        assertThat(js("const s = document.querySelector('script[data-src$=\"slow.js\"]'); return [s.type, s.dataset.type]"))
                .isEqualTo(List.of("text/plain", "module"));
        api("consentKit.acceptAll()");
        waitUntil("the module script", d -> traces().get("ran").contains("module"));
        waitUntil("the inline embed", d -> "inline embed".equals(js(
                "const f = document.querySelector('iframe[title=\"Inline embed\"]'); return f.contentDocument && f.contentDocument.body.textContent")));
        assertThat(js("return [...document.querySelectorAll('script[data-consent]')].map(s => [s.type, s.getAttribute('src'), s.dataset.src, s.dataset.type])"))
                .isEqualTo(List.of(Arrays.asList("module", "/demo/vendor/module.js", null, null), Arrays.asList("module", "/demo/vendor/slow.js", null, null)));
        waitUntil("the slow script, after the module", d -> traces().get("ran").equals(List.of("module", "slow")));
    }

    @Test
    void plainTagOfARefusedCategory_isNeutralisedWhileTheParserInsertsIt() {
        open(TestSite.REGISTER);
        assertThat(js("const s = document.querySelector('script[data-src$=\"pixel.js\"]');"
                + " return s && [s.type, s.getAttribute('src'), s.dataset.consent]"))
                .isEqualTo(Arrays.asList("text/plain", null, "marketing"));
        assertThat(traces().get("ran")).isEmpty();
    }
}
