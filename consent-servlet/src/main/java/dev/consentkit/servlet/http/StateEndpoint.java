package dev.consentkit.servlet.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consentkit.core.BannerTexts;
import dev.consentkit.core.Category;
import dev.consentkit.core.ConsentState;
import dev.consentkit.core.Permissions;
import dev.consentkit.core.Policy;
import dev.consentkit.core.ledger.ConsentAction;
import dev.consentkit.core.ledger.ConsentLedger;
import dev.consentkit.core.ledger.ConsentRecord;
import dev.consentkit.core.ledger.DecisionMethod;
import dev.consentkit.core.ledger.LedgerException;
import dev.consentkit.servlet.ConsentOptions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code GET|POST|DELETE <prefix>/state}: reads, decides and withdraws consent. A decision is
 * recorded in the ledger before it is acknowledged, then carried by the signed consent cookie.
 */
final class StateEndpoint {

    private static final Logger LOG = Logger.getLogger(StateEndpoint.class.getName());
    private static final Set<String> FIELDS = Set.of("action", "categories", "page");

    private final ConsentOptions options;
    private final VisitorResolver resolver;

    StateEndpoint(ConsentOptions options, VisitorResolver resolver) {
        this.options = options;
        this.resolver = resolver;
    }

    void get(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Visitor visitor = resolver.resolve(request, EndpointRequest.pagePath(request, EndpointRequest.queryParameter(request, "page")));
        String json = StateJson.of(visitor, visitor.state(), visitor.permissions());
        Json.send(response, 200, g -> g.writeRawValue(json));
    }

    void post(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ObjectNode root = EndpointRequest.readJsonObject(request, response, options.maxBodyBytes(), "the decision");
        if (root == null) {
            return;
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                Json.error(response, 400, "bad-request", "unknown field \"" + truncate(field) + "\"; expected action or categories, and page");
                return;
            }
        }
        JsonNode action = root.get("action");
        JsonNode categories = root.get("categories");
        JsonNode page = root.get("page");
        if ((action == null) == (categories == null)) {
            Json.error(response, 400, "bad-request", "give exactly one of \"action\" (accept-all or reject-all) and \"categories\"");
            return;
        }
        if (page != null && !page.isTextual()) {
            Json.error(response, 400, "bad-request", "\"page\" must be a string");
            return;
        }
        String path = EndpointRequest.pagePath(request, page == null ? null : page.textValue());
        Visitor visitor = resolver.resolve(request, path);
        Policy policy = visitor.policy();
        Map<String, Boolean> choices = new LinkedHashMap<>();
        for (Category c : policy.categories()) {
            choices.put(c.id(), c.required() || (visitor.state() != null && visitor.state().grants(c.id())));
        }
        DecisionMethod method;
        if (action != null) {
            if (!action.isTextual()) {
                Json.error(response, 400, "bad-request", "\"action\" must be \"accept-all\" or \"reject-all\"");
                return;
            }
            switch (action.textValue()) {
                case "accept-all" -> {
                    method = DecisionMethod.ACCEPT_ALL;
                    for (Category c : policy.categories()) {
                        if (visitor.pageType() == null || visitor.pageType().offers(c.id())) {
                            choices.put(c.id(), true);
                        }
                    }
                }
                case "reject-all" -> {
                    method = DecisionMethod.REJECT_ALL;
                    choices.replaceAll((id, granted) -> Category.NECESSARY.equals(id));
                }
                default -> {
                    Json.error(response, 400, "bad-request", "\"action\" must be \"accept-all\" or \"reject-all\", was \""
                            + truncate(action.textValue()) + "\"");
                    return;
                }
            }
        } else {
            if (!categories.isObject()) {
                Json.error(response, 400, "bad-request", "\"categories\" must be an object of category id to true or false");
                return;
            }
            method = DecisionMethod.CUSTOM;
            for (Map.Entry<String, JsonNode> e : categories.properties()) {
                if (policy.category(e.getKey()) == null) {
                    Json.error(response, 400, "unknown-category", "unknown category \"" + truncate(e.getKey())
                            + "\"; this organizer's categories are " + String.join(", ", choices.keySet()));
                    return;
                }
                if (!e.getValue().isBoolean()) {
                    Json.error(response, 400, "bad-request", "the choice for \"" + e.getKey() + "\" must be true or false");
                    return;
                }
                if (Category.NECESSARY.equals(e.getKey()) && !e.getValue().booleanValue()) {
                    Json.error(response, 400, "bad-request", "the category \"necessary\" cannot be refused");
                    return;
                }
                choices.put(e.getKey(), e.getValue().booleanValue());
            }
        }
        decide(request, response, visitor, choices, method, visitor.state() == null ? ConsentAction.GRANT : ConsentAction.UPDATE);
    }

    void delete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Visitor visitor = resolver.resolve(request, EndpointRequest.pagePath(request, EndpointRequest.queryParameter(request, "page")));
        Map<String, Boolean> choices = new LinkedHashMap<>();
        for (Category c : visitor.policy().categories()) {
            choices.put(c.id(), c.required());
        }
        decide(request, response, visitor, choices, DecisionMethod.REJECT_ALL, ConsentAction.WITHDRAW);
    }

    private void decide(HttpServletRequest request, HttpServletResponse response, Visitor visitor,
                        Map<String, Boolean> choices, DecisionMethod method, ConsentAction action) throws IOException {
        Policy policy = visitor.policy();
        UUID consentId = visitor.state() != null ? visitor.state().consentId() : null;
        UUID previous = visitor.state() == null && visitor.outdated() != null ? visitor.outdated().consentId() : null;
        ConsentState state = policy.newState(consentId, choices);
        String locale = policy.negotiateLocale(request.getHeader("Accept-Language"));
        BannerTexts texts = policy.texts(visitor.pageType(), locale);
        ConsentLedger ledger = options.ledger();
        if (ledger != null) {
            String subject = null;
            try {
                subject = options.subjectResolver().apply(request);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "subject resolver failed; recording the decision without a subject", e);
            }
            ConsentRecord record = new ConsentRecord(UUID.randomUUID(), visitor.tenant(), state.consentId(), previous, action, method,
                    state.choices(), policy.revision(), visitor.pageType() == null ? null : visitor.pageType().id(),
                    visitor.regime(), visitor.region(), visitor.gpc(), texts.locale(), texts.hash(), state.decidedAt(),
                    subject == null || subject.isBlank() ? null : subject);
            try {
                ledger.append(record);
            } catch (LedgerException | IllegalStateException e) {
                LOG.log(Level.SEVERE, "consent decision could not be recorded; it was not acknowledged", e);
                Json.error(response, 503, "ledger-unavailable", "the decision could not be recorded; please try again");
                return;
            }
        }
        String token = policy.tokens().encode(state);
        Duration maxAge = Duration.between(options.clock().instant(), state.expiresAt());
        response.addHeader("Set-Cookie", ConsentCookies.consentCookie(options.cookieName(visitor.tenant()), token, maxAge, request));
        Permissions after = policy.permissions(state, visitor.pageType(), visitor.regime(), visitor.gpc());
        for (String expiry : ConsentCookies.expiries(request, policy, state, visitor.regime(), visitor.gpc())) {
            response.addHeader("Set-Cookie", expiry);
        }
        String json = StateJson.of(visitor, state, after);
        Json.send(response, 200, g -> g.writeRawValue(json));
    }

    private static String truncate(String s) {
        return s.length() > 64 ? s.substring(0, 61) + "..." : s;
    }
}
