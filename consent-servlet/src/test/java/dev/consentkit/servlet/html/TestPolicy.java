package dev.consentkit.servlet.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** An {@link ElementPolicy} for tests: sources declared by prefix, a set of granted categories. */
class TestPolicy implements ElementPolicy {

    static final String BOOTSTRAP = "<script id=ck>CK</script>";

    private String injection = BOOTSTRAP;
    private final Map<String, String> scripts = new LinkedHashMap<>();
    private final Map<String, String> iframes = new LinkedHashMap<>();
    private final Set<String> granted = new TreeSet<>();
    final List<String> sourcesAsked = new ArrayList<>();
    int injections;

    /** Declares analytics and marketing scripts, a marketing iframe; nothing granted. */
    static TestPolicy standard() {
        return new TestPolicy()
                .script("https://analytics.example/", "analytics")
                .script("https://ads.example/", "marketing")
                .script("https://cdn.example/necessary/", "necessary")
                .iframe("https://video.example/", "marketing");
    }

    TestPolicy script(String prefix, String category) {
        scripts.put(prefix, category);
        return this;
    }

    TestPolicy iframe(String prefix, String category) {
        iframes.put(prefix, category);
        return this;
    }

    TestPolicy grant(String... categories) {
        granted.addAll(List.of(categories));
        return this;
    }

    TestPolicy injecting(String markup) {
        injection = markup;
        return this;
    }

    @Override
    public String headInjection() {
        injections++;
        return injection;
    }

    /** The same injection, as a one-off piece and a shared one, as the filter inserts it. */
    TestPolicy inPieces() {
        pieces = true;
        return this;
    }

    private boolean pieces;
    private static final Map<String, Markup> SHARED = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public List<Markup> headInjectionParts() {
        if (!pieces) {
            return ElementPolicy.super.headInjectionParts();
        }
        injections++;
        int half = injection.length() / 2;
        return List.of(Markup.of(injection.substring(0, half)),
                SHARED.computeIfAbsent(injection.substring(half), Markup::shared));
    }

    @Override
    public String categoryOf(String element, String src) {
        sourcesAsked.add(element + " " + src);
        Map<String, String> declared = element.equals("iframe") ? iframes : scripts;
        for (Map.Entry<String, String> e : declared.entrySet()) {
            if (src.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }

    @Override
    public boolean isGranted(String categoryId) {
        if (categoryId.equals("necessary")) {
            return true;
        }
        return granted.contains(categoryId);
    }
}
