package dev.consentkit.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class RegexBudgetTest {

    @Test
    void patternsThatDoNotBacktrack_matchLongNamesWellWithinTheBudget() {
        String id = "A".repeat(1000);
        assertThat(RegexBudget.matches(Pattern.compile("_ga_[A-Z0-9]+"), "_ga_" + id)).isTrue();
        assertThat(RegexBudget.matches(Pattern.compile(".*_id"), "x".repeat(1000) + "_id")).isTrue();
        assertThat(RegexBudget.matches(Pattern.compile("(?:ad|px)_[0-9]{1,6}"), "px_123456")).isTrue();
        assertThat(RegexBudget.matches(Pattern.compile("[a-z]+(_[a-z]+)*"), "a_b_c_" + "d".repeat(900))).isTrue();
    }

    @Test
    void shortNames_getASmallBudget_longOnesAtMostTheCeiling() {
        assertThat(RegexBudget.budgetFor(20)).isLessThan(1_000);
        assertThat(RegexBudget.nameBudgetFor(20)).isLessThan(4_000);
        assertThat(RegexBudget.budgetFor(RegexBudget.MAX_NAME_LENGTH)).isLessThanOrEqualTo(RegexBudget.READS_PER_MATCH);
    }

    @Test
    void everyPatternTriedOnOneName_sharesOneCeiling() {
        // a hundred patterns that backtrack: without a shared ceiling, one name would cost a hundred budgets
        List<Pattern> nasty = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            nasty.add(Pattern.compile("(a|aa)*b" + i));
        }
        String name = "a".repeat(400);
        int[] left = {RegexBudget.nameBudgetFor(name.length())};
        for (Pattern p : nasty) {
            assertThat(RegexBudget.matches(p, name, left)).isFalse();
        }
        assertThat(left[0]).isZero();
        // the classifier gives each name its own ceiling: a later name is classified normally
        Declaration slow = Declaration.of(DeclarationKind.COOKIE, "(a|aa)*b", MatchType.REGEX);
        Declaration fine = Declaration.of(DeclarationKind.COOKIE, "_ad[0-9]+", MatchType.REGEX);
        Policy policy = Policy.builder("t").signingKey(PolicyResolutionTest.key())
                .category("marketing", null, null, List.of(slow, fine), List.of(), false).build();
        assertThat(policy.categoryOf(DeclarationKind.COOKIE, name)).isNull();
        assertThat(policy.categoryOf(DeclarationKind.COOKIE, "_ad42").id()).isEqualTo("marketing");
    }
}
