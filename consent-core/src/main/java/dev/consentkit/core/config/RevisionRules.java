package dev.consentkit.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.consentkit.core.Category;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When a change of configuration asks attendees for more than before, their earlier consent did
 * not cover it, so the policy {@code revision} must rise and they are asked again. These rules
 * say whether a change does, and why:
 * <ul>
 *   <li>a category is added;</li>
 *   <li>a page type offers a category it did not offer (or is added);</li>
 *   <li>a declaration is added to (or moved into) a category other than {@code necessary};</li>
 *   <li>a category grants a Google Consent Mode signal it did not grant;</li>
 *   <li>undeclared names go from {@code block} to {@code allow}.</li>
 * </ul>
 * Removals and wording (texts, labels, purposes, providers, retention) do not: the ledger records
 * a hash of the exact banner text each decision was made on, so a wording change is on record
 * without asking again.
 */
public final class RevisionRules {

    private RevisionRules() {
    }

    /**
     * Why attendees must be asked again after a change.
     *
     * @param before the configuration in force
     * @param after the changed configuration
     * @return one sentence per reason, empty when the change asks for nothing more
     * @throws IllegalArgumentException when either text is not JSON
     */
    public static List<String> reasonsToAskAgain(String before, String after) {
        JsonNode b = JsonMergePatch.parse(before, "before");
        JsonNode a = JsonMergePatch.parse(after, "after");
        List<String> reasons = new ArrayList<>();
        List<String> categoriesBefore = ConfigurationDiff.categoryIds(b);
        List<String> categoriesAfter = ConfigurationDiff.categoryIds(a);
        for (String c : categoriesAfter) {
            if (!categoriesBefore.contains(c) && !Category.NECESSARY.equals(c)) {
                reasons.add("the category " + c + " is new");
            }
        }
        Map<String, JsonNode> pagesBefore = new LinkedHashMap<>();
        for (JsonNode p : b.path("pageTypes")) {
            pagesBefore.putIfAbsent(p.path("id").asText(), p);
        }
        for (JsonNode p : a.path("pageTypes")) {
            String id = p.path("id").asText();
            JsonNode old = pagesBefore.get(id);
            List<String> was = old == null ? List.of() : ConfigurationDiff.offered(old, categoriesBefore);
            for (String c : ConfigurationDiff.offered(p, categoriesAfter)) {
                if (!was.contains(c) && categoriesBefore.contains(c)) {
                    reasons.add(old == null ? "the new page type " + id + " offers " + c : "the page type " + id + " now offers " + c);
                }
            }
        }
        Map<String, Set<String>> declaredBefore = declaredByCategory(b);
        for (JsonNode c : a.path("categories")) {
            String id = c.path("id").asText();
            if (Category.NECESSARY.equals(id) || !categoriesBefore.contains(id)) {
                continue;
            }
            Set<String> was = declaredBefore.getOrDefault(id, Set.of());
            for (JsonNode d : c.path("declarations")) {
                String key = SettingsOverlay.key(d);
                if (key != null && !was.contains(key)) {
                    reasons.add(d.path("kind").asText() + " \"" + d.path("name").asText() + "\" is now declared as " + id);
                }
            }
            Set<String> signalsBefore = signals(category(b, id), id);
            for (String s : signals(c, id)) {
                if (!signalsBefore.contains(s)) {
                    reasons.add("the category " + id + " now also grants the Consent Mode signal " + s);
                }
            }
        }
        if (!"allow".equals(b.path("undeclared").asText("block")) && "allow".equals(a.path("undeclared").asText("block"))) {
            reasons.add("undeclared cookies, keys and scripts are now allowed");
        }
        return reasons;
    }

    /**
     * The {@code revision} of a document.
     *
     * @param document a configuration document
     * @return its revision, 1 when it has none (the loader's default)
     * @throws IllegalArgumentException when the text is not JSON
     */
    public static long revision(String document) {
        JsonNode r = JsonMergePatch.parse(document, "document").path("revision");
        return r.canConvertToLong() && r.isIntegralNumber() ? r.longValue() : 1;
    }

    /**
     * A document with its {@code revision} set.
     *
     * @param document a configuration document (an object)
     * @param revision the revision
     * @return the document with the revision, pretty-printed
     * @throws IllegalArgumentException when the text is not a JSON object
     */
    public static String withRevision(String document, long revision) {
        JsonNode doc = JsonMergePatch.parse(document, "document");
        if (!(doc instanceof com.fasterxml.jackson.databind.node.ObjectNode o)) {
            throw new IllegalArgumentException("a configuration document must be a JSON object");
        }
        o.put("revision", revision);
        return JsonMergePatch.write(o);
    }

    private static Map<String, Set<String>> declaredByCategory(JsonNode doc) {
        Map<String, Set<String>> all = new LinkedHashMap<>();
        for (JsonNode c : doc.path("categories")) {
            Set<String> keys = all.computeIfAbsent(c.path("id").asText(), k -> new HashSet<>());
            for (JsonNode d : c.path("declarations")) {
                String key = SettingsOverlay.key(d);
                if (key != null) {
                    keys.add(key);
                }
            }
        }
        return all;
    }

    private static JsonNode category(JsonNode doc, String id) {
        for (JsonNode c : doc.path("categories")) {
            if (id.equals(c.path("id").asText())) {
                return c;
            }
        }
        return null;
    }

    private static Set<String> signals(JsonNode category, String id) {
        Set<String> signals = new HashSet<>();
        if (category != null && category.path("consentMode").isArray()) {
            category.get("consentMode").forEach(n -> signals.add(n.asText()));
        } else {
            signals.addAll(PolicyLoader.DEFAULT_CONSENT_MODE.getOrDefault(id, List.of()));
        }
        return signals;
    }
}
