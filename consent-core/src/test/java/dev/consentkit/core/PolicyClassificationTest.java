package dev.consentkit.core;

import dev.consentkit.core.testing.TestPolicies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyClassificationTest {

    private final List<String> reported = new ArrayList<>();
    private final Policy policy = Policy.builder("acme")
            .signingKey(PolicyResolutionTest.key())
            .undeclaredListener((tenant, kind, name) -> reported.add(tenant + ":" + kind.id() + ":" + name))
            .category("analytics", null, null, List.of(
                    Declaration.of(DeclarationKind.COOKIE, "_ga", MatchType.EXACT),
                    Declaration.of(DeclarationKind.COOKIE, "_ga_", MatchType.PREFIX),
                    Declaration.of(DeclarationKind.LOCAL_STORAGE, "mx_client", MatchType.EXACT),
                    Declaration.of(DeclarationKind.SCRIPT, "https://cdn.metrics.test/", MatchType.PREFIX)), List.of(), false)
            .category("marketing", null, null, List.of(
                    Declaration.of(DeclarationKind.COOKIE, "_ga_special", MatchType.EXACT),
                    Declaration.of(DeclarationKind.COOKIE, "_g", MatchType.PREFIX),
                    Declaration.of(DeclarationKind.COOKIE, "ad[0-9]+_id", MatchType.REGEX),
                    Declaration.of(DeclarationKind.IFRAME, "https://video\\.test/embed/.*", MatchType.REGEX)), List.of(), true)
            .build();

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "COOKIE, _ga, analytics",
            "COOKIE, _ga_XYZ123, analytics",
            "COOKIE, _ga_special, marketing",
            "COOKIE, _gid, marketing",
            "COOKIE, ad123_id, marketing",
            "LOCAL_STORAGE, mx_client, analytics",
            "SCRIPT, https://cdn.metrics.test/m.js, analytics",
            "IFRAME, https://video.test/embed/42, marketing",
    })
    void classify_findsTheCategory(DeclarationKind kind, String name, String category) {
        assertThat(policy.categoryOf(kind, name).id()).isEqualTo(category);
        assertThat(reported).isEmpty();
    }

    @Test
    void exactName_winsOverALongerMatchingPrefix() {
        // "_ga" is exact in analytics; the prefix "_g" of marketing also matches
        assertThat(policy.categoryOf(DeclarationKind.COOKIE, "_ga").id()).isEqualTo("analytics");
    }

    @Test
    void longestPrefix_wins() {
        assertThat(policy.categoryOf(DeclarationKind.COOKIE, "_ga_1").id()).isEqualTo("analytics");
        assertThat(policy.categoryOf(DeclarationKind.COOKIE, "_gx").id()).isEqualTo("marketing");
    }

    @Test
    void regex_mustMatchTheWholeName() {
        assertThat(policy.categoryOf(DeclarationKind.COOKIE, "xad1_id")).isNull();
        assertThat(policy.categoryOf(DeclarationKind.COOKIE, "ad1_idx")).isNull();
    }

    @Test
    void kinds_areSeparate() {
        // mx_client is a localStorage key, not a cookie
        assertThat(policy.categoryOf(DeclarationKind.COOKIE, "mx_client")).isNull();
        assertThat(policy.categoryOf(DeclarationKind.SESSION_STORAGE, "mx_client")).isNull();
    }

    @Test
    void undeclaredNames_areReportedWithTenantAndKind() {
        assertThat(policy.classify(DeclarationKind.COOKIE, "tracker")).isNull();
        assertThat(policy.classify(DeclarationKind.INDEXED_DB, "db1")).isNull();
        assertThat(reported).containsExactly("acme:cookie:tracker", "acme:indexedDB:db1");
    }

    @Test
    void aThrowingListener_cannotBreakClassification() {
        Policy p = Policy.builder("t").signingKey(PolicyResolutionTest.key())
                .undeclaredListener((t, k, n) -> {
                    throw new IllegalStateException("boom");
                }).build();
        assertThat(p.classify(DeclarationKind.COOKIE, "x")).isNull();
    }

    @Test
    void regexResults_areCachedPerName_andStayCorrect() {
        for (int i = 0; i < 3; i++) {
            assertThat(policy.categoryOf(DeclarationKind.COOKIE, "ad7_id").id()).isEqualTo("marketing");
            assertThat(policy.categoryOf(DeclarationKind.COOKIE, "nope")).isNull();
        }
        assertThat(reported).containsExactly("acme:cookie:nope", "acme:cookie:nope", "acme:cookie:nope");
    }

    @Test
    void catastrophicPatterns_areRejectedAtConstruction() {
        assertThatThrownBy(() -> Declaration.of(DeclarationKind.COOKIE, "(a+)+$", MatchType.REGEX))
                .hasMessageContaining("nested quantifiers");
        assertThatThrownBy(() -> Declaration.of(DeclarationKind.COOKIE, "(x*y?)*z", MatchType.REGEX))
                .hasMessageContaining("nested quantifiers");
        assertThatThrownBy(() -> Declaration.of(DeclarationKind.COOKIE, "(a)\\1", MatchType.REGEX))
                .hasMessageContaining("back-references");
        assertThatThrownBy(() -> Declaration.of(DeclarationKind.COOKIE, "([a-z]", MatchType.REGEX))
                .hasMessageContaining("not a valid regular expression");
    }

    @Test
    void safePatterns_areAccepted() {
        for (String ok : List.of("_ga_[A-Z0-9]+", "(?:ad|px)_[0-9]{1,6}", "a+b+c+", "(ab)+", "(a|b)c*", "x\\(+\\)")) {
            assertThat(Declaration.of(DeclarationKind.COOKIE, ok, MatchType.REGEX).name()).isEqualTo(ok);
        }
    }

    @Test
    void aPatternThatBacktracks_isCutOffByTheBudget() {
        // alternation with overlap passes the static check but backtracks exponentially on a miss
        Declaration slow = Declaration.of(DeclarationKind.COOKIE, "(a|aa|aaa|aaaa)*b", MatchType.REGEX);
        Policy p = Policy.builder("t").signingKey(PolicyResolutionTest.key())
                .category("analytics", null, null, List.of(slow), List.of(), false).build();
        long start = System.nanoTime();
        // not a timing assertion: the call returns at all, and says "undeclared"
        assertThat(p.categoryOf(DeclarationKind.COOKIE, "a".repeat(200))).isNull();
        assertThat(p.categoryOf(DeclarationKind.COOKIE, "aaab").id()).isEqualTo("analytics");
        assertThat(System.nanoTime() - start).isPositive();
    }

    @Test
    void veryLongNames_neverReachARegularExpression() {
        String longName = "ad1_id" + "x".repeat(RegexBudget.MAX_NAME_LENGTH);
        assertThat(policy.categoryOf(DeclarationKind.COOKIE, longName)).isNull();
    }

    @Test
    void exampleConfiguration_classifiesTheDemoVendors() {
        Policy example = TestPolicies.example();
        assertThat(example.categoryOf(DeclarationKind.SCRIPT, "/demo/vendor/analytics.js").id()).isEqualTo("analytics");
        assertThat(example.categoryOf(DeclarationKind.SCRIPT, "/demo/vendor/ads.js").id()).isEqualTo("marketing");
        assertThat(example.categoryOf(DeclarationKind.COOKIE, "_adnet_id").id()).isEqualTo("marketing");
        assertThat(example.categoryOf(DeclarationKind.COOKIE, "_mx_id").id()).isEqualTo("analytics");
        assertThat(example.categoryOf(DeclarationKind.COOKIE, "JSESSIONID").id()).isEqualTo("necessary");
        assertThat(example.categoryOf(DeclarationKind.COOKIE, "consentkit_acme").id()).isEqualTo("necessary");
        assertThat(example.categoryOf(DeclarationKind.IFRAME, "/demo/vendor/video?id=1").id()).isEqualTo("marketing");
    }
}
