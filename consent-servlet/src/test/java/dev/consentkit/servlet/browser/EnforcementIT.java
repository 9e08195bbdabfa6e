package dev.consentkit.servlet.browser;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For every page type (and so every layout) and every regime: what runs and what is written
 * before a decision, after rejecting (also on the next page), after accepting, and after
 * withdrawing.
 */
class EnforcementIT extends BrowserTest {

    record Page(String path, String type, String layout, List<String> offered) {
        @Override
        public String toString() {
            return type + " (" + layout + ")";
        }
    }

    static final List<Page> PAGES = List.of(
            new Page(TestSite.REGISTER, "registration", "bar", List.of("preferences", "analytics", "marketing")),
            new Page(TestSite.WAITING_ROOM, "waiting-room", "box", List.of("preferences", "analytics")),
            new Page(TestSite.THANK_YOU, "thank-you", "box", List.of("analytics", "marketing")),
            new Page(TestSite.PROFILE, "profile", "modal", List.of("preferences", "analytics", "marketing")),
            new Page(TestSite.LOGIN, "login", "bar", List.of("analytics")));

    static final List<String> ALL = List.of("preferences", "analytics", "marketing");

    static Stream<Arguments> pagesAndRegimes() {
        return PAGES.stream().flatMap(p -> Stream.of(Arguments.of(p, "opt-in"), Arguments.of(p, "opt-out"), Arguments.of(p, "notice")));
    }

    /** The demo scripts that may run on a page: the offered categories' (pixel.js is marketing too). */
    static List<String> scriptsOf(List<String> categories) {
        List<String> scripts = new ArrayList<>();
        for (String c : ALL) {
            if (categories.contains(c)) {
                scripts.add(TestSite.WRITES.get(c).script());
                if (c.equals("marketing")) {
                    scripts.add("pixel");
                }
            }
        }
        return scripts;
    }

    static List<String> notOffered(Page page) {
        return ALL.stream().filter(c -> !page.offered().contains(c)).toList();
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("pagesAndRegimes")
    void decisionJourney(Page page, String regime) {
        region(switch (regime) {
            case "opt-in" -> "DE";
            case "opt-out" -> "US";
            default -> "JP";
        });
        open(page.path());
        assertThat(state()).containsEntry("decided", false).containsEntry("regime", regime).containsEntry("pageType", page.type());
        assertThat(banner().getAttribute("class")).contains("ck-" + page.layout());
        assertThat(banner().getAttribute("aria-modal")).isEqualTo(page.layout().equals("modal") ? "true" : null);

        if (regime.equals("notice")) {
            // information only: everything offered runs, and the banner only informs
            awaitWritesOf(page.offered());
            // a plain allowed tag runs while the page is parsed, organizer markup when it is complete
            assertThat(traces().get("ran")).containsExactlyInAnyOrderElementsOf(scriptsOf(page.offered()));
            assertNoWritesOf(notOffered(page), "before closing");
            assertThat(driver().findElements(By.cssSelector("[data-consent-action='accept-all'], [data-consent-action='reject-all']"))).isEmpty();
            action("close").click();
            assertThat(bannerShown()).isFalse();
            open(page.path());
            assertThat(bannerShown()).as("closed once per session").isFalse();
            assertThat(state()).containsEntry("decided", false);
            return;
        }

        if (regime.equals("opt-in")) {
            assertNothingNonEssential("before a decision");
        } else {
            awaitWritesOf(page.offered());
            assertThat(traces().get("ran")).containsExactlyInAnyOrderElementsOf(scriptsOf(page.offered()));
            assertNoWritesOf(notOffered(page), "before a decision, categories the page does not offer");
        }

        decide("reject-all");
        assertThat(bannerShown()).isFalse();
        assertThat(action("open").isDisplayed()).isTrue();
        awaitNoWritesOf(ALL, "after rejecting");

        Page next = PAGES.get((PAGES.indexOf(page) + 1) % PAGES.size());
        open(next.path());
        assertThat(bannerShown()).as("no banner once decided").isFalse();
        assertNothingNonEssential("on the next page after rejecting");
        open(page.path());
        assertNothingNonEssential("back on the page after rejecting");

        // changing one's mind takes as many clicks as withdrawing: open, then accept or reject
        action("open").click();
        decide("accept-all");
        awaitWritesOf(page.offered());
        assertThat(traces().get("ran")).containsExactlyElementsOf(scriptsOf(page.offered()));
        assertNoWritesOf(notOffered(page), "after accepting, categories the page does not offer");

        action("open").click();
        decide("reject-all");
        awaitNoWritesOf(ALL, "after withdrawing");
        assertThat(traces().get("cookies")).doesNotContain("utm_attribution");
        assertThat(consoleErrors()).isEmpty();
    }
}
