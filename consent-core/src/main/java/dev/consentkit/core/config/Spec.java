package dev.consentkit.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * A declarative description of the configuration's shape. The same description checks a
 * document (collecting every problem with its path) and produces the shipped JSON Schema and the
 * reference tables of {@code docs/configuration.md}, so the three cannot drift apart.
 */
abstract class Spec {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    String description = "";

    abstract void check(JsonNode node, String path, Problems problems);

    abstract ObjectNode schema();

    /** A short type name for the documentation table. */
    abstract String typeName();

    @SuppressWarnings("unchecked")
    <T extends Spec> T describe(String text) {
        this.description = text;
        return (T) this;
    }

    ObjectNode withDescription(ObjectNode schema) {
        if (!description.isEmpty()) {
            schema.put("description", description);
        }
        return schema;
    }

    static String quote(String s) {
        return s.length() > 60 ? "\"" + s.substring(0, 57) + "...\"" : "\"" + s + "\"";
    }

    static String kindOf(JsonNode node) {
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isIntegralNumber()) {
            return "an integer";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return "null";
    }

    // ------------------------------------------------------------------ object with fixed fields

    static final class Obj extends Spec {
        final Map<String, Field> fields = new LinkedHashMap<>();

        Obj field(String name, Spec type, boolean required, Object defaultValue, String description) {
            fields.put(name, new Field(name, type, required, defaultValue, description));
            return this;
        }

        Obj required(String name, Spec type, String description) {
            return field(name, type, true, null, description);
        }

        Obj optional(String name, Spec type, Object defaultValue, String description) {
            return field(name, type, false, defaultValue, description);
        }

