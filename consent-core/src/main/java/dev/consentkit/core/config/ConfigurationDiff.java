package dev.consentkit.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A readable account of what changed between two configuration documents, as an organizer reads
 * it: page types, categories and their declarations, texts and regions by name, everything else
 * by JSON path.
 *
 * <pre>{@code
 * for (ConfigurationDiff.Change c : ConfigurationDiff.between(before, after)) {
 *     System.out.println(c.subject() + ": " + c.text());   // Page type thank-you: no longer offers marketing
 * }
 * }</pre>
 */
public final class ConfigurationDiff {

    private static final int MAX_VALUE_LENGTH = 120;

    /**
     * One change.
     *
     * @param subject what changed, such as {@code "Page type thank-you"} or {@code "Texts (de)"}
     * @param text how it changed, a sentence fragment such as {@code "no longer offers marketing"}
     */
    public record Change(String subject, String text) {
        /**
         * Validates the components.
         *
         * @param subject what changed
         * @param text how it changed
         */
        public Change {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String toString() {
            return subject + ": " + text;
        }
    }

    private ConfigurationDiff() {
    }

    /**
     * The changes from one document to another.
     *
     * @param before the earlier document
     * @param after the later document
     * @return the changes in document order, empty when the documents mean the same
     * @throws IllegalArgumentException when either text is not JSON
     */
    public static List<Change> between(String before, String after) {
        JsonNode b = JsonMergePatch.parse(before, "before");
        JsonNode a = JsonMergePatch.parse(after, "after");
        List<Change> out = new ArrayList<>();
        pageTypes(b, a, out);
        categories(b, a, out);
        texts("Texts", b.path("texts"), a.path("texts"), out);
        regions(b.path("regions"), a.path("regions"), out);
        rest(b, a, out);
        return out;
    }

    // ------------------------------------------------------------------ page types

    private static void pageTypes(JsonNode b, JsonNode a, List<Change> out) {
        Map<String, JsonNode> before = byId(b.path("pageTypes"));
        Map<String, JsonNode> after = byId(a.path("pageTypes"));
        List<String> allCategoriesBefore = categoryIds(b);
        List<String> allCategoriesAfter = categoryIds(a);
        for (Map.Entry<String, JsonNode> e : after.entrySet()) {
            String subject = "Page type " + e.getKey();
            JsonNode p = e.getValue();
            JsonNode old = before.get(e.getKey());
            if (old == null) {
                out.add(new Change(subject, "added, on " + strings(p.path("paths")) + ", offering "
                        + String.join(", ", offered(p, allCategoriesAfter))));
                continue;
            }
            List<String> was = offered(old, allCategoriesBefore);
            List<String> now = offered(p, allCategoriesAfter);
            for (String c : now) {
                if (!was.contains(c)) {
                    out.add(new Change(subject, "now offers " + c));
                }
            }
            for (String c : was) {
                if (!now.contains(c)) {
                    out.add(new Change(subject, "no longer offers " + c));
                }
            }
            String layoutBefore = old.path("layout").asText("bar");
            String layoutAfter = p.path("layout").asText("bar");
            if (!layoutBefore.equals(layoutAfter)) {
                out.add(new Change(subject, "banner layout " + layoutBefore + " → " + layoutAfter));
            }
            if (!Objects.equals(old.get("paths"), p.get("paths"))) {
                out.add(new Change(subject, "paths " + strings(old.path("paths")) + " → " + strings(p.path("paths"))));
            }
            texts(subject + ", texts", old.path("texts"), p.path("texts"), out);
        }
        for (String id : before.keySet()) {
            if (!after.containsKey(id)) {
                out.add(new Change("Page type " + id, "removed"));
            }
        }
    }

