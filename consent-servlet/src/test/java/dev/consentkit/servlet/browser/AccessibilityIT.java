package dev.consentkit.servlet.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * axe-core on the banner, the preferences and an embed placeholder, in every layout and both
 * colour schemes, with zero serious or critical findings; the screenshots for the documentation;
 * the equal prominence of the first layer's choices.
 */
class AccessibilityIT extends BrowserTest {

    private static void assertAxeClean(String what, String... selectors) {
        List<Axe.Violation> violations = Axe.run(driver(), selectors);
        assertThat(violations.stream().filter(Axe.Violation::seriousOrWorse).toList()).as(what).isEmpty();
    }

    @ParameterizedTest(name = "{0} layout, {2}")
    @CsvSource({
            "bar,   " + TestSite.REGISTER + ", light",
            "bar,   " + TestSite.REGISTER + ", dark",
            "box,   " + TestSite.WAITING_ROOM + ", light",
            "box,   " + TestSite.WAITING_ROOM + ", dark",
            "modal, " + TestSite.PROFILE + ", light",
            "modal, " + TestSite.PROFILE + ", dark",
    })
    void bannerAndPreferences_haveNoSeriousFindings(String layout, String path, String scheme) throws IOException {
        colorScheme(scheme);
        open(path);
        assertAxeClean("banner, " + layout + ", " + scheme, "[data-consent-banner]");
        screenshot("banner-" + layout + "-" + scheme);

        action("customize").click();
        assertAxeClean("preferences, " + layout + ", " + scheme, ".ck-p");
        screenshot("preferences-" + layout + "-" + scheme);

        decide("save");
        assertAxeClean("settings control, " + scheme, ".ck-o");
    }

    @Test
    void embedPlaceholder_hasNoSeriousFindings() throws IOException {
        open(TestSite.WAITING_ROOM + "?v=embed");
        action("reject-all").click();
        js("document.querySelector('.ck-ph').scrollIntoView()");
        assertAxeClean("placeholder", ".ck-ph");
        screenshot("embed-placeholder");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({TestSite.REGISTER, TestSite.WAITING_ROOM, TestSite.PROFILE})
    void firstLayerChoices_areEquallyProminent_andLargeEnough(String path) {
        open(path);
        List<WebElement> buttons = banner().findElements(By.cssSelector("[data-consent-action]"));
        assertThat(buttons).extracting(b -> b.getAttribute("data-consent-action")).containsExactly("accept-all", "reject-all", "customize");
        List<Map<String, Object>> looks = buttons.stream().map(b -> Map.<String, Object>of(
                "tag", b.getTagName(),
                "font", b.getCssValue("font-size") + " " + b.getCssValue("font-weight"),
                "colours", b.getCssValue("color") + " on " + b.getCssValue("background-color"),
                "border", b.getCssValue("border-top-width") + " " + b.getCssValue("border-radius"),
                "height", b.getSize().getHeight())).toList();
        assertThat(looks).as("same element, size, weight and colours").allSatisfy(l -> assertThat(l).isEqualTo(looks.get(0)));
        IntSummaryStatistics widths = buttons.stream().mapToInt(b -> b.getSize().getWidth()).summaryStatistics();
        assertThat(widths.getMax() - widths.getMin()).as("same width").isLessThanOrEqualTo(1);
        assertThat(buttons).allSatisfy(b -> assertThat(b.getSize().getHeight()).isGreaterThanOrEqualTo(24));
        assertThat(driver().findElements(By.cssSelector(".ck input:checked"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({TestSite.REGISTER, TestSite.WAITING_ROOM, TestSite.PROFILE})
    void banner_overlaysThePage_withoutShiftingIt(String path) {
        open(path + "?v=empty");
        String layout = "return [document.querySelector('h1').getBoundingClientRect().top, document.documentElement.scrollHeight,"
                + " getComputedStyle(document.body).overflow]";
        Object withBanner = js(layout);
        js("document.querySelector('.ck').remove()");
        assertThat(js(layout)).as("the page without any of ConsentKit's elements").isEqualTo(withBanner);
    }
}
