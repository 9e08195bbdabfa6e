package dev.consentkit.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoOptionsTest {

    @Test
    void parse_portOnly_usesDefaults() throws Exception {
        DemoOptions o = DemoOptions.parse("--port", "8080");

        assertThat(o.port()).isEqualTo(8080);
        assertThat(o.config()).isNull();
        assertThat(o.data()).isEqualTo(Path.of("consentkit-data"));
        assertThat(o.adminPassword()).isNull();
        assertThat(o.withoutConsent()).isFalse();
        assertThat(o.help()).isFalse();
    }

    @Test
    void parse_everyFlag_inBothSpellings() throws Exception {
        DemoOptions o = DemoOptions.parse("--config=conf", "--port=0", "--data", "/tmp/x", "--admin-password", "a=b-secret",
                "--without-consent");

        assertThat(o.port()).isZero();
        assertThat(o.config()).isEqualTo(Path.of("conf"));
        assertThat(o.data()).isEqualTo(Path.of("/tmp/x"));
        assertThat(o.adminPassword()).isEqualTo("a=b-secret");
        assertThat(o.withoutConsent()).isTrue();
    }

    @Test
    void parse_help_needsNoPort() throws Exception {
        assertThat(DemoOptions.parse("--help").help()).isTrue();
        assertThat(DemoOptions.parse("--port", "8080", "--help").help()).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''                                     | --port is required",
            "--port                                 | --port needs a value",
            "--port abc                             | --port must be a number from 0 to 65535, was \"abc\"",
            "--port 65536                           | --port must be a number from 0 to 65535, was \"65536\"",
            "--port -1                              | --port must be a number from 0 to 65535, was \"-1\"",
            "--port 1 --port 2                      | --port is given twice",
            "--port 1 --verbose                     | unknown option --verbose",
            "--port 1 extra                         | unexpected argument \"extra\"",
            "--port 1 --admin-password short        | --admin-password must have at least 8 characters",
            "--port 1 --without-consent=yes         | --without-consent takes no value",
            "--port 1 --data=                       | --data must not be empty",
    })
    void parse_badCommandLine_isAUsageError(String line, String message) {
        String[] args = line.isBlank() ? new String[0] : line.trim().split("\\s+");

        assertThatThrownBy(() -> DemoOptions.parse(args))
                .isInstanceOf(DemoOptions.UsageException.class)
                .hasMessage(message);
    }

    @Test
    void usage_namesEveryFlag() {
        assertThat(DemoOptions.USAGE).contains("--port PORT", "--config FILE_OR_DIR", "--data DIR", "--admin-password PW",
                "--without-consent", "--help");
    }
}
