package dev.consentkit.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.consentkit.core.BundledTexts;
import dev.consentkit.core.Category;
import dev.consentkit.core.Declaration;
import dev.consentkit.core.DeclarationKind;
import dev.consentkit.core.Layout;
import dev.consentkit.core.LocalizedText;
import dev.consentkit.core.MatchType;
import dev.consentkit.core.Policy;
import dev.consentkit.core.Regime;
import dev.consentkit.core.UndeclaredListener;
import dev.consentkit.core.UndeclaredPolicy;
import dev.consentkit.core.token.SigningKey;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Loads a configuration document (JSON) into a {@link Policy}.
 *
 * <p>Everything is checked before anything is built: unknown fields, wrong types, references to
 * missing categories, patterns that do not compile or could backtrack catastrophically, consent
 * lifetimes over 13 months, missing or weak signing keys, duplicate ids and duplicate keys, and
 * texts missing for the default locale. Every problem is collected with its JSON path, line and
 * column and thrown in one {@link ConfigurationException}; a bad configuration never
 * half-loads.
 *
 * <p>A tenant's document can be laid over a platform default by the rules of JSON Merge Patch
 * (RFC 7386): objects merge key by key, {@code null} removes, arrays and values replace.
 *
 * <pre>{@code
 * Policy policy = PolicyLoader.builder().build().load(Path.of("consentkit.json"));
 * }</pre>
 *
 * <p>A loader is immutable and thread-safe; each call reads its documents afresh and returns a new
 * policy.
 */
public final class PolicyLoader {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final Map<String, List<String>> DEFAULT_CONSENT_MODE = Map.of(
            "necessary", List.of("security_storage"),
            "preferences", List.of("functionality_storage", "personalization_storage"),
            "analytics", List.of("analytics_storage"),
            "marketing", List.of("ad_storage", "ad_user_data", "ad_personalization"));
    private static final Pattern COOKIE_NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

    private final UndeclaredListener undeclaredListener;
    private final Clock clock;
    private final Function<String, String> environment;
    private final int tokenCacheSize;
    private final int regexCacheSize;

    private PolicyLoader(Builder b) {
        this.undeclaredListener = b.undeclaredListener;
        this.clock = b.clock;
        this.environment = b.environment;
        this.tokenCacheSize = b.tokenCacheSize;
        this.regexCacheSize = b.regexCacheSize;
    }

    /**
     * {@return a loader with the defaults: no undeclared listener, the system clock and
     * environment}
     */
    public static PolicyLoader create() {
        return builder().build();
    }

    /** {@return starts configuring a loader} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Loads one file as the policy of the {@value Policy#DEFAULT_TENANT} tenant.
     *
     * @param file a JSON configuration document, read as UTF-8
     * @return the compiled policy
     * @throws ConfigurationException with every problem found
     * @throws java.io.UncheckedIOException when the file cannot be read
     */
    public Policy load(Path file) {
        return load(Policy.DEFAULT_TENANT, List.of(ConfigurationSource.of(file)));
    }

