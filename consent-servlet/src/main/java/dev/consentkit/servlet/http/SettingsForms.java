package dev.consentkit.servlet.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consentkit.core.BundledTexts;
import dev.consentkit.core.Category;
import dev.consentkit.core.DeclarationKind;
import dev.consentkit.core.Layout;
import dev.consentkit.core.MatchType;
import dev.consentkit.core.Regime;
import dev.consentkit.core.config.ConfigurationProblem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The settings screens' forms, and how they map to and from a configuration document. Each form
 * is read from the request (fields it does not carry keep the configuration's values, so a small
 * form such as "declare this name" edits the same model as the whole screen), applied over the
 * configuration in force to give the draft, and records in a {@link FieldMap} which field set
 * which JSON path.
 */
final class SettingsForms {

    static final ObjectMapper MAPPER = new ObjectMapper();
    /** Rows read per form: a bound on work, well above any real configuration. */
    static final int MAX_ROWS = 2_000;
    /** The longest value a field keeps; the validator reports anything over the documented limits. */
    static final int MAX_VALUE = 10_000;
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    static final Pattern LOCALE = Pattern.compile("[a-z]{2,3}(-[a-z0-9]{2,8}){0,3}");
    /** Regions always listed, whether configured or not. */
    static final List<String> FIXED_REGIONS = List.of("EEA", "UK", "CH", "other", "unknown");

    private SettingsForms() {
    }

    /** A problem the form itself found (a missing choice), placed at a field. */
    record FormProblem(String field, String message) {
    }

    /** The request's fields, each cut to {@value #MAX_VALUE} characters. */
    @FunctionalInterface
    interface Params {
        /** The field's value, or null when the form does not carry it. */
        String get(String name);

        static Params of(Function<String, String> raw) {
            return name -> {
                String v = raw.apply(name);
                return v == null || v.length() <= MAX_VALUE ? v : v.substring(0, MAX_VALUE);
            };
        }
    }

