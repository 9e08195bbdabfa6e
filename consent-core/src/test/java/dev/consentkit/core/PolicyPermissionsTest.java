package dev.consentkit.core;

import dev.consentkit.core.testing.TestPolicies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every decision path of {@link Policy#permissions}. */
class PolicyPermissionsTest {

    private static final Policy POLICY = TestPolicies.example();
    private static final PageType REGISTRATION = POLICY.pageType("registration"); // preferences, analytics, marketing
    private static final PageType WAITING_ROOM = POLICY.pageType("waiting-room"); // preferences, analytics

    private static ConsentState state(boolean preferences, boolean analytics, boolean marketing) {
        return POLICY.newState(null, Map.of("preferences", preferences, "analytics", analytics, "marketing", marketing));
    }

    static Stream<Arguments> cases() {
        ConsentState all = state(true, true, true);
        ConsentState none = state(false, false, false);
        ConsentState analyticsOnly = state(false, true, false);
        return Stream.of(
                // regime, state, page, gpc, expected allowed categories
                arguments(Regime.OPT_IN, null, REGISTRATION, false, List.of("necessary")),
                arguments(Regime.OPT_IN, null, REGISTRATION, true, List.of("necessary")),
                arguments(Regime.OPT_IN, all, REGISTRATION, false, List.of("necessary", "preferences", "analytics", "marketing")),
                arguments(Regime.OPT_IN, all, REGISTRATION, true, List.of("necessary", "preferences", "analytics", "marketing")),
                arguments(Regime.OPT_IN, none, REGISTRATION, false, List.of("necessary")),
                arguments(Regime.OPT_IN, analyticsOnly, REGISTRATION, false, List.of("necessary", "analytics")),
                arguments(Regime.OPT_IN, all, WAITING_ROOM, false, List.of("necessary", "preferences", "analytics")),
                arguments(Regime.OPT_IN, all, null, false, List.of("necessary", "preferences", "analytics", "marketing")),
                arguments(Regime.OPT_OUT, null, REGISTRATION, false, List.of("necessary", "preferences", "analytics", "marketing")),
                arguments(Regime.OPT_OUT, null, REGISTRATION, true, List.of("necessary", "preferences", "analytics")),
                arguments(Regime.OPT_OUT, all, REGISTRATION, true, List.of("necessary", "preferences", "analytics")),
                arguments(Regime.OPT_OUT, none, REGISTRATION, false, List.of("necessary")),
                arguments(Regime.OPT_OUT, analyticsOnly, REGISTRATION, false, List.of("necessary", "analytics")),
                arguments(Regime.OPT_OUT, null, WAITING_ROOM, false, List.of("necessary", "preferences", "analytics")),
                arguments(Regime.NOTICE, null, REGISTRATION, false, List.of("necessary", "preferences", "analytics", "marketing")),
                arguments(Regime.NOTICE, none, WAITING_ROOM, true, List.of("necessary", "preferences", "analytics")));
    }

    @ParameterizedTest(name = "{0} state={1} page={2} gpc={3}")
    @MethodSource("cases")
    void permissions(Regime regime, ConsentState state, PageType page, boolean gpc, List<String> expected) {
        assertThat(POLICY.permissions(state, page, regime, gpc).allowedCategoryIds()).isEqualTo(expected);
    }

    @Test
    void undeclaredNames_areBlockedByDefault_inEveryRegime() {
        for (Regime regime : Regime.values()) {
            Permissions p = POLICY.permissions(state(true, true, true), REGISTRATION, regime, false);
            assertThat(POLICY.isAllowed(DeclarationKind.COOKIE, "unknown_cookie", p)).as(regime.id()).isFalse();
        }
    }

    @Test
    void undeclaredNames_areAllowed_whenThePolicySaysAllow() {
        Policy lenient = Policy.builder("t").signingKey(PolicyResolutionTest.key()).undeclared(UndeclaredPolicy.ALLOW).build();
        Permissions p = lenient.permissions(null, null, Regime.OPT_IN, false);
        assertThat(lenient.isAllowed(DeclarationKind.COOKIE, "unknown_cookie", p)).isTrue();
    }

    @Test
    void isAllowed_combinesClassificationAndPermissions() {
        Permissions analyticsOnly = POLICY.permissions(state(false, true, false), REGISTRATION, Regime.OPT_IN, false);
        assertThat(POLICY.isAllowed(DeclarationKind.COOKIE, "_mx_abc", analyticsOnly)).isTrue();
        assertThat(POLICY.isAllowed(DeclarationKind.COOKIE, "utm_attribution", analyticsOnly)).isFalse();
        assertThat(POLICY.isAllowed(DeclarationKind.COOKIE, "JSESSIONID", analyticsOnly)).isTrue();
        assertThat(analyticsOnly.allows("analytics")).isTrue();
        assertThat(analyticsOnly.allows("no-such-category")).isFalse();
    }

    @Test
    void newState_completesMissingCategoriesAsRefused_andKeepsAGivenConsentId() {
        var id = java.util.UUID.randomUUID();
        ConsentState s = POLICY.newState(id, Map.of("analytics", true));
        assertThat(s.consentId()).isEqualTo(id);
        assertThat(s.choices()).containsExactly(Map.entry("necessary", true), Map.entry("preferences", false),
                Map.entry("analytics", true), Map.entry("marketing", false));
        assertThat(s.revision()).isEqualTo(POLICY.revision());
        assertThat(s.expiresAt()).isAfter(s.decidedAt().plus(java.time.Duration.ofDays(180)));
    }

    @Test
    void newState_rejectsUnknownCategories_andRefusingNecessary() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> POLICY.newState(null, Map.of("tracking", true)))
                .hasMessageContaining("unknown category \"tracking\"");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> POLICY.newState(null, Map.of("necessary", false)))
                .hasMessageContaining("cannot be refused");
    }
}
