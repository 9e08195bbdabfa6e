package dev.consentkit.core;

import java.util.regex.Pattern;

/**
 * Bounds the work a configured regular expression may do on one name, so that no pattern, even
 * one the load-time check let through, can stall a request. The name is handed to the matcher
 * through a {@link CharSequence} that counts character reads and gives up past a budget.
 *
 * <p>The budget grows with the name's length (a pattern that does not backtrack reads each
 * character a few times), and all the patterns tried on one name share one ceiling: a request can
 * carry hundreds of short, distinct cookie names, and a flat budget per pattern and name let such a
 * request cost hundreds of milliseconds of matching on a configuration with a few patterns that
 * backtrack (alternations such as {@code (a|aa)*b}, runs such as {@code .*.*.*x}).
 */
final class RegexBudget {

    /** Character reads allowed per match at most, whatever the name's length. */
    static final int READS_PER_MATCH = 50_000;

    /** Character reads every match may make, plus {@link #READS_PER_CHAR} per character of the name. */
    static final int READS_BASE = 128;

    /** Character reads allowed per character of the name: generous for any pattern that does not backtrack. */
    static final int READS_PER_CHAR = 32;

    /** All the patterns tried on one name together may read this many times one match's budget. */
    static final int MATCHES_PER_NAME = 4;

    /** Names longer than this are never given to a regular expression. */
    static final int MAX_NAME_LENGTH = 1024;

    private RegexBudget() {
    }

    /** The character reads one match on a name of {@code length} characters may make. */
    static int budgetFor(int length) {
        return (int) Math.min(READS_PER_MATCH, READS_BASE + (long) READS_PER_CHAR * length);
    }

    /** The character reads all the patterns tried on a name of {@code length} characters may make together. */
    static int nameBudgetFor(int length) {
        return MATCHES_PER_NAME * budgetFor(length);
    }

    /** Whether {@code pattern} matches all of {@code name} within the budget; false past it. */
    static boolean matches(Pattern pattern, String name) {
        return matches(pattern, name, new int[] {budgetFor(name.length())});
    }

    /**
     * Whether {@code pattern} matches all of {@code name} within the budget for the name's length
     * and within {@code left}, the reads left for this name; false past either. The reads made
     * are taken from {@code left}.
     */
    static boolean matches(Pattern pattern, String name, int[] left) {
        if (name.length() > MAX_NAME_LENGTH || left[0] <= 0) {
            return false;
        }
        int allowance = Math.min(budgetFor(name.length()), left[0]);
        int[] budget = {allowance};
        try {
            return pattern.matcher(new CountingSequence(name, 0, name.length(), budget)).matches();
        } catch (BudgetExceeded e) {
            return false;
        } finally {
            left[0] -= allowance - Math.max(0, budget[0]);
        }
    }

    /**
     * Rejects patterns prone to catastrophic backtracking: back-references, and a quantified
     * group that itself contains a quantifier ({@code (a+)+}, {@code (x*y?)*}).
     *
     * @return a reason, or null when the pattern is acceptable
     */
    static String rejectReason(String regex) {
        if (regex.matches("(?s).*\\\\([1-9]|k<).*")) {
            return "back-references are not allowed";
        }
        // walk groups with a stack; remember whether each group contains a quantifier
        var containsQuantifier = new java.util.ArrayDeque<boolean[]>();
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
                continue;
            }
            switch (c) {
                case '[' -> inClass = true;
                case '(' -> containsQuantifier.push(new boolean[1]);
                case ')' -> {
                    if (containsQuantifier.isEmpty()) {
                        return null; // unbalanced; Pattern.compile reports it
                    }
                    boolean inner = containsQuantifier.pop()[0];
                    boolean quantified = i + 1 < regex.length() && isQuantifier(regex, i + 1);
                    if (inner && quantified) {
                        return "nested quantifiers (a quantified group that contains a quantifier) can backtrack catastrophically";
                    }
                    if ((inner || quantified) && !containsQuantifier.isEmpty()) {
                        containsQuantifier.peek()[0] = true;
                    }
                }
                case '*', '+', '?', '{' -> {
                    boolean lazyOrPossessiveMarker = c == '?' && i > 0 && isQuantifierChar(regex.charAt(i - 1));
                    boolean groupModifier = c == '?' && i > 0 && regex.charAt(i - 1) == '(';
                    if (!lazyOrPossessiveMarker && !groupModifier && !containsQuantifier.isEmpty()) {
                        containsQuantifier.peek()[0] = true;
                    }
                }
                default -> { }
            }
        }
        return null;
    }

    private static boolean isQuantifier(String regex, int i) {
        char c = regex.charAt(i);
        return c == '*' || c == '+' || c == '{' || (c == '?' );
    }

    private static boolean isQuantifierChar(char c) {
        return c == '*' || c == '+' || c == '?' || c == '}';
    }

    private static final class BudgetExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private static final BudgetExceeded INSTANCE = new BudgetExceeded();

        private BudgetExceeded() {
            super("regular expression budget exceeded", null, false, false);
        }
    }

    private static final class CountingSequence implements CharSequence {
        private final String text;
        private final int start;
        private final int end;
        private final int[] budget; // shared with sub-sequences

        CountingSequence(String text, int start, int end, int[] budget) {
            this.text = text;
            this.start = start;
            this.end = end;
            this.budget = budget;
        }

        @Override
        public int length() {
            return end - start;
        }

        @Override
        public char charAt(int index) {
            if (--budget[0] < 0) {
                throw BudgetExceeded.INSTANCE;
            }
            return text.charAt(start + index);
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            return new CountingSequence(text, start + from, start + to, budget);
        }

        @Override
        public String toString() {
            return text.substring(start, end);
        }
    }
}
