package dev.consentkit.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * JSON Merge Patch (RFC 7386) over configuration documents: how a tenant's file is laid over the
 * platform default, and how the settings screen's layer is laid over the files.
 *
 * <pre>{@code
 * String patch = JsonMergePatch.diff(platformDefault, acme);   // what acme.json would hold
 * String same = JsonMergePatch.apply(platformDefault, patch);   // equal to acme
 * }</pre>
 */
public final class JsonMergePatch {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonMergePatch() {
    }

    /**
     * Applies a patch: objects merge key by key, {@code null} removes a key, arrays and values
     * replace.
     *
     * @param target a JSON document
     * @param patch a JSON merge patch
     * @return the patched document, pretty-printed
     * @throws IllegalArgumentException when either text is not JSON
     */
    public static String apply(String target, String patch) {
        return write(apply(parse(target, "target"), parse(patch, "patch")));
    }

    /**
     * The smallest patch that turns {@code from} into {@code to}: {@code apply(from, diff(from, to))}
     * equals {@code to} (a {@code null} value and a missing key count as the same).
     *
     * @param from a JSON document
     * @param to a JSON document
     * @return the patch, {@code {}} when the documents are equal
     * @throws IllegalArgumentException when either text is not JSON
     */
    public static String diff(String from, String to) {
        JsonNode patch = diff(parse(from, "from"), parse(to, "to"));
        return write(patch == null ? NODES.objectNode() : patch);
    }

    static JsonNode apply(JsonNode target, JsonNode patch) {
        return JsonDocument.mergePatch(target, patch);
    }

    /** The patch from {@code from} to {@code to}, or null when they are equal. */
    static JsonNode diff(JsonNode from, JsonNode to) {
        if (Objects.equals(from, to)) {
            return null;
        }
        if (!(from instanceof ObjectNode f) || !(to instanceof ObjectNode t)) {
            return to == null ? NODES.nullNode() : to.deepCopy();
        }
        ObjectNode patch = NODES.objectNode();
        Iterator<String> names = f.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!t.has(name) && !f.get(name).isNull()) {
                patch.putNull(name);
            }
        }
        Iterator<Map.Entry<String, JsonNode>> fields = t.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            JsonNode old = f.get(e.getKey());
            if (old == null || old.isNull()) {
                if (!e.getValue().isNull()) {
                    patch.set(e.getKey(), e.getValue().deepCopy());
                }
                continue;
            }
            JsonNode child = diff(old, e.getValue());
            if (child != null) {
                patch.set(e.getKey(), child);
            }
        }
        return patch.isEmpty() ? null : patch;
    }

    static JsonNode parse(String json, String what) {
        Objects.requireNonNull(json, what);
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("the " + what + " document is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the " + what + " document is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
