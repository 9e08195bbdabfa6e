package dev.consentkit.core.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A parsed JSON document that remembers where each value came from, so that problems can name
 * a line and a column. Duplicate keys are problems, not silently "last one wins".
 */
final class JsonDocument {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxStringLength(1_000_000)
                    .maxDocumentLength(8_000_000)
                    .build())
            .build();

    final String source;
    final JsonNode root; // null when the text is not JSON
    private final Map<String, int[]> locations; // JSON path -> {line, column}
    final List<ConfigurationProblem> problems;

    private JsonDocument(String source, JsonNode root, Map<String, int[]> locations, List<ConfigurationProblem> problems) {
        this.source = source;
        this.root = root;
        this.locations = locations;
        this.problems = problems;
    }

    static JsonDocument parse(String source, String text) {
        Map<String, int[]> locations = new HashMap<>();
        List<ConfigurationProblem> problems = new ArrayList<>();
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                problems.add(new ConfigurationProblem(source, "$", 1, 1, "the document is empty"));
                return new JsonDocument(source, null, locations, problems);
            }
            JsonNode root = read(parser, "$", locations, problems, source);
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                problems.add(new ConfigurationProblem(source, "$", at.getLineNr(), at.getColumnNr(),
                        "unexpected content after the end of the document"));
            }
            return new JsonDocument(source, root, locations, problems);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String message = e.getOriginalMessage();
            problems.add(new ConfigurationProblem(source, "$", at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr(), "not valid JSON: " + message));
            return new JsonDocument(source, null, locations, problems);
        } catch (IOException e) {
            problems.add(new ConfigurationProblem(source, "$", 0, 0, "cannot read: " + e.getMessage()));
            return new JsonDocument(source, null, locations, problems);
        }
    }

    private static JsonNode read(JsonParser p, String path, Map<String, int[]> locations,
                                 List<ConfigurationProblem> problems, String source) throws IOException {
        JsonLocation at = p.currentTokenLocation();
        locations.putIfAbsent(path, new int[] {at.getLineNr(), at.getColumnNr()});
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonLocation nameAt = p.currentTokenLocation();
                    String child = childPath(path, name);
                    p.nextToken();
                    if (object.has(name)) {
                        problems.add(new ConfigurationProblem(source, child, nameAt.getLineNr(), nameAt.getColumnNr(),
                                "duplicate key \"" + name + "\""));
                        read(p, child + "#duplicate", locations, problems, source);
                        continue;
                    }
                    locations.put(child, new int[] {nameAt.getLineNr(), nameAt.getColumnNr()});
                    object.set(name, read(p, child, locations, problems, source));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(p, path + "[" + i++ + "]", locations, problems, source));
                }
                return array;
            }
            case VALUE_STRING -> {
                return nodes.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return nodes.numberNode(p.getBigIntegerValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return nodes.numberNode(p.getDecimalValue());
            }
            case VALUE_TRUE -> {
                return nodes.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return nodes.booleanNode(false);
            }
            case VALUE_NULL -> {
                return nodes.nullNode();
            }
            default -> throw new IllegalStateException("unexpected token " + p.currentToken());
        }
    }

    /** The path of a child field: {@code $.a.b}, or {@code $["odd key"]} for keys that need quoting. */
    static String childPath(String parent, String name) {
        if (name.matches("[A-Za-z_$][A-Za-z0-9_$-]*")) {
            return parent + "." + name;
        }
        return parent + "[\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }

    int[] location(String path) {
        return locations.get(path);
    }

    /**
     * Applies {@code patch} over {@code base} by the rules of JSON Merge Patch (RFC 7386):
     * objects merge key by key, {@code null} removes a key, anything else (arrays included)
     * replaces.
     */
    static JsonNode mergePatch(JsonNode base, JsonNode patch) {
        if (!(patch instanceof ObjectNode patchObject)) {
            return patch.deepCopy();
        }
        ObjectNode result = base instanceof ObjectNode baseObject ? baseObject.deepCopy() : JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = patchObject.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), mergePatch(result.get(e.getKey()), e.getValue()));
            }
        }
        return result;
    }
}
