package dev.consentkit.servlet.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consentkit.servlet.browser.ChromiumExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test against a real browser's HTML parser: random documents are rewritten, and
 * headless Chromium's {@code DOMParser} parses the original and the rewritten page. No script,
 * iframe or preload of a refused category may be live in the rewritten DOM, and once the
 * attributes the rewriter may touch are set aside, both DOMs must be the same.
 *
 * <p>Runs with the Chromium on the PATH (or {@code -Dconsentkit.chromium=/path/to/chromium}); skipped
 * without one unless {@code CONSENTKIT_REQUIRE_BROWSER=1}, as on CI. More documents:
 * {@code -Dconsentkit.chromium.documents=20000}.
 */
class BrowserParserComparisonTest {

    private static final String HARNESS = """
            <!doctype html><html><head><script src="cases.js"></script></head><body><script>
            const SCRIPTS = [["https://analytics.example/", "analytics"], ["https://ads.example/", "marketing"],
              ["https://cdn.example/necessary/", "necessary"]];
            const IFRAMES = [["https://video.example/", "marketing"]];
            const trimHtml = s => s.replace(/^[\\t\\n\\f\\r ]+|[\\t\\n\\f\\r ]+$/g, "");
            const cleanUrl = s => s.replace(/[\\t\\n\\r]/g, "").replace(/^[\\x00-\\x20]+|[\\x00-\\x20]+$/g, "");
            const classify = (list, url) => { url = cleanUrl(url); for (const [p, c] of list) if (url.startsWith(p)) return c; return null; };
            const refused = (c, granted) => c !== null && c !== "necessary" && !granted.includes(c);
            const HTML = "http://www.w3.org/1999/xhtml";
            function all(doc, sel) {
              const out = [];
              const walk = root => { for (const e of root.querySelectorAll(sel)) out.push(e);
                for (const t of root.querySelectorAll("template")) if (t.content) walk(t.content); };
              walk(doc); return out;
            }
            function live(doc, granted) {
              for (const e of all(doc, "script")) {
                if (e.namespaceURI !== HTML) continue;
                const c = e.hasAttribute("data-consent") ? trimHtml(e.getAttribute("data-consent"))
                  : e.hasAttribute("src") ? classify(SCRIPTS, e.getAttribute("src")) : null;
                if (refused(c, granted) && (e.hasAttribute("src")
                    || trimHtml(e.getAttribute("type") || "").toLowerCase() !== "text/plain")) return e.outerHTML;
              }
              for (const e of all(doc, "iframe")) {
                if (e.namespaceURI !== HTML) continue;
                const c = e.hasAttribute("data-consent") ? trimHtml(e.getAttribute("data-consent"))
                  : e.hasAttribute("src") ? classify(IFRAMES, e.getAttribute("src")) : null;
                if (refused(c, granted) && (e.hasAttribute("src") || e.hasAttribute("srcdoc"))) return e.outerHTML;
              }
              for (const e of all(doc, "link")) {
                const rel = (e.getAttribute("rel") || "").toLowerCase().split(/[\\t\\n\\f\\r ]+/);
                if (rel.some(r => r === "preload" || r === "modulepreload" || r === "prefetch") && e.hasAttribute("href")
                    && refused(classify(SCRIPTS, e.getAttribute("href")), granted)) return e.outerHTML;
              }
              return null;
            }
            const TOUCHED = ["type", "data-type", "src", "data-src", "srcdoc", "data-srcdoc", "href", "data-href",
              "data-consent", "data-consent-overflow"];
            function normal(doc) {
              for (const e of all(doc, "#ck")) e.remove();
              for (const e of all(doc, "script, iframe, link")) for (const a of TOUCHED) e.removeAttribute(a);
              return doc.documentElement.outerHTML;
            }
            const parse = s => new DOMParser().parseFromString(s, "text/html");
            const failures = [];
            for (const c of CASES) {
              const l = live(parse(c.out), c.granted);
              if (l) failures.push("LIVE " + l + " IN " + c.doc);
              else if (normal(parse(c.doc)) !== normal(parse(c.out))) failures.push("DOM " + c.doc);
            }
            document.body.textContent = "RESULT" + JSON.stringify({checked: CASES.length, failures: failures.slice(0, 5)});
            </script></body></html>
            """;

    @Test
    void rewrittenPages_parseLikeTheOriginals_withNothingRefusedLeftLive(@TempDir Path dir)
            throws IOException, InterruptedException {
        String chromium = chromium();
        if (chromium == null && "1".equals(System.getenv(ChromiumExtension.REQUIRE))) {
            throw new IllegalStateException("CONSENTKIT_REQUIRE_BROWSER=1 but no Chromium is installed");
        }
        Assumptions.assumeTrue(chromium != null,
                "no Chromium found: install it, or set -Dconsentkit.chromium to a Chromium binary");
        int documents = Integer.getInteger("consentkit.chromium.documents", 3000);
        String[][] grants = {{}, {"analytics"}, {"analytics", "marketing", "preferences"}};
        List<String> docs = new ArrayList<>(WebinarPages.all());
        for (int seed = 0; seed < documents; seed++) {
            RandomHtml generator = new RandomHtml(1_000_000L + seed);
            docs.add(generator.document(2 + generator.random().nextInt(40)));
        }
        StringBuilder cases = new StringBuilder("const CASES = [\n");
        for (int i = 0; i < docs.size(); i++) {
            String[] granted = grants[i % grants.length];
            String out = HtmlRewriter.rewrite(docs.get(i), TestPolicy.standard().grant(granted));
            cases.append("{doc:").append(js(docs.get(i))).append(",out:").append(js(out)).append(",granted:[");
            for (String g : granted) {
                cases.append(js(g)).append(',');
            }
            cases.append("]},\n");
        }
        Files.writeString(dir.resolve("cases.js"), cases.append("];\n"));
        Files.writeString(dir.resolve("harness.html"), HARNESS);

        Process browser = new ProcessBuilder(chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
                "--dump-dom", dir.resolve("harness.html").toUri().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(browser.waitFor(5, TimeUnit.MINUTES)).isTrue();
        Matcher result = Pattern.compile("RESULT(\\{.*\\})").matcher(dom.replace("&quot;", "\"").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&amp;", "&"));
        assertThat(result.find()).as("the harness ran: %s", dom.length() > 500 ? dom.substring(0, 500) : dom).isTrue();
        assertThat(result.group(1)).startsWith("{\"checked\":" + docs.size() + ",").endsWith("\"failures\":[]}");
    }

    /** A JavaScript string literal that is safe inside a script element. */
    private static String js(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7E || c == '<') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** The Chromium binary: {@code -Dconsentkit.chromium}, else the one the browser tests use. */
    private static String chromium() {
        String configured = System.getProperty("consentkit.chromium");
        if (configured != null) {
            return Files.isExecutable(Path.of(configured)) ? configured : null;
        }
        return ChromiumExtension.browser().map(Path::toString).orElse(null);
    }
}