    /**
     * Loads a tenant's policy from layered documents: each later one is laid over the earlier
     * ones as a JSON Merge Patch (platform default first, the tenant's own last).
     *
     * @param tenant the tenant identifier
     * @param layers at least one document
     * @return the compiled policy
     * @throws ConfigurationException with every problem found in any layer
     */
    public Policy load(String tenant, List<ConfigurationSource> layers) {
        Objects.requireNonNull(tenant, "tenant");
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("at least one configuration document is required");
        }
        List<JsonDocument> documents = new ArrayList<>();
        List<ConfigurationProblem> syntax = new ArrayList<>();
        for (ConfigurationSource source : layers) {
            JsonDocument doc = JsonDocument.parse(source.name(), source.json());
            documents.add(doc);
            syntax.addAll(doc.problems);
            if (doc.root != null && !doc.root.isObject()) {
                syntax.add(new ConfigurationProblem(source.name(), "$", 1, 1, "must be an object, was " + Spec.kindOf(doc.root)));
            }
        }
        if (!syntax.isEmpty()) {
            throw new ConfigurationException(syntax);
        }
        JsonNode merged = documents.get(0).root;
        for (int i = 1; i < documents.size(); i++) {
            merged = JsonDocument.mergePatch(merged, documents.get(i).root);
        }
        Problems problems = new Problems(documents);
        ConfigSpec.ROOT.check(merged, "$", problems);
        Path baseDirectory = layers.get(layers.size() - 1).baseDirectory();
        Checked checked = new Checked();
        checkSemantics(merged, problems, checked, layers);
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems.list());
        }
        Objects.requireNonNull(baseDirectory == null ? Path.of("") : baseDirectory);
        return bind(tenant, merged, checked);
    }

    /**
     * Parses one document held in memory.
     *
     * @param tenant the tenant identifier
     * @param sourceName the name problems are reported against
     * @param json the document
     * @return the compiled policy
     * @throws ConfigurationException with every problem found
     */
    public Policy parse(String tenant, String sourceName, String json) {
        return load(tenant, List.of(ConfigurationSource.of(sourceName, json)));
    }

    /**
     * Checks layered documents without building a policy.
     *
     * @param layers the documents, laid over each other in order as JSON Merge Patches
     * @return every problem found, empty when the documents would load
     */
    public List<ConfigurationProblem> validate(List<ConfigurationSource> layers) {
        try {
            load(Policy.DEFAULT_TENANT, layers);
            return List.of();
        } catch (ConfigurationException e) {
            return e.problems();
        }
    }

    /**
     * The JSON Schema (draft 2020-12) of the configuration document, as shipped in this jar.
     *
     * @return the schema's text
     * @throws IllegalStateException when the schema is missing from the class path (a broken
     *     build)
     */
    public static String jsonSchema() {
        try (var in = PolicyLoader.class.getResourceAsStream("consentkit-config.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("consentkit-config.schema.json is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Generates the JSON Schema from the loader's own description of the document. */
    static String generateJsonSchema() {
        var schema = ConfigSpec.ROOT.schema();
        var root = MAPPER.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", "https://consentkit.dev/schema/consentkit-config.schema.json");
        root.put("title", "ConsentKit configuration");
        root.setAll(schema);
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The field reference of the configuration as a Markdown table, generated from the same
     * description the loader checks against ({@code docs/configuration.md} embeds it; a test
     * keeps them equal).
     */
    static String referenceTable() {
        StringBuilder md = new StringBuilder();
        md.append("| field | type | default | description |\n|---|---|---|---|\n");
        appendFields(md, ConfigSpec.ROOT, "");
        return md.toString();
    }

    private static void appendFields(StringBuilder md, Spec spec, String prefix) {
        if (spec instanceof Spec.Obj obj) {
            for (Spec.Field f : obj.fields.values()) {
                String path = prefix + f.name();
                String type = f.type().typeName() + (f.required() ? " (required)" : "");
                String def = f.defaultValue() == null ? "" : "`" + Spec.toNode(f.defaultValue()) + "`";
                md.append("| `").append(path).append("` | ").append(type.replace("|", "\\|")).append(" | ").append(def)
                        .append(" | ").append(f.description().replace("|", "\\|")).append(" |\n");
                appendFields(md, f.type(), path + ".");
            }
        } else if (spec instanceof Spec.Arr arr) {
            String base = prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
            appendFields(md, arr.items, base + "[].");
        } else if (spec instanceof Spec.MapOf map && (map.values instanceof Spec.Obj || map.values instanceof Spec.MapOf)) {
            String base = prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
            appendFields(md, map.values, base + ".<key>.");
        }
    }

    // ------------------------------------------------------------------ semantic checks

    /** Values the checks decoded and the binding reuses. */
    private static final class Checked {
        final List<SigningKey> keys = new ArrayList<>();
        Period lifetime = Policy.DEFAULT_CONSENT_LIFETIME;
    }

    private void checkSemantics(JsonNode root, Problems problems, Checked checked, List<ConfigurationSource> layers) {
        String defaultLocale = textOr(root.get("defaultLocale"), "en");

        // categories
        Set<String> categoryIds = new LinkedHashSet<>();
        categoryIds.add(Category.NECESSARY);
        Map<String, String> declared = new HashMap<>(); // kind|match|name -> path
        JsonNode categories = root.get("categories");
        if (categories != null && categories.isArray()) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < categories.size(); i++) {
                JsonNode c = categories.get(i);
                String path = "$.categories[" + i + "]";
                String id = textOr(c.get("id"), null);
                if (id != null) {
                    if (!seen.add(id)) {
                        problems.add(path + ".id", "duplicate category id \"" + id + "\"");
                    }
                    categoryIds.add(id);
                }
                JsonNode decls = c.get("declarations");
                if (decls != null && decls.isArray()) {
                    for (int j = 0; j < decls.size(); j++) {
                        checkDeclaration(decls.get(j), path + ".declarations[" + j + "]", declared, problems);
                    }
                }
                if (id != null && !BundledTexts.of("en").containsKey("category." + id + ".label")) {
                    requireDefaultLocaleText(root, c.get("label"), id, "label", defaultLocale, path, problems);
                    requireDefaultLocaleText(root, c.get("description"), id, "description", defaultLocale, path, problems);
                }
            }
        }

        if (categoryIds.size() > Policy.MAX_CATEGORIES) {
            // the consent cookie and the permissions carry one bit per category
            problems.add("$.categories", "has " + categoryIds.size() + " categories (necessary included); at most "
                    + Policy.MAX_CATEGORIES + " are supported");
        }

        // page types
        JsonNode pages = root.get("pageTypes");
        if (pages != null && pages.isArray()) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < pages.size(); i++) {
                JsonNode p = pages.get(i);
                String path = "$.pageTypes[" + i + "]";
                String id = textOr(p.get("id"), null);
                if (id != null && !seen.add(id)) {
                    problems.add(path + ".id", "duplicate page type id \"" + id + "\"");
                }
                JsonNode offered = p.get("categories");
                if (offered != null && offered.isArray()) {
                    Set<String> once = new HashSet<>();
                    for (int j = 0; j < offered.size(); j++) {
                        String ref = textOr(offered.get(j), null);
                        if (ref == null) {
                            continue;
                        }
                        if (!categoryIds.contains(ref)) {
                            problems.add(path + ".categories[" + j + "]", "refers to category \"" + ref
                                    + "\", which is not configured; configured categories are " + String.join(", ", categoryIds));
                        } else if (!once.add(ref)) {
                            problems.add(path + ".categories[" + j + "]", "lists category \"" + ref + "\" twice");
                        }
                    }
                }
                JsonNode paths = p.get("paths");
                if (paths != null && paths.isArray()) {
                    for (int j = 0; j < paths.size(); j++) {
                        String pattern = textOr(paths.get(j), null);
                        String reason = pattern == null ? null : pathPatternProblem(pattern);
                        if (reason != null) {
                            problems.add(path + ".paths[" + j + "]", reason);
                        }
                    }
                }
                checkTextKeys(p.get("texts"), path + ".texts", categoryIds, problems);
            }
        }

        // lifetime
        String lifetime = textOr(root.get("consentLifetime"), null);
        if (lifetime != null && lifetime.matches("P(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?")) {
            try {
                Period period = Period.parse(lifetime);
                if (period.isZero() || period.isNegative()) {
                    problems.add("$.consentLifetime", "must be longer than zero, was \"" + lifetime + "\"");
                } else if (Policy.Builder.approximateDays(period) > Policy.Builder.approximateDays(Policy.MAX_CONSENT_LIFETIME)) {
                    problems.add("$.consentLifetime", "must be at most 13 months (P13M, about 395 days), was \"" + lifetime + "\"");
                } else {
                    checked.lifetime = period;
                }
            } catch (DateTimeParseException | ArithmeticException e) {
                problems.add("$.consentLifetime", "is not an ISO-8601 period: \"" + lifetime + "\"");
            }
        }

        // signing keys
        JsonNode keys = root.get("signingKeys");
        if (keys == null || keys.isNull() || (keys.isArray() && keys.isEmpty())) {
            problems.add("$.signingKeys", "at least one signing key is required to sign the consent cookie "
                    + "(for example {\"id\": \"k1\", \"secretEnv\": \"CONSENTKIT_KEY\"})");
        } else if (keys.isArray()) {
            Path base = layers.get(layers.size() - 1).baseDirectory();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < keys.size(); i++) {
                checkKey(keys.get(i), "$.signingKeys[" + i + "]", seen, base, checked, problems);
            }
        }

        // texts
        checkTextKeys(root.get("texts"), "$.texts", categoryIds, problems);
        if (!BundledTexts.locales().contains(defaultLocale)) {
            JsonNode own = root.path("texts").path(defaultLocale);
            List<String> missing = new ArrayList<>();
            for (String key : BundledTexts.keys()) {
                if (key.startsWith("category.")) {
                    continue; // category texts are checked per category
                }
                if (!own.path(key).isTextual()) {
                    missing.add(key);
                }
            }
            if (!missing.isEmpty()) {
                problems.add("$.texts", "the default locale \"" + defaultLocale + "\" has no bundled texts, so every text must be "
                        + "configured for it; missing: " + String.join(", ", missing));
            }
        }
        JsonNode locales = root.get("locales");
        if (locales != null && locales.isArray()) {
            boolean hasDefault = false;
            for (int i = 0; i < locales.size(); i++) {
                String locale = textOr(locales.get(i), null);
                if (locale == null) {
                    continue;
                }
                hasDefault |= locale.equals(defaultLocale);
                if (!BundledTexts.locales().contains(locale) && !root.path("texts").has(locale)) {
                    problems.add("$.locales[" + i + "]", "locale \"" + locale + "\" has no bundled texts and none are configured under $.texts");
                }
            }
            if (!hasDefault) {
                problems.add("$.locales", "must include the default locale \"" + defaultLocale + "\"");
            }
        }
        JsonNode theme = root.get("theme");
        if (theme != null && theme.isObject()) {
            theme.fields().forEachRemaining(e -> {
                String v = e.getValue().isTextual() ? e.getValue().textValue().toLowerCase(java.util.Locale.ROOT) : "";
                if (v.contains("url") || v.contains("expression") || v.contains("image")) {
                    problems.add(JsonDocument.childPath("$.theme", e.getKey()), "must not load resources (url, image, expression)");
                }
            });
        }
    }

    private static void requireDefaultLocaleText(JsonNode root, JsonNode value, String categoryId, String what,
                                                 String defaultLocale, String path, Problems problems) {
        boolean present = value != null && (value.isTextual() || (value.isObject() && value.path(defaultLocale).isTextual()));
        boolean viaTexts = root.path("texts").path(defaultLocale).path("category." + categoryId + "." + what).isTextual();
        if (!present && !viaTexts) {
            problems.add(path + "." + what, "category \"" + categoryId + "\" is not a standard category, so its " + what
                    + " must be given for the default locale \"" + defaultLocale + "\"");
        }
    }

    private static void checkTextKeys(JsonNode texts, String path, Set<String> categoryIds, Problems problems) {
        if (texts == null || !texts.isObject()) {
            return;
        }
        Set<String> known = new HashSet<>(BundledTexts.keys());
        texts.fields().forEachRemaining(locale -> {
            if (!locale.getValue().isObject()) {
                return;
            }
            locale.getValue().fieldNames().forEachRemaining(key -> {
                boolean ok = known.contains(key);
                if (!ok && key.startsWith("category.")) {
                    String[] parts = key.split("\\.");
                    ok = parts.length == 3 && categoryIds.contains(parts[1]);
                }
                if (!ok) {
                    problems.add(JsonDocument.childPath(JsonDocument.childPath(path, locale.getKey()), key),
                            "unknown text key \"" + key + "\"; text keys are " + String.join(", ", BundledTexts.keys().stream()
                                    .filter(k -> !k.startsWith("category.")).toList()) + " and category.<id>.label|description");
                }
            });
        });
    }

    private static void checkDeclaration(JsonNode d, String path, Map<String, String> declared, Problems problems) {
        String kind = textOr(d.get("kind"), null);
        String name = textOr(d.get("name"), null);
        String match = textOr(d.get("match"), "exact");
        if (name == null || kind == null) {
            return;
        }
        if (name.isEmpty()) {
            problems.add(path + ".name", "must not be empty");
            return;
        }
        if ("regex".equals(match)) {
            try {
                Declaration.of(DeclarationKind.COOKIE, name, MatchType.REGEX);
            } catch (IllegalArgumentException e) {
                problems.add(path + ".name", e.getMessage());
            }
        } else if ("cookie".equals(kind) && !COOKIE_NAME.matcher(name).matches()) {
            problems.add(path + ".name", "\"" + name + "\" is not a valid cookie name (RFC 6265 token characters only)");
        }
        String key = kind + "|" + match + "|" + name;
        String first = declared.putIfAbsent(key, path);
        if (first != null) {
            problems.add(path + ".name", kind + " \"" + name + "\" (" + match + ") is already declared at " + first);
        }
    }

    private void checkKey(JsonNode key, String path, Set<String> seen, Path base, Checked checked, Problems problems) {
        if (!key.isObject()) {
            return;
        }
        String id = textOr(key.get("id"), null);
        if (id != null && !seen.add(id)) {
            problems.add(path + ".id", "duplicate signing key id \"" + id + "\"");
        }
        List<String> sources = new ArrayList<>();
        for (String field : List.of("secret", "secretEnv", "secretFile")) {
            if (key.path(field).isTextual()) {
                sources.add(field);
            }
        }
        if (sources.size() != 1) {
            problems.add(path, "must have exactly one of secret, secretEnv, secretFile; has "
                    + (sources.isEmpty() ? "none" : String.join(", ", sources)));
            return;
        }
        String source = sources.get(0);
        String material;
        switch (source) {
            case "secretEnv" -> {
                String variable = key.get("secretEnv").textValue();
                material = environment.apply(variable);
                if (material == null || material.isBlank()) {
                    problems.add(path + ".secretEnv", "environment variable " + variable + " is not set");
                    return;
                }
            }
            case "secretFile" -> {
                Path file = Path.of(key.get("secretFile").textValue());
                if (!file.isAbsolute() && base != null) {
                    file = base.resolve(file);
                }
                try {
                    material = Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException | RuntimeException e) {
                    problems.add(path + ".secretFile", "cannot read " + file + ": " + e.getMessage());
                    return;
                }
            }
            default -> material = key.get("secret").textValue();
        }
        byte[] secret = decodeBase64(material.strip());
        if (secret == null) {
            problems.add(path + "." + source, "the secret is not base64");
            return;
        }
        if (secret.length < SigningKey.MIN_SECRET_BYTES) {
            problems.add(path + "." + source, "the secret has " + secret.length + " bytes; at least "
                    + SigningKey.MIN_SECRET_BYTES + " random bytes are required");
            return;
        }
        if (id != null && SigningKey.isValidId(id)) {
            checked.keys.add(new SigningKey(id, secret));
        }
        java.util.Arrays.fill(secret, (byte) 0);
    }

    private static byte[] decodeBase64(String text) {
        try {
            String normalized = text.replaceAll("\\s", "").replace('-', '+').replace('_', '/');
            return Base64.getDecoder().decode(normalized);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String pathPatternProblem(String pattern) {
        for (String segment : pattern.split("/")) {
            int star = segment.indexOf('*');
            if (star >= 0 && !segment.equals("**") && star != segment.length() - 1) {
                return "'*' may only end a path segment, or stand alone as '*' or '**': \"" + pattern + "\"";
            }
        }
        return null;
    }

    private static String textOr(JsonNode node, String fallback) {
        return node != null && node.isTextual() ? node.textValue() : fallback;
    }

    // ------------------------------------------------------------------ binding

    private Policy bind(String tenant, JsonNode root, Checked checked) {
        String defaultLocale = textOr(root.get("defaultLocale"), "en");
        Policy.Builder b = Policy.builder(tenant)
                .revision(root.path("revision").asLong(1))
                .defaultLocale(defaultLocale)
                .consentLifetime(checked.lifetime)
                .undeclared(UndeclaredPolicy.fromId(textOr(root.get("undeclared"), "block")).orElseThrow())
                .undeclaredListener(undeclaredListener)
                .clock(clock)
                .tokenCacheSize(tokenCacheSize)
                .regexCacheSize(regexCacheSize);
        checked.keys.forEach(b::signingKey);
        JsonNode org = root.path("organizer");
        b.organizer(new Policy.Organizer(textOr(org.get("name"), ""), textOr(org.get("privacyPolicyUrl"), null),
                textOr(org.get("cookiePolicyUrl"), null)));
        if (root.path("locales").isArray()) {
            List<String> locales = new ArrayList<>();
            root.get("locales").forEach(n -> locales.add(n.textValue()));
            b.locales(locales);
        }
        List<String> allCategories = new ArrayList<>();
        for (JsonNode c : root.path("categories")) {
            String id = c.get("id").textValue();
            allCategories.add(id);
            List<Declaration> declarations = new ArrayList<>();
            for (JsonNode d : c.path("declarations")) {
                declarations.add(new Declaration(
                        DeclarationKind.fromId(d.get("kind").textValue()).orElseThrow(),
                        d.get("name").textValue(),
                        MatchType.fromId(textOr(d.get("match"), "exact")).orElseThrow(),
                        textOr(d.get("provider"), ""),
                        localized(d.get("purpose"), defaultLocale),
                        textOr(d.get("retention"), ""),
                        textOr(d.get("domain"), null),
                        textOr(d.get("path"), "/")));
            }
            List<String> consentMode = new ArrayList<>();
            if (c.path("consentMode").isArray()) {
                c.get("consentMode").forEach(n -> consentMode.add(n.textValue()));
            } else {
                consentMode.addAll(DEFAULT_CONSENT_MODE.getOrDefault(id, List.of()));
            }
            boolean saleOrSharing = c.path("saleOrSharing").isBoolean() ? c.get("saleOrSharing").booleanValue() : "marketing".equals(id);
            b.category(id, localized(c.get("label"), defaultLocale), localized(c.get("description"), defaultLocale),
                    declarations, consentMode, saleOrSharing);
        }
        for (JsonNode p : root.path("pageTypes")) {
            List<String> paths = new ArrayList<>();
            p.get("paths").forEach(n -> paths.add(n.textValue()));
            List<String> offered = new ArrayList<>();
            if (p.path("categories").isArray()) {
                p.get("categories").forEach(n -> offered.add(n.textValue()));
            } else {
                offered.addAll(allCategories);
            }
            b.pageType(p.get("id").textValue(), paths, offered,
                    Layout.fromId(textOr(p.get("layout"), "bar")).orElseThrow(), textsByLocale(p.get("texts")));
        }
        if (root.path("regions").isObject()) {
            root.get("regions").fields().forEachRemaining(e ->
                    b.region(e.getKey(), Regime.fromId(e.getValue().textValue()).orElseThrow()));
        }
        textsByLocale(root.get("texts")).forEach(b::texts);
        JsonNode consentMode = root.path("consentMode");
        b.consentMode(consentMode.path("enabled").asBoolean(true), consentMode.path("waitForUpdate").asInt(500));
        if (root.path("theme").isObject()) {
            root.get("theme").fields().forEachRemaining(e -> b.theme(e.getKey(), e.getValue().textValue()));
        }
        return b.build();
    }

    private static LocalizedText localized(JsonNode node, String defaultLocale) {
        if (node == null || node.isNull()) {
            return LocalizedText.empty();
        }
        if (node.isTextual()) {
            return LocalizedText.of(defaultLocale, node.textValue());
        }
        Map<String, String> values = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().textValue()));
        return new LocalizedText(values);
    }

    private static Map<String, Map<String, String>> textsByLocale(JsonNode node) {
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(locale -> {
                Map<String, String> values = new LinkedHashMap<>();
                locale.getValue().fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().textValue()));
                result.put(locale.getKey(), values);
            });
        }
        return result;
    }

    /** Configures a {@link PolicyLoader}. */
    public static final class Builder {
        private UndeclaredListener undeclaredListener = UndeclaredListener.NONE;
        private Clock clock = Clock.systemUTC();
        private Function<String, String> environment = System::getenv;
        private int tokenCacheSize = 10_000;
        private int regexCacheSize = 10_000;

        private Builder() {
        }

        /**
         * Who hears about undeclared names seen by the loaded policies.
         *
         * @param listener called for every undeclared name a loaded policy sees; must be
         *     fast and thread-safe
         * @return this builder
         */
        public Builder undeclaredListener(UndeclaredListener listener) {
            this.undeclaredListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The clock of the loaded policies (tests).
         *
         * @param clock the clock that dates decisions and decides expiry
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Where {@code secretEnv} looks variables up (default
         * {@link System#getenv(String)}).
         *
         * @param environment looks a variable's value up by name, null when it is not set
         * @return this builder
         */
        public Builder environment(Function<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /**
         * Bounds each policy's cache of decoded consent tokens.
         *
         * @param size the most cached tokens per policy, positive (checked when a policy is
         *     built)
         * @return this builder
         */
        public Builder tokenCacheSize(int size) {
            this.tokenCacheSize = size;
            return this;
        }

        /**
         * Bounds each policy's cache of regular-expression classifications, per kind.
         *
         * @param size the most cached classifications per kind, positive (checked when a
         *     policy is built)
         * @return this builder
         */
        public Builder regexCacheSize(int size) {
            this.regexCacheSize = size;
            return this;
        }

        /**
         * Creates the loader.
         *
         * @return the loader; immutable and thread-safe
         */
        public PolicyLoader build() {
            return new PolicyLoader(this);
        }
    }
}
