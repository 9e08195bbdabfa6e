package dev.consentkit.servlet.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * axe-core, fetched from the npm registry at test time (never committed), cached under
 * {@code target/axe/} and {@code ~/.cache/consentkit/}, and run in the page.
 */
final class Axe {

    private static final String REGISTRY = "https://registry.npmjs.org/axe-core";
    private static final String FALLBACK_VERSION = "4.10.3";
    private static final Path BUILD_CACHE = Path.of("target", "axe");
    private static final Path USER_CACHE = Path.of(System.getProperty("user.home"), ".cache", "consentkit");
    private static String source;

    /** One finding: the rule, its impact and the elements it names. */
    record Violation(String rule, String impact, String help, List<String> targets) {
        boolean seriousOrWorse() {
            return "serious".equals(impact) || "critical".equals(impact);
        }
    }

    private Axe() {
    }

    /** Runs axe-core on the elements {@code selectors} match and answers its violations. */
    static List<Violation> run(WebDriver driver, String... selectors) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        if (!Boolean.TRUE.equals(js.executeScript("return !!window.axe"))) {
            js.executeScript(script());
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> raw = (List<Map<String, Object>>) js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run({include: arguments[0].map(s => [s])}, {resultTypes: ['violations']})
                  .then(r => done(r.violations.map(v => ({rule: v.id, impact: v.impact, help: v.help,
                      targets: v.nodes.map(n => n.target.join(' '))}))), e => done([{rule: 'axe-error', impact: 'critical', help: String(e), targets: []}]));
                """, List.of(selectors));
        List<Violation> violations = new ArrayList<>();
        for (Map<String, Object> v : raw) {
            @SuppressWarnings("unchecked")
            List<String> targets = (List<String>) v.get("targets");
            violations.add(new Violation((String) v.get("rule"), (String) v.get("impact"), (String) v.get("help"), targets));
        }
        return violations;
    }

    /** axe.min.js of the newest 4.x release, from a cache when there is one. */
    static synchronized String script() {
        if (source == null) {
            source = load();
        }
        return source;
    }

    private static String load() {
        try {
            for (Path dir : List.of(BUILD_CACHE, USER_CACHE)) {
                Path cached = newestCached(dir);
                if (cached != null) {
                    String text = Files.readString(cached, StandardCharsets.UTF_8);
                    if (!dir.equals(BUILD_CACHE)) {
                        store(BUILD_CACHE, cached.getFileName().toString(), text);
                    }
                    return text;
                }
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            String version = latest4x(http);
            byte[] tgz = get(http, REGISTRY + "/-/axe-core-" + version + ".tgz");
            String text = new String(fileFromTarGz(tgz, "package/axe.min.js"), StandardCharsets.UTF_8);
            String name = "axe-core-" + version + ".min.js";
            store(BUILD_CACHE, name, text);
            try {
                store(USER_CACHE, name, text);
            } catch (IOException e) {
                // a read-only home only costs a download next time
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("axe-core could not be fetched from the npm registry: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path newestCached(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("axe-core-4\\.[0-9.]+\\.min\\.js"))
                    .max(java.util.Comparator.comparing(p -> p.getFileName().toString())).orElse(null);
        }
    }

    private static void store(Path dir, String name, String text) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, name, ".part");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The newest stable 4.x version the registry lists ({@code dist-tags.latest} when it is one). */
    private static String latest4x(HttpClient http) throws IOException, InterruptedException {
        JsonNode meta = new ObjectMapper().readTree(get(http, REGISTRY));
        String latest = meta.path("dist-tags").path("latest").asText("");
        if (latest.matches("4\\.\\d+\\.\\d+")) {
            return latest;
        }
        String best = FALLBACK_VERSION;
        for (Iterator<String> it = meta.path("versions").fieldNames(); it.hasNext(); ) {
            String v = it.next();
            if (v.matches("4\\.\\d+\\.\\d+") && compare(v, best) > 0) {
                best = v;
            }
        }
        return best;
    }

    private static int compare(String a, String b) {
        String[] x = a.split("\\."), y = b.split("\\.");
        for (int i = 0; i < 3; i++) {
            int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static byte[] get(HttpClient http, String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException(url + " answered " + r.statusCode());
        }
        return r.body();
    }

    /** One file of a gzip-compressed tar archive (ustar, with the POSIX name prefix). */
    static byte[] fileFromTarGz(byte[] tgz, String wanted) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(tgz))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512) {
                String name = field(header, 0, 100);
                if (name.isEmpty()) {
                    break; // the two zero blocks that end the archive
                }
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
                byte[] content = in.readNBytes((int) size);
                in.skipNBytes((512 - size % 512) % 512);
                char type = (char) header[156];
                if ((type == '0' || type == 0) && name.equals(wanted)) {
                    return content;
                }
            }
        }
        throw new IOException(wanted + " is not in the archive");
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }

    /** For a unit check of the tar reader without the network. */
    static byte[] tarGz(String name, byte[] content) throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        byte[] header = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, header, 0, n.length);
        byte[] size = String.format("%011o", content.length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, header, 124, size.length);
        header[156] = '0';
        tar.write(header);
        tar.write(content);
        tar.write(new byte[(512 - content.length % 512) % 512]);
        tar.write(new byte[1024]);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(tar.toByteArray());
        }
        return gz.toByteArray();
    }
}
