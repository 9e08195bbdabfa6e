package dev.consentkit.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathPatternTest {

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource({
            "/login, /login, true",
            "/login, /login/, true",
            "/login, //login, true",
            "/login, /login/extra, false",
            "/login, /logout, false",
            "/login, /, false",
            "/webinars/*/register, /webinars/launch/register, true",
            "/webinars/*/register, /webinars/launch/register/, true",
            "/webinars/*/register, /webinars//register, false",
            "/webinars/*/register, /webinars/a/b/register, false",
            "/webinars/*/register, /webinars/launch/registered, false",
            "/organizers/*, /organizers/acme, true",
            "/organizers/*, /organizers, false",
            "/organizers/**, /organizers, true",
            "/organizers/**, /organizers/acme/team/x, true",
            "/**/thank-you, /webinars/x/thank-you, true",
            "/**/thank-you, /thank-you, true",
            "/**/thank-you, /thank-you/no, false",
            "/webinar-*, /webinar-launch, true",
            "/webinar-*, /webinar-, true",
            "/webinar-*, /webina, false",
            "/, /, true",
            "/, /x, false",
    })
    void matches(String pattern, String path, boolean expected) {
        assertThat(PathPattern.compile(pattern).matches(path)).isEqualTo(expected);
    }

    @Test
    void relativeOrEmptyPaths_neverMatch() {
        PathPattern p = PathPattern.compile("/**");
        assertThat(p.matches("")).isFalse();
        assertThat(p.matches(null)).isFalse();
        assertThat(p.matches("login")).isFalse();
    }

    @Test
    void starInTheMiddleOfASegment_isRejected() {
        assertThatThrownBy(() -> PathPattern.compile("/a*b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'*' may only end a path segment");
        assertThatThrownBy(() -> PathPattern.compile("login")).hasMessageContaining("must start with '/'");
    }
}
