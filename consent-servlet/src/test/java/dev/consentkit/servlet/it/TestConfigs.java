package dev.consentkit.servlet.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consentkit.core.Policy;
import dev.consentkit.core.config.ConfigurationSource;
import dev.consentkit.core.testing.TestPolicies;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/** The example configuration with changes, compiled through the real loader (and so through its validation). */
public final class TestConfigs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestConfigs() {
    }

    /** The example configuration as a tree to change. */
    public static ObjectNode example() {
        try {
            return (ObjectNode) JSON.readTree(TestPolicies.exampleJson());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example configuration changed by {@code change}, as JSON text. */
    public static String exampleWith(Consumer<ObjectNode> change) {
        ObjectNode root = example();
        change.accept(root);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiles a configuration for {@code tenant} with the test key. */
    public static Policy load(String tenant, String json) {
        return TestPolicies.loader(Clock.systemUTC()).load(tenant, List.of(ConfigurationSource.of(tenant + ".json", json)));
    }

    /** The category {@code id} of a configuration tree. */
    public static ObjectNode category(ObjectNode root, String id) {
        for (var c : root.withArray("categories")) {
            if (id.equals(c.path("id").asText())) {
                return (ObjectNode) c;
            }
        }
        throw new IllegalArgumentException("no category " + id);
    }

    /** Adds a declaration to a category. */
    public static void declare(ObjectNode root, String category, String kind, String name, String match) {
        ArrayNode declarations = category(root, category).withArray("declarations");
        declarations.addObject().put("kind", kind).put("name", name).put("match", match)
                .put("provider", "Test").put("purpose", "Test").put("retention", "1 day");
    }
}