    static List<String> offered(JsonNode pageType, List<String> allCategories) {
        JsonNode list = pageType.get("categories");
        Set<String> ids = new LinkedHashSet<>();
        if (list != null && list.isArray()) {
            list.forEach(n -> ids.add(n.asText()));
        } else {
            ids.addAll(allCategories);
        }
        ids.remove(dev.consentkit.core.Category.NECESSARY);
        return List.copyOf(ids);
    }

    static List<String> categoryIds(JsonNode doc) {
        List<String> ids = new ArrayList<>();
        for (JsonNode c : doc.path("categories")) {
            if (c.path("id").isTextual()) {
                ids.add(c.get("id").textValue());
            }
        }
        return ids;
    }

    // ------------------------------------------------------------------ categories and declarations

    private static void categories(JsonNode b, JsonNode a, List<Change> out) {
        Map<String, JsonNode> before = byId(b.path("categories"));
        Map<String, JsonNode> after = byId(a.path("categories"));
        for (Map.Entry<String, JsonNode> e : after.entrySet()) {
            String subject = "Category " + e.getKey();
            JsonNode old = before.get(e.getKey());
            if (old == null) {
                out.add(new Change(subject, "added"));
                continue;
            }
            ObjectNode x = ((ObjectNode) old).deepCopy();
            ObjectNode y = ((ObjectNode) e.getValue()).deepCopy();
            x.remove("declarations");
            y.remove("declarations");
            generic(subject, x, y, "", out);
        }
        for (String id : before.keySet()) {
            if (!after.containsKey(id)) {
                out.add(new Change("Category " + id, "removed"));
            }
        }
        Map<String, JsonNode[]> was = declarations(b);
        Map<String, JsonNode[]> now = declarations(a);
        for (Map.Entry<String, JsonNode[]> e : now.entrySet()) {
            JsonNode[] n = e.getValue();
            JsonNode[] o = was.get(e.getKey());
            String what = describe(n[1]);
            if (o == null) {
                out.add(new Change("Category " + n[0].asText(), what + " declared"));
                continue;
            }
            if (!o[0].equals(n[0])) {
                out.add(new Change("Category " + n[0].asText(), what + " moved here from " + o[0].asText()));
            }
            ObjectNode x = ((ObjectNode) o[1]).deepCopy();
            ObjectNode y = ((ObjectNode) n[1]).deepCopy();
            generic("Category " + n[0].asText(), x, y, what + ": ", out);
        }
        for (Map.Entry<String, JsonNode[]> e : was.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                out.add(new Change("Category " + e.getValue()[0].asText(), describe(e.getValue()[1]) + " no longer declared"));
            }
        }
    }

    /** Declarations by identity: {category id, declaration}. */
    private static Map<String, JsonNode[]> declarations(JsonNode doc) {
        Map<String, JsonNode[]> all = new LinkedHashMap<>();
        for (JsonNode c : doc.path("categories")) {
            for (JsonNode d : c.path("declarations")) {
                String key = SettingsOverlay.key(d);
                if (key != null) {
                    all.putIfAbsent(key, new JsonNode[] {c.path("id"), d});
                }
            }
        }
        return all;
    }

    private static String describe(JsonNode declaration) {
        String match = declaration.path("match").asText("exact");
        return declaration.path("kind").asText() + " " + quote(declaration.path("name").asText())
                + ("exact".equals(match) ? "" : " (" + match + ")");
    }

    // ------------------------------------------------------------------ texts and regions

