package dev.consentkit.servlet.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        ObjectNode root = EndpointRequest.readJsonObject(request, response, options.maxBodyBytes(), "the report");
        if (root == null) {
            return;
        }
        if (!root.path("items").isArray()) {
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