        @Override
        void check(JsonNode node, String path, Problems problems) {
            if (!node.isObject()) {
                problems.add(path, "must be an object, was " + kindOf(node));
                return;
            }
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!fields.containsKey(name)) {
                    problems.add(JsonDocument.childPath(path, name), "unknown field " + quote(name)
                            + "; known fields are " + String.join(", ", fields.keySet()));
                }
            }
            for (Field f : fields.values()) {
                JsonNode value = node.get(f.name);
                if (value == null || value.isNull()) {
                    if (f.required) {
                        problems.add(JsonDocument.childPath(path, f.name), "is required");
                    }
                } else {
                    f.type.check(value, JsonDocument.childPath(path, f.name), problems);
                }
            }
        }

        @Override
        ObjectNode schema() {
            ObjectNode s = NODES.objectNode();
            s.put("type", "object");
            withDescription(s);
            ObjectNode props = s.putObject("properties");
            ArrayNode required = NODES.arrayNode();
            for (Field f : fields.values()) {
                ObjectNode p = f.type.schema();
                if (!f.description.isEmpty()) {
                    p.put("description", f.description);
                }
                if (f.defaultValue != null) {
                    p.set("default", toNode(f.defaultValue));
                }
                props.set(f.name, p);
                if (f.required) {
                    required.add(f.name);
                }
            }
            if (!required.isEmpty()) {
                s.set("required", required);
            }
            s.put("additionalProperties", false);
            return s;
        }

        @Override
        String typeName() {
            return "object";
        }
    }

    record Field(String name, Spec type, boolean required, Object defaultValue, String description) {
    }

    static JsonNode toNode(Object value) {
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof List<?> list) {
            ArrayNode a = NODES.arrayNode();
            list.forEach(v -> a.add(toNode(v)));
            return a;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode o = NODES.objectNode();
            map.forEach((k, v) -> o.set(String.valueOf(k), toNode(v)));
            return o;
        }
        throw new IllegalArgumentException("unsupported default " + value);
    }

    // ------------------------------------------------------------------ object used as a map

    static final class MapOf extends Spec {
        final Pattern keyPattern;
        final String keyDescription;
        final Spec values;

        MapOf(String keyRegex, String keyDescription, Spec values) {
            this.keyPattern = Pattern.compile(keyRegex);
            this.keyDescription = keyDescription;
            this.values = values;
        }

        @Override
        void check(JsonNode node, String path, Problems problems) {
            if (!node.isObject()) {
                problems.add(path, "must be an object, was " + kindOf(node));
                return;
            }
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                var e = it.next();
                String child = JsonDocument.childPath(path, e.getKey());
                if (!keyPattern.matcher(e.getKey()).matches()) {
                    problems.add(child, "key " + quote(e.getKey()) + " is not " + keyDescription);
                    continue;
                }
                values.check(e.getValue(), child, problems);
            }
        }

        @Override
        ObjectNode schema() {
            ObjectNode s = NODES.objectNode();
            s.put("type", "object");
            withDescription(s);
            s.putObject("propertyNames").put("pattern", "^(?:" + keyPattern.pattern() + ")$");
            s.set("additionalProperties", values.schema());
            return s;
        }

        @Override
        String typeName() {
            return "object (" + keyDescription + " → " + values.typeName() + ")";
        }
    }

    // ------------------------------------------------------------------ array

    static final class Arr extends Spec {
        final Spec items;
        final int minItems;

        Arr(Spec items, int minItems) {
            this.items = items;
            this.minItems = minItems;
        }

        @Override
        void check(JsonNode node, String path, Problems problems) {
            if (!node.isArray()) {
                problems.add(path, "must be an array, was " + kindOf(node));
                return;
            }
            if (node.size() < minItems) {
                problems.add(path, "must have at least " + minItems + (minItems == 1 ? " entry" : " entries"));
            }
            for (int i = 0; i < node.size(); i++) {
                items.check(node.get(i), path + "[" + i + "]", problems);
            }
        }

        @Override
        ObjectNode schema() {
            ObjectNode s = NODES.objectNode();
            s.put("type", "array");
            withDescription(s);
            s.set("items", items.schema());
            if (minItems > 0) {
                s.put("minItems", minItems);
            }
            return s;
        }

        @Override
        String typeName() {
            return "array of " + items.typeName();
        }
    }

    // ------------------------------------------------------------------ string

    static final class Str extends Spec {
        final Pattern pattern;
        final String patternDescription;
        final List<String> allowed;
        final int maxLength;
        BiFunction<String, String, String> extraCheck; // (value, path) -> problem or null

        Str(String regex, String patternDescription, List<String> allowed, int maxLength) {
            this.pattern = regex == null ? null : Pattern.compile(regex);
            this.patternDescription = patternDescription;
            this.allowed = allowed;
            this.maxLength = maxLength;
        }

        Str extra(BiFunction<String, String, String> check) {
            this.extraCheck = check;
            return this;
        }

        @Override
        void check(JsonNode node, String path, Problems problems) {
            if (!node.isTextual()) {
                problems.add(path, "must be a string, was " + kindOf(node));
                return;
            }
            String value = node.textValue();
            if (allowed != null && !allowed.contains(value)) {
                problems.add(path, "must be one of " + String.join(", ", allowed) + ", was " + quote(value));
                return;
            }
            if (value.length() > maxLength) {
                problems.add(path, "must be at most " + maxLength + " characters long, was " + value.length());
                return;
            }
            if (pattern != null && !pattern.matcher(value).matches()) {
                problems.add(path, "must be " + patternDescription + ", was " + quote(value));
                return;
            }
            if (extraCheck != null) {
                String problem = extraCheck.apply(value, path);
                if (problem != null) {
                    problems.add(path, problem);
                }
            }
        }

        @Override
        ObjectNode schema() {
            ObjectNode s = NODES.objectNode();
            s.put("type", "string");
            withDescription(s);
            if (allowed != null) {
                ArrayNode e = s.putArray("enum");
                allowed.forEach(e::add);
            } else {
                s.put("maxLength", maxLength);
                if (pattern != null) {
                    s.put("pattern", "^(?:" + pattern.pattern() + ")$"); // JSON Schema patterns are not anchored
                }
            }
            return s;
        }

        @Override
        String typeName() {
            return allowed != null ? "string: " + String.join(" | ", allowed) : "string";
        }
    }

    // ------------------------------------------------------------------ integer

    static final class Int extends Spec {
        final long min;
        final long max;

        Int(long min, long max) {
            this.min = min;
            this.max = max;
        }

        @Override
        void check(JsonNode node, String path, Problems problems) {
            if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                problems.add(path, "must be an integer, was " + kindOf(node));
                return;
            }
            long v = node.longValue();
            if (v < min || v > max) {
                problems.add(path, "must be between " + min + " and " + max + ", was " + v);
            }
        }

        @Override
        ObjectNode schema() {
            ObjectNode s = NODES.objectNode();
            s.put("type", "integer");
            withDescription(s);
            s.put("minimum", min);
            s.put("maximum", max);
            return s;
        }

        @Override
        String typeName() {
            return "integer";
        }
    }

    // ------------------------------------------------------------------ boolean

    static final class Bool extends Spec {
        @Override
        void check(JsonNode node, String path, Problems problems) {
            if (!node.isBoolean()) {
                problems.add(path, "must be true or false, was " + kindOf(node));
            }
        }

        @Override
        ObjectNode schema() {
            return withDescription(NODES.objectNode().put("type", "boolean"));
        }

        @Override
        String typeName() {
            return "boolean";
        }
    }

    // ------------------------------------------------------------------ string or locale map

    /** A text: a string (in the default locale) or an object of locale tag to string. */
    static final class Text extends Spec {
        final Str plain;
        final MapOf localized;

        Text(Str plain, String localeRegex) {
            this.plain = plain;
            this.localized = new MapOf(localeRegex, "a lower-case locale tag such as \"en\" or \"pt-br\"", plain);
        }

        @Override
        void check(JsonNode node, String path, Problems problems) {
            if (node.isTextual()) {
                plain.check(node, path, problems);
            } else if (node.isObject()) {
                localized.check(node, path, problems);
            } else {
                problems.add(path, "must be a string or an object of locale to string, was " + kindOf(node));
            }
        }

        @Override
        ObjectNode schema() {
            ObjectNode s = NODES.objectNode();
            withDescription(s);
            ArrayNode any = s.putArray("oneOf");
            any.add(plain.schema());
            any.add(localized.schema());
            return s;
        }

        @Override
        String typeName() {
            return "text (string, or object of locale → string)";
        }
    }
}
