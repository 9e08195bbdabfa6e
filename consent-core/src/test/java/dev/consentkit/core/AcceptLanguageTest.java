package dev.consentkit.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AcceptLanguageTest {

    private static final List<String> AVAILABLE = List.of("en", "de", "fr", "pl", "pt", "pt-br", "no");

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "NULL | en",
            "'' | en",
            "de | de",
            "pl-PL | pl",
            "pl-PL,pl;q=0.9,en;q=0.8 | pl",
            "PT-BR | pt-br",
            "pt-PT | pt",
            "ja,de;q=0.5 | de",
            "ja | en",
            "en;q=0.5,fr;q=0.9 | fr",
            "fr;q=0,de;q=0.1 | de",
            "de;q=0.8,fr;q=0.8 | de",
            "*;q=0.5,fr;q=0.4 | en",
            "nb-NO | no",
            "nn | no",
            "de;q=abc,fr | fr",
            "de;q=2,fr | fr",
            "de_AT | de",
            ";;;,,, | en",
            "zz-ZZ;q=1.0, fr-CA;q=0.3 | fr",
    })
    void negotiate(String header, String expected) {
        assertThat(AcceptLanguage.negotiate(header, AVAILABLE, "en")).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void hugeHeaders_areCut_notParsedToTheEnd() {
        String header = "xx,".repeat(100_000) + "de";
        assertThat(AcceptLanguage.negotiate(header, AVAILABLE, "en")).isEqualTo("en");
    }
}
