package dev.consentkit.core.config;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/configuration.md} embeds the field reference generated from the loader's own
 * description of the document, between two markers; this test keeps them equal. Regenerate with
 * {@code mvn -pl consent-core test -Dtest=ConfigurationReferenceTest -Dconsentkit.writeReference=true}.
 */
class ConfigurationReferenceTest {

    private static final Path DOC = Path.of("../docs/configuration.md");
    private static final String BEGIN = "<!-- reference:begin (generated from the loader; do not edit by hand) -->\n";
    private static final String END = "<!-- reference:end -->";

    @Test
    void theDocumentedReference_equalsWhatTheLoaderAccepts() throws Exception {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertThat(begin).as("docs/configuration.md has the begin marker").isNotNegative();
        assertThat(end).as("docs/configuration.md has the end marker").isGreaterThan(begin);
        String generated = PolicyLoader.referenceTable();
        if (Boolean.getBoolean("consentkit.writeReference")) {
            doc = doc.substring(0, begin + BEGIN.length()) + generated + doc.substring(end);
            Files.writeString(DOC, doc, StandardCharsets.UTF_8);
            return;
        }
        assertThat(doc.substring(begin + BEGIN.length(), end))
                .as("docs/configuration.md is stale; regenerate it with -Dconsentkit.writeReference=true")
                .isEqualTo(generated);
    }
}