    /** A screen's form: applied over the configuration in force, it gives the draft. */
    interface Form {
        /**
         * The draft: the configuration with this form's values.
         *
         * @param effective the configuration in force (not changed)
         * @param fields where each value came from, filled in
         * @param problems what the form itself finds wrong, added to
         */
        ObjectNode apply(JsonNode effective, FieldMap fields, List<FormProblem> problems);
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("the configuration in force is not a JSON object", e);
        }
    }

    static String path(String parent, String name) {
        return ConfigurationProblem.childPath(parent, name);
    }

    /** The category ids of a configuration, necessary first when present. */
    static List<String> categoryIds(JsonNode doc) {
        List<String> ids = new ArrayList<>();
        for (JsonNode c : doc.path("categories")) {
            if (c.path("id").isTextual()) {
                ids.add(c.get("id").textValue());
            }
        }
        return ids;
    }

    /** The categories a page type offers, necessary left out. */
    static List<String> offered(JsonNode pageType, List<String> categories) {
        Set<String> ids = new LinkedHashSet<>();
        if (pageType.path("categories").isArray()) {
            pageType.get("categories").forEach(n -> ids.add(n.asText()));
        } else {
            ids.addAll(categories);
        }
        ids.remove(Category.NECESSARY);
        return List.copyOf(ids);
    }

    private static String text(JsonNode n) {
        return n != null && n.isTextual() ? n.textValue() : "";
    }

    // ------------------------------------------------------------------ page types

    /** One page type: the categories it offers and its banner layout. */
    record PageRow(String id, List<String> paths, Set<String> offers, String layout) {
    }

    /** The page-types screen. */
    record PagesForm(List<PageRow> rows) implements Form {

        static PagesForm of(JsonNode effective) {
            List<PageRow> rows = new ArrayList<>();
            List<String> categories = categoryIds(effective);
            for (JsonNode p : effective.path("pageTypes")) {
                rows.add(row(p, categories));
            }
            return new PagesForm(rows);
        }

        private static PageRow row(JsonNode p, List<String> categories) {
            List<String> paths = new ArrayList<>();
            p.path("paths").forEach(n -> paths.add(n.asText()));
            return new PageRow(p.path("id").asText(), paths, new LinkedHashSet<>(offered(p, categories)),
                    p.path("layout").asText(Layout.BAR.id()));
        }

        static PagesForm parse(Params params, JsonNode effective) {
            List<String> categories = categoryIds(effective);
            Map<String, PageRow> rows = new LinkedHashMap<>();
            for (int n = 0; n < MAX_ROWS; n++) {
                String id = params.get("pt." + n + ".id");
                if (id == null) {
                    break;
                }
                Set<String> offers = new LinkedHashSet<>();
                for (String c : categories) {
                    if ("on".equals(params.get("pt." + n + ".offer." + c))) {
                        offers.add(c);
                    }
                }
                JsonNode original = pageType(effective, id);
                List<String> paths = new ArrayList<>();
                if (original != null) {
                    original.path("paths").forEach(x -> paths.add(x.asText()));
                }
                rows.putIfAbsent(id, new PageRow(id, paths, offers, params.get("pt." + n + ".layout")));
            }
            for (JsonNode p : effective.path("pageTypes")) {
                rows.putIfAbsent(p.path("id").asText(), row(p, categories)); // not in this form: as it is
            }
            return new PagesForm(List.copyOf(rows.values()));
        }

        @Override
        public ObjectNode apply(JsonNode effective, FieldMap fields, List<FormProblem> problems) {
            ObjectNode draft = effective.deepCopy();
            List<String> categories = categoryIds(effective);
            JsonNode list = draft.path("pageTypes");
            for (int n = 0; n < rows.size(); n++) {
                PageRow row = rows.get(n);
                int i = indexOf(list, row.id());
                if (i < 0) {
                    problems.add(new FormProblem("pt-" + n, "the page type " + row.id() + " is no longer in the configuration files"));
                    continue;
                }
                ObjectNode p = (ObjectNode) list.get(i);
                boolean explicit = p.path("categories").isArray();
                boolean all = row.offers().containsAll(categories.stream().filter(c -> !Category.NECESSARY.equals(c)).toList());
                if (explicit || !all) {
                    ArrayNode offered = MAPPER.createArrayNode();
                    if (explicit && p.get("categories").toString().contains("\"" + Category.NECESSARY + "\"")) {
                        offered.add(Category.NECESSARY);
                    }
                    for (String c : categories) {
                        if (row.offers().contains(c) && !Category.NECESSARY.equals(c)) {
                            offered.add(c);
                        }
                    }
                    p.set("categories", offered);
                }
                if (row.layout() != null && !(row.layout().equals(Layout.BAR.id()) && !p.has("layout"))) {
                    p.put("layout", row.layout());
                }
                String at = "$.pageTypes[" + i + "]";
                fields.put(at, "pt-" + n);
                fields.put(at + ".categories", "pt-" + n + "-offers");
                fields.put(at + ".layout", "pt-" + n + "-layout");
            }
            return draft;
        }
    }

    static JsonNode pageType(JsonNode doc, String id) {
        int i = indexOf(doc.path("pageTypes"), id);
        return i < 0 ? null : doc.get("pageTypes").get(i);
    }

    private static int indexOf(JsonNode list, String id) {
        for (int i = 0; i < list.size(); i++) {
            if (id.equals(list.get(i).path("id").asText(null))) {
                return i;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ texts

    /** The text keys of a configuration: the bundled ones, and the labels and descriptions of its own categories. */
    static List<String> textKeys(JsonNode doc) {
        List<String> keys = new ArrayList<>(BundledTexts.keys());
        for (String c : categoryIds(doc)) {
            for (String what : List.of("label", "description")) {
                String key = "category." + c + "." + what;
                if (!keys.contains(key)) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    /**
     * The texts screen for one scope (all pages, or one page type) and one locale.
     *
     * @param scope empty for the texts of all pages, else a page type id
     * @param locale the locale
     * @param values key to the text in the form (empty: no override); keys the form does not
     *     carry are left out
     */
    record TextsForm(String scope, String locale, Map<String, String> values) implements Form {

        static TextsForm of(JsonNode effective, String scope, String locale) {
            JsonNode texts = scope.isEmpty() ? effective.path("texts").path(locale)
                    : Objects.requireNonNull(pageType(effective, scope)).path("texts").path(locale);
            Map<String, String> values = new LinkedHashMap<>();
            for (String key : textKeys(effective)) {
                values.put(key, text(texts.get(key)));
            }
            return new TextsForm(scope, locale, values);
        }

        static TextsForm parse(Params params, JsonNode effective) {
            String scope = scope(params.get("scope"), effective);
            String locale = locale(params.get("locale"));
            Map<String, String> values = new LinkedHashMap<>();
            for (String key : textKeys(effective)) {
                String v = params.get("t." + key);
                if (v != null) {
                    values.put(key, v);
                }
            }
            return new TextsForm(scope, locale, values);
        }

        static String scope(String scope, JsonNode effective) {
            if (scope == null || scope.isEmpty()) {
                return "";
            }
            if (!ID.matcher(scope).matches() || pageType(effective, scope) == null) {
                throw new IllegalArgumentException("scope must be empty (all pages) or one of the page types");
            }
            return scope;
        }

        static String locale(String locale) {
            if (locale == null || !LOCALE.matcher(locale).matches()) {
                throw new IllegalArgumentException("locale must be a lower-case locale tag such as en or pt-br");
            }
            return locale;
        }

        /** The JSON path of this form's texts object. */
        String basePath(JsonNode effective) {
            String parent = scope.isEmpty() ? "$" : "$.pageTypes[" + indexOf(effective.path("pageTypes"), scope) + "]";
            return path(path(parent, "texts"), locale);
        }

        @Override
        public ObjectNode apply(JsonNode effective, FieldMap fields, List<FormProblem> problems) {
            ObjectNode draft = effective.deepCopy();
            ObjectNode holder = scope.isEmpty() ? draft : (ObjectNode) pageType(draft, scope);
            ObjectNode texts = holder.path("texts").isObject() ? (ObjectNode) holder.get("texts") : MAPPER.createObjectNode();
            ObjectNode locale = texts.path(this.locale).isObject() ? (ObjectNode) texts.get(this.locale) : MAPPER.createObjectNode();
            String base = basePath(effective);
            List<String> keys = textKeys(effective);
            values.forEach((key, value) -> {
                String v = value.strip();
                if (v.isEmpty()) {
                    locale.remove(key);
                } else {
                    locale.put(key, v);
                }
            });
            for (int i = 0; i < keys.size(); i++) {
                fields.put(path(base, keys.get(i)), "text-" + i); // the screen shows every key
            }
            if (locale.isEmpty()) {
                texts.remove(this.locale);
            } else {
                texts.set(this.locale, locale);
            }
            if (texts.isEmpty()) {
                holder.remove("texts");
            } else {
                holder.set("texts", texts);
            }
            fields.put(base, "texts");
            return draft;
        }
    }

    // ------------------------------------------------------------------ regions

    /** One region and its regime; an empty regime is the built-in default. */
    record RegionRow(String key, String regime) {
    }

    /** The regions screen: the listed regions, and one to add. */
    record RegionsForm(List<RegionRow> rows, String newKey, String newRegime) implements Form {

        static RegionsForm of(JsonNode effective) {
            Map<String, RegionRow> rows = new LinkedHashMap<>();
            JsonNode regions = effective.path("regions");
            for (String key : FIXED_REGIONS) {
                rows.put(key, new RegionRow(key, text(regions.get(key))));
            }
            regions.fieldNames().forEachRemaining(key -> rows.putIfAbsent(key, new RegionRow(key, text(regions.get(key)))));
            return new RegionsForm(List.copyOf(rows.values()), "", "");
        }

        static RegionsForm parse(Params params, JsonNode effective) {
            Map<String, RegionRow> rows = new LinkedHashMap<>();
            for (int n = 0; n < MAX_ROWS; n++) {
                String key = params.get("r." + n + ".key");
                if (key == null) {
                    break;
                }
                String regime = params.get("r." + n + ".regime");
                rows.putIfAbsent(key, new RegionRow(key, regime == null ? text(effective.path("regions").get(key)) : regime));
            }
            for (RegionRow row : of(effective).rows()) {
                rows.putIfAbsent(row.key(), row);
            }
            String newKey = params.get("r.new.key");
            String newRegime = params.get("r.new.regime");
            return new RegionsForm(List.copyOf(rows.values()), newKey == null ? "" : newKey.strip(), newRegime == null ? "" : newRegime);
        }

        /** A region as typed: two-letter codes and the groups in upper case, other and unknown in lower case. */
        static String normalize(String key) {
            String k = key.strip();
            String lower = k.toLowerCase(Locale.ROOT);
            if (lower.equals("other") || lower.equals("unknown")) {
                return lower;
            }
            if (k.matches("[A-Za-z]{2}") || lower.equals("eea") || lower.equals("eu")) {
                return k.toUpperCase(Locale.ROOT);
            }
            return k;
        }

        @Override
        public ObjectNode apply(JsonNode effective, FieldMap fields, List<FormProblem> problems) {
            ObjectNode draft = effective.deepCopy();
            ObjectNode regions = draft.path("regions").isObject() ? (ObjectNode) draft.get("regions") : MAPPER.createObjectNode();
            for (int n = 0; n < rows.size(); n++) {
                RegionRow row = rows.get(n);
                if (row.regime().isEmpty()) {
                    regions.remove(row.key());
                } else {
                    regions.put(row.key(), row.regime());
                }
                fields.put(path("$.regions", row.key()), "r-" + n + "-regime");
            }
            if (!newKey.isEmpty()) {
                String key = normalize(newKey);
                if (newRegime.isEmpty()) {
                    problems.add(new FormProblem("r-new-regime", "choose the regime for " + key));
                } else {
                    regions.put(key, newRegime);
                    fields.put(path("$.regions", key), "r-new-key");
                }
            }
            if (regions.isEmpty()) {
                draft.remove("regions");
            } else {
                draft.set("regions", regions);
            }
            fields.put("$.regions", "regions");
            return draft;
        }
    }

    static List<String> regimes() {
        List<String> ids = new ArrayList<>();
        for (Regime r : Regime.values()) {
            ids.add(r.id());
        }
        return ids;
    }

    // ------------------------------------------------------------------ declarations

    /**
     * One declaration in the form.
     *
     * @param original its identity in the configuration in force ({@code ["kind","match","name"]}
     *     as JSON), or empty for a new one
     * @param category the category it is in (or moves to)
     * @param delete whether the organizer deletes it
     */
    record DeclarationRow(String original, String category, String kind, String name, String match, String provider,
                          String purpose, String retention, boolean delete) {

        boolean isNew() {
            return original.isEmpty();
        }
    }

    /** The declarations screen: every declaration, and one to add. */
    record DeclarationsForm(List<DeclarationRow> rows, DeclarationRow added) implements Form {

        static final DeclarationRow EMPTY = new DeclarationRow("", "", DeclarationKind.COOKIE.id(), "", MatchType.EXACT.id(), "", "", "", false);

        static DeclarationsForm of(JsonNode effective) {
            return new DeclarationsForm(rowsOf(effective, Set.of()), EMPTY);
        }

        private static List<DeclarationRow> rowsOf(JsonNode effective, Set<String> except) {
            String locale = effective.path("defaultLocale").asText("en");
            List<DeclarationRow> rows = new ArrayList<>();
            for (JsonNode c : effective.path("categories")) {
                for (JsonNode d : c.path("declarations")) {
                    String identity = identity(d);
                    if (!except.contains(identity)) {
                        rows.add(new DeclarationRow(identity, c.path("id").asText(), text(d.get("kind")), text(d.get("name")),
                                d.path("match").asText(MatchType.EXACT.id()), text(d.get("provider")), purpose(d.get("purpose"), locale),
                                text(d.get("retention")), false));
                    }
                }
            }
            return rows;
        }

        static String identity(JsonNode d) {
            ArrayNode a = MAPPER.createArrayNode();
            a.add(text(d.get("kind"))).add(d.path("match").asText(MatchType.EXACT.id())).add(text(d.get("name")));
            return a.toString();
        }

        private static String purpose(JsonNode purpose, String locale) {
            if (purpose == null) {
                return "";
            }
            if (purpose.isTextual()) {
                return purpose.textValue();
            }
            if (purpose.path(locale).isTextual()) {
                return purpose.get(locale).textValue();
            }
            return purpose.isObject() && purpose.size() > 0 ? purpose.elements().next().asText() : "";
        }

        static DeclarationsForm parse(Params params, JsonNode effective) {
            List<DeclarationRow> rows = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (int n = 0; n < MAX_ROWS; n++) {
                String original = params.get("d." + n + ".orig");
                if (original == null) {
                    break;
                }
                DeclarationRow row = row(params, "d." + n + ".", original);
                if (!original.isEmpty() && !seen.add(original)) {
                    continue; // the same declaration twice: the first wins
                }
                rows.add(row);
            }
            rows.addAll(rowsOf(effective, seen)); // not in this form: as they are
            DeclarationRow added = row(params, "new.", "");
            if (added.name().isBlank()) {
                added = new DeclarationRow("", added.category(), added.kind(), "", added.match(), added.provider(), added.purpose(),
                        added.retention(), false);
            }
            return new DeclarationsForm(rows, added);
        }

        private static DeclarationRow row(Params params, String prefix, String original) {
            return new DeclarationRow(original, orEmpty(params.get(prefix + "category")), orEmpty(params.get(prefix + "kind")),
                    orEmpty(params.get(prefix + "name")).strip(), orEmpty(params.get(prefix + "match")), orEmpty(params.get(prefix + "provider")).strip(),
                    orEmpty(params.get(prefix + "purpose")).strip(), orEmpty(params.get(prefix + "retention")).strip(),
                    "on".equals(params.get(prefix + "delete")));
        }

        /** Every row, and the added one when it has a name (last; its fields are {@code d-N} like the others'). */
        List<DeclarationRow> allRows() {
            if (added.name().isBlank()) {
                return rows;
            }
            List<DeclarationRow> all = new ArrayList<>(rows);
            all.add(added);
            return all;
        }

        @Override
        public ObjectNode apply(JsonNode effective, FieldMap fields, List<FormProblem> problems) {
            ObjectNode draft = effective.deepCopy();
            String locale = effective.path("defaultLocale").asText("en");
            List<String> categories = categoryIds(effective);
            Map<String, JsonNode> originals = new LinkedHashMap<>();
            for (JsonNode c : effective.path("categories")) {
                for (JsonNode d : c.path("declarations")) {
                    originals.putIfAbsent(identity(d), d);
                }
            }
            List<DeclarationRow> all = allRows();
            Map<String, Integer> rowOf = new LinkedHashMap<>();
            for (int n = 0; n < all.size(); n++) {
                if (!all.get(n).isNew()) {
                    rowOf.put(all.get(n).original(), n);
                }
            }
            // per category: its declarations in place, then those moved in and the new ones
            Map<String, List<Object[]>> lists = new LinkedHashMap<>(); // category -> {node, row index}
            for (String c : categories) {
                lists.put(c, new ArrayList<>());
            }
            for (JsonNode c : effective.path("categories")) {
                String id = c.path("id").asText();
                for (JsonNode d : c.path("declarations")) {
                    Integer n = rowOf.get(identity(d));
                    if (n == null) {
                        lists.get(id).add(new Object[] {d, null});
                    } else if (!all.get(n).delete() && all.get(n).category().equals(id)) {
                        lists.get(id).add(new Object[] {build(all.get(n), d, locale), n});
                    }
                }
            }
            for (int n = 0; n < all.size(); n++) {
                DeclarationRow row = all.get(n);
                JsonNode original = row.isNew() ? null : originals.get(row.original());
                String field = "d-" + n;
                if (row.delete() || (original != null && categoryOf(effective, row.original()).equals(row.category()))) {
                    continue; // deleted, or kept in place above
                }
                if (!lists.containsKey(row.category())) {
                    problems.add(new FormProblem(field + "-category", "choose one of the categories " + String.join(", ", categories)));
                    continue;
                }
                lists.get(row.category()).add(new Object[] {build(row, original, locale), n});
            }
            ArrayNode list = (ArrayNode) draft.path("categories");
            for (int ci = 0; ci < list.size(); ci++) {
                ObjectNode c = (ObjectNode) list.get(ci);
                List<Object[]> entries = lists.getOrDefault(c.path("id").asText(), List.of());
                ArrayNode declarations = MAPPER.createArrayNode();
                for (int j = 0; j < entries.size(); j++) {
                    declarations.add((JsonNode) entries.get(j)[0]);
                    Integer n = (Integer) entries.get(j)[1];
                    if (n != null) {
                        String at = "$.categories[" + ci + "].declarations[" + j + "]";
                        String field = "d-" + n;
                        fields.put(at, field);
                        for (String f : List.of("kind", "name", "match", "provider", "purpose", "retention")) {
                            fields.put(at + "." + f, field + "-" + f);
                        }
                    }
                }
                if (declarations.isEmpty() && !c.has("declarations")) {
                    continue;
                }
                c.set("declarations", declarations);
            }
            return draft;
        }

        private static String categoryOf(JsonNode effective, String identity) {
            for (JsonNode c : effective.path("categories")) {
                for (JsonNode d : c.path("declarations")) {
                    if (identity.equals(identity(d))) {
                        return c.path("id").asText();
                    }
                }
            }
            return "";
        }

        /** The declaration of a row, keeping what the form does not show (domain, path, other locales' purposes). */
        private static ObjectNode build(DeclarationRow row, JsonNode original, String locale) {
            ObjectNode d = original instanceof ObjectNode o ? o.deepCopy() : MAPPER.createObjectNode();
            d.put("kind", row.kind());
            d.put("name", row.name());
            if (!row.match().equals(MatchType.EXACT.id()) || d.has("match")) {
                d.put("match", row.match());
            }
            optional(d, "provider", row.provider());
            if (d.path("purpose").isObject()) {
                ObjectNode purposes = (ObjectNode) d.get("purpose");
                if (row.purpose().isEmpty()) {
                    purposes.remove(locale);
                } else {
                    purposes.put(locale, row.purpose());
                }
                if (purposes.isEmpty()) {
                    d.remove("purpose");
                }
            } else {
                optional(d, "purpose", row.purpose());
            }
            optional(d, "retention", row.retention());
            return d;
        }

        private static void optional(ObjectNode d, String field, String value) {
            if (value.isEmpty()) {
                d.remove(field);
            } else {
                d.put(field, value);
            }
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
