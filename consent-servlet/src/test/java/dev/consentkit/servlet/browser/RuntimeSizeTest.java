package dev.consentkit.servlet.browser;

import dev.consentkit.servlet.http.RuntimeAssets;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The browser runtime as served: small, and free of constructs a strict CSP or its users would reject. */
class RuntimeSizeTest {

    /** The budget for script plus stylesheet, gzip at the default level. */
    static final int BUDGET = 6_000;

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = RuntimeSizeTest.class.getResourceAsStream("/dev/consentkit/servlet/runtime/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static int gzipSize(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.size();
    }

    @Test
    void scriptPlusStylesheet_areAtMost6000BytesGzip() throws IOException {
        int js = gzipSize(resource("consentkit.js"));
        int css = gzipSize(resource("consentkit.css"));
        System.out.printf("consentkit.js %d B gzip, consentkit.css %d B gzip, together %d B of %d%n", js, css, js + css, BUDGET);
        assertThat(js + css).isLessThanOrEqualTo(BUDGET);
        assertThat(new RuntimeAssets().gzipSize()).as("as the filter serves them").isEqualTo(js + css);
    }

    @Test
    void script_insertsNoMarkup_andEvaluatesNoStrings() throws IOException {
        String js = new String(resource("consentkit.js"), StandardCharsets.UTF_8);
        assertThat(js).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function(",
                "setAttribute('style'", ".cssText", "createElement('style')", "localStorage.", "sessionStorage.");
    }

    @Test
    void stylesheet_loadsNothing() throws IOException {
        String css = new String(resource("consentkit.css"), StandardCharsets.UTF_8);
        assertThat(css).doesNotContain("url(", "@import", "expression(");
    }
}
