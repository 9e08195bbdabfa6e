package dev.consentkit.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The organizer's edits from the settings screen, kept apart from the developers' configuration
 * files and laid over them. The overlay holds only what the screen edits, keyed by identity so
 * that later changes to the files still flow through:
 *
 * <pre>{@code
 * {
 *   "pageTypes":    { "thank-you": { "categories": ["analytics"], "layout": "box", "texts": { "en": { "title": "…" } } } },
 *   "texts":        { "en": { "title": "…", "description": null } },
 *   "regions":      { "US": "opt-out", "BR": null },
 *   "declarations": [ { "category": "analytics", "kind": "cookie", "name": "_mx_", "match": "prefix", "provider": "…" },
 *                     { "category": null, "kind": "cookie", "name": "old", "match": "exact" } ]
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@code pageTypes}: per page type id, a JSON Merge Patch of its {@code categories},
 *       {@code layout} and {@code texts}; page types the files no longer have are ignored;</li>
 *   <li>{@code texts} and {@code regions}: JSON Merge Patches of those objects ({@code null}
 *       removes an entry);</li>
 *   <li>{@code declarations}: per declaration, identified by kind, match and name, its new
 *       content and category (it moves there, or is replaced in place), or {@code "category": null}
 *       to remove it. Declarations the overlay does not name stay as the files have them.</li>
 * </ul>
 * Anything else (signing keys, paths, categories themselves, the theme, ...) belongs to the files
 * and cannot be changed by an overlay: {@link #derive} reports such differences as problems.
 */
public final class SettingsOverlay {

    /** The empty overlay: the files as they are. */
    public static final String EMPTY = "{}\n";

    /** The page-type fields an overlay may change. */
    static final Set<String> PAGE_TYPE_FIELDS = Set.of("categories", "layout", "texts");

    /** What a message says about a field the settings screen cannot change. */
    static final String NOT_EDITABLE = "cannot be changed on the settings screen: it belongs to the configuration files";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SettingsOverlay() {
    }

    /**
     * An overlay derived from the difference between two documents, and the differences it
     * cannot hold.
     *
     * @param overlay the overlay, {@link #EMPTY} when nothing editable differs
     * @param problems one problem per difference outside what the settings screen edits, with
     *     the JSON path of the value (source {@code "settings"}, no line)
     */
    public record Derived(String overlay, List<ConfigurationProblem> problems) {
        /**
         * Validates and copies the components.
         *
         * @param overlay the overlay
         * @param problems the differences it cannot hold
         */
        public Derived {
            Objects.requireNonNull(overlay, "overlay");
            problems = List.copyOf(problems);
        }
    }

    /**
     * Lays an overlay over a document.
     *
     * @param base the effective configuration of the files (a complete document)
     * @param overlay the organizer's edits
     * @return the document with the edits, pretty-printed
     * @throws IllegalArgumentException when either text is not JSON
     */
    public static String apply(String base, String overlay) {
        return JsonMergePatch.write(apply(JsonMergePatch.parse(base, "base"), JsonMergePatch.parse(overlay, "overlay")));
    }

    /**
     * The overlay that turns {@code base} into {@code desired}, so that
     * {@code apply(base, overlay)} equals {@code desired} wherever the settings screen edits.
     *
     * @param base the effective configuration of the files
     * @param desired the configuration the organizer wants
     * @return the overlay and every difference it cannot hold
     * @throws IllegalArgumentException when either text is not JSON
     */
    public static Derived derive(String base, String desired) {
        JsonNode b = JsonMergePatch.parse(base, "base");
        JsonNode d = JsonMergePatch.parse(desired, "desired");
        List<ConfigurationProblem> problems = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        differences(stripEditable(b), stripEditable(d), "$", paths);
        for (String path : paths) {
            problems.add(new ConfigurationProblem("settings", path, 0, 0, NOT_EDITABLE));
        }
        return new Derived(JsonMergePatch.write(overlay(b, d)), problems);
    }

    /**
     * Whether an overlay changes nothing.
     *
     * @param overlay an overlay
     * @return true for {@code {}}
     * @throws IllegalArgumentException when the text is not JSON
     */
    public static boolean isEmpty(String overlay) {
        JsonNode o = JsonMergePatch.parse(overlay, "overlay");
        return !o.isObject() || o.isEmpty();
    }

    // ------------------------------------------------------------------ apply

    static JsonNode apply(JsonNode base, JsonNode overlay) {
        if (!(base instanceof ObjectNode baseObject) || !(overlay instanceof ObjectNode o)) {
            return base.deepCopy();
        }
        ObjectNode doc = baseObject.deepCopy();
        JsonNode pageTypes = o.path("pageTypes");
        if (pageTypes.isObject() && doc.path("pageTypes").isArray()) {
            ArrayNode list = (ArrayNode) doc.get("pageTypes");
            for (int i = 0; i < list.size(); i++) {
                JsonNode patch = pageTypes.get(list.get(i).path("id").asText(""));
                if (patch instanceof ObjectNode p) {
                    ObjectNode allowed = NODES.objectNode();
                    p.fields().forEachRemaining(e -> {
                        if (PAGE_TYPE_FIELDS.contains(e.getKey())) {
                            allowed.set(e.getKey(), e.getValue());
                        }
                    });
                    ObjectNode patched = (ObjectNode) JsonMergePatch.apply(list.get(i), allowed);
                    if (patched.path("texts").isObject() && patched.get("texts").isEmpty()) {
                        patched.remove("texts");
                    }
                    list.set(i, patched);
                }
            }
        }
        for (String field : List.of("texts", "regions")) {
            JsonNode patch = o.get(field);
            if (patch != null && patch.isObject()) {
                JsonNode merged = JsonMergePatch.apply(doc.get(field), patch);
                if (merged.isObject() && merged.isEmpty()) {
                    doc.remove(field);
                } else {
                    doc.set(field, merged);
                }
            }
        }
        JsonNode declarations = o.path("declarations");
        if (declarations.isArray() && doc.path("categories").isArray()) {
            ArrayNode categories = (ArrayNode) doc.get("categories");
            for (JsonNode entry : declarations) {
                if (entry.isObject()) {
                    applyDeclaration(categories, (ObjectNode) entry);
                }
            }
        }
        return doc;
    }

    private static void applyDeclaration(ArrayNode categories, ObjectNode entry) {
        String key = key(entry);
        if (key == null) {
            return;
        }
        int fromCategory = -1;
        int fromIndex = -1;
        for (int c = 0; c < categories.size() && fromCategory < 0; c++) {
            JsonNode decls = categories.get(c).path("declarations");
            for (int i = 0; i < decls.size(); i++) {
                if (key.equals(key(decls.get(i)))) {
                    fromCategory = c;
                    fromIndex = i;
                    ((ArrayNode) decls).remove(i);
                    break;
                }
            }
        }
        JsonNode target = entry.get("category");
        if (target == null || !target.isTextual()) {
            return; // removed
        }
        for (int c = 0; c < categories.size(); c++) {
            if (target.textValue().equals(categories.get(c).path("id").asText(null)) && categories.get(c).isObject()) {
                ObjectNode category = (ObjectNode) categories.get(c);
                ArrayNode decls = category.path("declarations").isArray() ? (ArrayNode) category.get("declarations")
                        : category.putArray("declarations");
                ObjectNode declaration = entry.deepCopy();
                declaration.remove("category");
                if (c == fromCategory) {
                    decls.insert(fromIndex, declaration); // edited in place
                } else {
                    decls.add(declaration);
                }
                return;
            }
        }
        // the category is gone from the files: the declaration goes with it
    }

    /** A declaration's identity: kind, match and name. */
    static String key(JsonNode declaration) {
        JsonNode kind = declaration.get("kind");
        JsonNode name = declaration.get("name");
        if (kind == null || !kind.isTextual() || name == null || !name.isTextual()) {
            return null;
        }
        JsonNode match = declaration.get("match");
        return kind.textValue() + "\u0000" + (match != null && match.isTextual() ? match.textValue() : "exact") + "\u0000" + name.textValue();
    }

    // ------------------------------------------------------------------ derive

    private static JsonNode stripEditable(JsonNode doc) {
        if (!(doc instanceof ObjectNode o)) {
            return doc;
        }
        ObjectNode copy = o.deepCopy();
        copy.remove(List.of("revision", "$schema", "texts", "regions"));
        if (copy.path("pageTypes").isArray()) {
            for (JsonNode p : copy.get("pageTypes")) {
                if (p instanceof ObjectNode po) {
                    po.remove(PAGE_TYPE_FIELDS);
                }
            }
        }
        if (copy.path("categories").isArray()) {
            for (JsonNode c : copy.get("categories")) {
                if (c instanceof ObjectNode co) {
                    co.remove("declarations");
                }
            }
        }
        return copy;
    }

    /** Collects the JSON paths where two documents differ, as deep as both have the same shape. */
    static void differences(JsonNode a, JsonNode b, String path, List<String> out) {
        if (Objects.equals(a, b) || (isAbsent(a) && isAbsent(b))) {
            return;
        }
        if (a instanceof ObjectNode ao && b instanceof ObjectNode bo) {
            Set<String> names = new java.util.LinkedHashSet<>();
            ao.fieldNames().forEachRemaining(names::add);
            bo.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                differences(ao.get(name), bo.get(name), JsonDocument.childPath(path, name), out);
            }
        } else if (a instanceof ArrayNode aa && b instanceof ArrayNode ba && aa.size() == ba.size()) {
            for (int i = 0; i < aa.size(); i++) {
                differences(aa.get(i), ba.get(i), path + "[" + i + "]", out);
            }
        } else {
            out.add(path);
        }
    }

    private static boolean isAbsent(JsonNode n) {
        return n == null || n.isNull();
    }

    private static ObjectNode overlay(JsonNode base, JsonNode desired) {
        ObjectNode overlay = NODES.objectNode();
        // page types, by id
        ObjectNode pageTypes = NODES.objectNode();
        Map<String, JsonNode> basePages = byId(base.path("pageTypes"));
        for (JsonNode p : desired.path("pageTypes")) {
            JsonNode old = basePages.get(p.path("id").asText(null));
            if (old == null) {
                continue; // a page type the files lack: reported by derive
            }
            JsonNode patch = JsonMergePatch.diff(pageTypeFields(old), pageTypeFields(p));
            if (patch != null) {
                pageTypes.set(p.get("id").textValue(), patch);
            }
        }
        if (!pageTypes.isEmpty()) {
            overlay.set("pageTypes", pageTypes);
        }
        for (String field : List.of("texts", "regions")) {
            JsonNode patch = JsonMergePatch.diff(objectOrEmpty(base.get(field)), objectOrEmpty(desired.get(field)));
            if (patch != null) {
                overlay.set(field, patch);
            }
        }
        // declarations, by identity
        Map<String, ObjectNode> before = declarations(base);
        Map<String, ObjectNode> after = declarations(desired);
        ArrayNode entries = NODES.arrayNode();
        after.forEach((key, entry) -> {
            if (!entry.equals(before.get(key))) {
                entries.add(entry);
            }
        });
        before.forEach((key, entry) -> {
            if (!after.containsKey(key)) {
                ObjectNode removed = entries.addObject();
                removed.putNull("category");
                removed.set("kind", entry.get("kind"));
                removed.set("name", entry.get("name"));
                if (entry.has("match")) {
                    removed.set("match", entry.get("match"));
                }
            }
        });
        if (!entries.isEmpty()) {
            overlay.set("declarations", entries);
        }
        return overlay;
    }

    private static JsonNode objectOrEmpty(JsonNode n) {
        return n != null && n.isObject() ? n : NODES.objectNode();
    }

    private static ObjectNode pageTypeFields(JsonNode pageType) {
        ObjectNode fields = NODES.objectNode();
        for (String f : List.of("categories", "layout", "texts")) {
            if (pageType.has(f) && !pageType.get(f).isNull()) {
                fields.set(f, pageType.get(f));
            }
        }
        return fields;
    }

    private static Map<String, JsonNode> byId(JsonNode list) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode n : list) {
            if (n.path("id").isTextual()) {
                byId.putIfAbsent(n.get("id").textValue(), n);
            }
        }
        return byId;
    }

    /** Every declaration as an overlay entry ({@code category} first), by identity. */
    private static Map<String, ObjectNode> declarations(JsonNode doc) {
        Map<String, ObjectNode> all = new LinkedHashMap<>();
        for (JsonNode c : doc.path("categories")) {
            String category = c.path("id").asText(null);
            for (JsonNode d : c.path("declarations")) {
                String key = key(d);
                if (key == null || category == null || !d.isObject()) {
                    continue;
                }
                ObjectNode entry = NODES.objectNode();
                entry.put("category", category);
                Iterator<Map.Entry<String, JsonNode>> fields = d.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> e = fields.next();
                    entry.set(e.getKey(), e.getValue());
                }
                all.putIfAbsent(key, entry);
            }
        }
        return all;
    }
}