    private static void texts(String subject, JsonNode before, JsonNode after, List<Change> out) {
        Set<String> locales = new LinkedHashSet<>();
        before.fieldNames().forEachRemaining(locales::add);
        after.fieldNames().forEachRemaining(locales::add);
        for (String locale : locales) {
            JsonNode b = before.path(locale);
            JsonNode a = after.path(locale);
            Set<String> keys = new LinkedHashSet<>();
            b.fieldNames().forEachRemaining(keys::add);
            a.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                String was = b.path(key).isTextual() ? b.get(key).textValue() : null;
                String now = a.path(key).isTextual() ? a.get(key).textValue() : null;
                if (Objects.equals(was, now)) {
                    continue;
                }
                String where = subject + " (" + locale + ")";
                if (was == null) {
                    out.add(new Change(where, key + " set to " + quote(now)));
                } else if (now == null) {
                    out.add(new Change(where, key + " back to the default (was " + quote(was) + ")"));
                } else {
                    out.add(new Change(where, key + " " + quote(was) + " → " + quote(now)));
                }
            }
        }
    }

    private static void regions(JsonNode before, JsonNode after, List<Change> out) {
        Set<String> keys = new LinkedHashSet<>();
        before.fieldNames().forEachRemaining(keys::add);
        after.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            String was = before.path(key).asText(null);
            String now = after.path(key).asText(null);
            if (Objects.equals(was, now)) {
                continue;
            }
            if (was == null) {
                out.add(new Change("Regions", key + " set to " + now));
            } else if (now == null) {
                out.add(new Change("Regions", key + " back to the built-in default (was " + was + ")"));
            } else {
                out.add(new Change("Regions", key + " " + was + " → " + now));
            }
        }
    }

    // ------------------------------------------------------------------ everything else

    private static void rest(JsonNode b, JsonNode a, List<Change> out) {
        ObjectNode x = b.isObject() ? ((ObjectNode) b).deepCopy() : JsonMergePatch.MAPPER.createObjectNode();
        ObjectNode y = a.isObject() ? ((ObjectNode) a).deepCopy() : JsonMergePatch.MAPPER.createObjectNode();
        for (String handled : List.of("pageTypes", "categories", "texts", "regions", "$schema", "revision")) {
            x.remove(handled);
            y.remove(handled);
        }
        generic("Configuration", x, y, "", out);
    }

    private static void generic(String subject, JsonNode before, JsonNode after, String prefix, List<Change> out) {
        List<String> paths = new ArrayList<>();
        SettingsOverlay.differences(before, after, "$", paths);
        for (String path : paths) {
            JsonNode was = at(before, path);
            JsonNode now = at(after, path);
            String field = path.equals("$") ? "" : path.substring(2);
            String text;
            if (was == null || was.isNull()) {
                text = field + " set to " + value(now);
            } else if (now == null || now.isNull()) {
                text = field + " removed (was " + value(was) + ")";
            } else {
                text = field + " " + value(was) + " → " + value(now);
            }
            out.add(new Change(subject, prefix + text));
        }
    }

    /** The node at a path that {@link SettingsOverlay#differences} produced, or null. */
    private static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        int i = 1; // after "$"
        while (node != null && i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                node = node.get(path.substring(i + 1, end));
                i = end;
            } else if (c == '[' && i + 1 < path.length() && path.charAt(i + 1) == '"') {
                int end = path.indexOf("\"]", i + 2);
                node = node.get(path.substring(i + 2, end).replace("\\\"", "\"").replace("\\\\", "\\"));
                i = end + 2;
            } else if (c == '[') {
                int end = path.indexOf(']', i);
                node = node.get(Integer.parseInt(path.substring(i + 1, end)));
                i = end + 1;
            } else {
                return null;
            }
        }
        return node;
    }

    private static String value(JsonNode n) {
        if (n == null || n.isNull()) {
            return "nothing";
        }
        return n.isTextual() ? quote(n.textValue()) : truncate(n.toString());
    }

    private static String strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asText()));
        return String.join(", ", values);
    }

    private static String quote(String s) {
        return "\"" + truncate(s) + "\"";
    }

    private static String truncate(String s) {
        return s.length() > MAX_VALUE_LENGTH ? s.substring(0, MAX_VALUE_LENGTH - 1) + "…" : s;
    }

    private static Map<String, JsonNode> byId(JsonNode list) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode n : list) {
            if (n.isObject() && n.path("id").isTextual()) {
                byId.putIfAbsent(n.get("id").textValue(), n);
            }
        }
        return byId;
    }
}
