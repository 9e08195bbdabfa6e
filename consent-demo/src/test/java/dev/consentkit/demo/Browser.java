package dev.consentkit.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A small HTTP client with its own cookie jar, like one visitor's browser: it keeps the cookies
 * the site sets (all of the demo's are on {@code Path=/}), sends them back, follows no redirects,
 * and lets tests see every {@code Set-Cookie}.
 */
final class Browser {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern BOOTSTRAP = Pattern.compile("<script id=\"consentkit-bootstrap\" type=\"application/json\">(.*?)</script>",
            Pattern.DOTALL);

    private final URI base;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final List<String> extraHeaders = new ArrayList<>();

    Browser(URI base) {
        this.base = base;
    }

    /** Sends this header with every request (for example a CDN's region header). */
    Browser header(String name, String value) {
        extraHeaders.add(name);
        extraHeaders.add(value);
        return this;
    }

    String origin() {
        String s = base.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    Map<String, String> cookies() {
        return cookies;
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        return send(request(path, headers).GET());
    }

    HttpResponse<String> postForm(String path, Map<String, String> form, String... headers) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(request(path, headers).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", origin()).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json").header("Origin", origin())
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Decides like the banner would: {@code POST /consent/state} about {@code page}. */
    HttpResponse<String> decide(String action, String page) throws IOException, InterruptedException {
        HttpResponse<String> r = postJson("/consent/state", "{\"action\":\"" + action + "\",\"page\":\"" + page + "\"}");
        if (r.statusCode() != 200) {
            throw new AssertionError("deciding " + action + " on " + page + " answered " + r.statusCode() + ": " + r.body());
        }
        return r;
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(request(path).header("Origin", origin()).DELETE());
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (!cookies.isEmpty()) {
            b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        if (!extraHeaders.isEmpty()) {
            b.headers(extraHeaders.toArray(String[]::new));
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        for (String header : response.headers().allValues("Set-Cookie")) {
            int eq = header.indexOf('=');
            int semi = header.indexOf(';');
            String name = header.substring(0, eq).trim();
            String value = header.substring(eq + 1, semi < 0 ? header.length() : semi);
            String lower = header.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("max-age=0") || lower.contains("expires=thu, 01 jan 1970")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return response;
    }

    /** The names of the cookies a response sets (expiries included). */
    static List<String> setCookieNames(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream().map(h -> h.substring(0, h.indexOf('=')).trim()).toList();
    }

    /** The {@code Set-Cookie} header of {@code name}, or null. */
    static String setCookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(h -> h.startsWith(name + "=")).findFirst().orElse(null);
    }

    /** The bootstrap ConsentKit inserted into a page, or null when there is none. */
    static JsonNode bootstrap(String html) throws IOException {
        Matcher m = BOOTSTRAP.matcher(html);
        return m.find() ? MAPPER.readTree(m.group(1)) : null;
    }

    static JsonNode json(String body) throws IOException {
        return MAPPER.readTree(body);
    }
}
