package dev.consentkit.servlet.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.consentkit.core.DeclarationKind;
import dev.consentkit.core.Policy;
import dev.consentkit.servlet.ConsentOptions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;

/**
 * {@code POST <prefix>/report}: the browser runtime reports undeclared cookies, storage keys,
 * scripts and iframes it saw, so organizers can declare them. Names that a declaration covers
 * are ignored: the report cannot be used to pollute the organizer's list with declared names.
 */
final class ReportEndpoint {

    static final int MAX_ITEMS = 50;

    private final ConsentOptions options;
    private final VisitorResolver resolver;
    private final UndeclaredNames undeclared;

    ReportEndpoint(ConsentOptions options, VisitorResolver resolver, UndeclaredNames undeclared) {
        this.options = options;
        this.resolver = resolver;
        this.undeclared = undeclared;
    }

    void post(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!EndpointRequest.isJson(request)) {
            Json.error(response, 415, "unsupported-media-type", "send the report as Content-Type: application/json (UTF-8)");
            return;
        }
        byte[] body;
        try {
            body = EndpointRequest.body(request, options.maxBodyBytes());
        } catch (EndpointRequest.TooLarge e) {
            response.setHeader("Connection", "close");
            Json.error(response, 413, "payload-too-large", "the body is larger than " + options.maxBodyBytes() + " bytes");
            return;
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            Json.error(response, 400, "malformed-json", "the body is not valid JSON: " + e.getOriginalMessage());
            return;
        }
        if (root == null || !root.isObject() || !root.path("items").isArray()) {
            Json.error(response, 400, "bad-request", "the body must be {\"page\": \"/path\", \"items\": [{\"kind\": ..., \"name\": ...}]}");
            return;
        }
        JsonNode items = root.get("items");
        if (items.size() > MAX_ITEMS) {
            Json.error(response, 400, "bad-request", "at most " + MAX_ITEMS + " items per report");
            return;
        }
        JsonNode page = root.get("page");
        if (page != null && !page.isTextual()) {
            Json.error(response, 400, "bad-request", "\"page\" must be a string");
            return;
        }
        String path = EndpointRequest.pagePath(request, page == null ? null : page.textValue());
        Visitor visitor = resolver.resolve(request, path);
        Policy policy = visitor.policy();
        for (JsonNode item : items) {
            Optional<DeclarationKind> kind = DeclarationKind.fromId(item.path("kind").asText(null));
            String name = item.path("name").isTextual() ? item.get("name").textValue() : null;
            if (kind.isEmpty() || name == null || name.isEmpty() || name.length() > 512) {
                Json.error(response, 400, "bad-request", "each item needs a \"kind\" (cookie, localStorage, sessionStorage, "
                        + "indexedDB, script, iframe) and a \"name\" of 1 to 512 characters");
                return;
            }
        }
        for (JsonNode item : items) {
            DeclarationKind kind = DeclarationKind.fromId(item.get("kind").textValue()).orElseThrow();
            String name = item.get("name").textValue();
            if (policy.classify(kind, name) == null) {
                undeclared.record(visitor.tenant(), kind, name, UndeclaredNames.Source.BROWSER, path);
            }
        }
        response.setStatus(204);
        response.setHeader("Cache-Control", "no-store");
    }
}
