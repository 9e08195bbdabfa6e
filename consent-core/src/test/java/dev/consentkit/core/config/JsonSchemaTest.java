package dev.consentkit.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consentkit.core.testing.TestPolicies;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped JSON Schema is generated from the loader's own description of the document, so it
 * accepts exactly the fields the loader accepts. Regenerate after a change with
 * {@code mvn -pl consent-core test -Dtest=JsonSchemaTest -Dconsentkit.writeSchema=true}.
 */
class JsonSchemaTest {

    private static final Path SCHEMA_FILE = Path.of("src/main/resources/dev/consentkit/core/config/consentkit-config.schema.json");

    @Test
    void shippedSchema_equalsTheLoadersDescription() throws Exception {
        String generated = PolicyLoader.generateJsonSchema();
        if (Boolean.getBoolean("consentkit.writeSchema")) {
            Files.writeString(SCHEMA_FILE, generated, StandardCharsets.UTF_8);
        }
        assertThat(PolicyLoader.jsonSchema())
                .as("the schema is stale; regenerate it with -Dconsentkit.writeSchema=true")
                .isEqualTo(generated);
    }

    @Test
    void exampleConfiguration_usesOnlyFieldsTheSchemaDeclares() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode schema = mapper.readTree(PolicyLoader.jsonSchema());
        JsonNode example = mapper.readTree(TestPolicies.exampleJson());
        assertConforms(schema, example, "$");
    }

    /** A structural walk: properties, additionalProperties, items, enums and types. */
    private static void assertConforms(JsonNode schema, JsonNode value, String path) {
        if (schema.has("oneOf")) {
            boolean any = false;
            for (JsonNode option : schema.get("oneOf")) {
                try {
                    assertConforms(option, value, path);
                    any = true;
                } catch (AssertionError ignored) {
                    // try the next option
                }
            }
            assertThat(any).as(path + " matches one of the options").isTrue();
            return;
        }
        String type = schema.path("type").asText();
        switch (type) {
            case "object" -> {
                assertThat(value.isObject()).as(path + " is an object").isTrue();
                JsonNode props = schema.get("properties");
                Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
                while (fields.hasNext()) {
                    var e = fields.next();
                    JsonNode sub = props != null ? props.get(e.getKey()) : null;
                    if (sub == null) {
                        JsonNode additional = schema.get("additionalProperties");
                        assertThat(additional != null && additional.isObject()).as(path + "." + e.getKey() + " is declared").isTrue();
                        String pattern = schema.path("propertyNames").path("pattern").asText(".*");
                        assertThat(e.getKey()).matches(pattern);
                        sub = additional;
                    }
                    assertConforms(sub, e.getValue(), path + "." + e.getKey());
                }
                schema.path("required").forEach(r -> assertThat(value.has(r.asText())).as(path + "." + r.asText() + " present").isTrue());
            }
            case "array" -> {
                assertThat(value.isArray()).as(path + " is an array").isTrue();
                for (int i = 0; i < value.size(); i++) {
                    assertConforms(schema.get("items"), value.get(i), path + "[" + i + "]");
                }
            }
            case "string" -> {
                assertThat(value.isTextual()).as(path + " is a string").isTrue();
                if (schema.has("enum")) {
                    assertThat(schema.get("enum").toString()).as(path).contains("\"" + value.asText() + "\"");
                }
                if (schema.has("pattern")) {
                    assertThat(value.asText()).as(path).matches(schema.get("pattern").asText());
                }
            }
            case "integer" -> assertThat(value.isIntegralNumber()).as(path + " is an integer").isTrue();
            case "boolean" -> assertThat(value.isBoolean()).as(path + " is a boolean").isTrue();
            default -> throw new AssertionError("unexpected schema type at " + path + ": " + schema);
        }
    }

    @Test
    void schema_rejectsUnknownFieldsEverywhere() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(PolicyLoader.jsonSchema());
        assertThat(schema.get("additionalProperties").asBoolean(true)).isFalse();
        JsonNode declaration = schema.at("/properties/categories/items/properties/declarations/items");
        assertThat(declaration.get("additionalProperties").asBoolean(true)).isFalse();
        assertThat(declaration.at("/properties/kind/enum").toString())
                .isEqualTo("[\"cookie\",\"localStorage\",\"sessionStorage\",\"indexedDB\",\"script\",\"iframe\"]");
    }
}
