package dev.consentkit.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds the declaration covering a name of one kind. Exact names win, then the longest prefix,
 * then the first regular expression in declaration order. Exact and prefix lookups allocate
 * nothing; regular-expression results are cached per name in a bounded cache, and every match
 * runs under {@link RegexBudget}.
 */
final class NameClassifier {

    private static final Classification NONE = new Classification(null, null);

    private final Map<String, Classification> exact;
    private final String[] prefixes; // longest first
    private final Classification[] prefixTargets;
    private final Pattern[] patterns;
    private final Classification[] patternTargets;
    private final Cache<String, Classification> regexResults;

    NameClassifier(List<Classification> declarations, int regexCacheSize) {
        Map<String, Classification> exactMap = new HashMap<>();
        List<Classification> prefixList = new ArrayList<>();
        List<Classification> regexList = new ArrayList<>();
        for (Classification c : declarations) {
            switch (c.declaration().match()) {
                case EXACT -> exactMap.putIfAbsent(c.declaration().name(), c);
                case PREFIX -> prefixList.add(c);
                case REGEX -> regexList.add(c);
            }
        }
        this.exact = Map.copyOf(exactMap);
        prefixList.sort(Comparator.comparingInt((Classification c) -> c.declaration().name().length()).reversed());
        this.prefixes = prefixList.stream().map(c -> c.declaration().name()).toArray(String[]::new);
        this.prefixTargets = prefixList.toArray(Classification[]::new);
        this.patterns = regexList.stream().map(c -> Pattern.compile(c.declaration().name())).toArray(Pattern[]::new);
        this.patternTargets = regexList.toArray(Classification[]::new);
        this.regexResults = patterns.length == 0 ? null
                : Caffeine.newBuilder().maximumSize(regexCacheSize).build();
    }

    /** The classification of {@code name}, or null when nothing declares it. */
    Classification classify(String name) {
        Classification found = exact.get(name);
        if (found != null) {
            return found;
        }
        for (int i = 0; i < prefixes.length; i++) {
            if (name.startsWith(prefixes[i])) {
                return prefixTargets[i];
            }
        }
        if (regexResults == null) {
            return null;
        }
        found = regexResults.getIfPresent(name);
        if (found == null) {
            found = matchPatterns(name);
            if (name.length() <= RegexBudget.MAX_NAME_LENGTH) {
                regexResults.put(name, found);
            }
        }
        return found == NONE ? null : found;
    }

    private Classification matchPatterns(String name) {
        int[] left = {RegexBudget.nameBudgetFor(name.length())}; // shared by every pattern tried on this name
        for (int i = 0; i < patterns.length; i++) {
            if (RegexBudget.matches(patterns[i], name, left)) {
                return patternTargets[i];
            }
        }
        return NONE;
    }
}
