package dev.consentkit.servlet.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.consentkit.core.BannerTexts;
import dev.consentkit.core.Category;
import dev.consentkit.core.PageType;
import dev.consentkit.core.Policy;
import dev.consentkit.core.Regime;
import dev.consentkit.core.config.ConfigurationException;
import dev.consentkit.core.config.ConfigurationProblem;
import dev.consentkit.core.tenant.SettingsSnapshot;
import dev.consentkit.servlet.ConsentOptions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The settings screen's live preview: a small page with the real browser runtime, its real
 * assets and a bootstrap built (by the same code as on the site's pages) from the saved
 * configuration ({@code GET <prefix>/admin/settings/preview?tenant&pageType&locale&regime}) or
 * from a draft posted by a settings form ({@code POST}, nothing saved).
 *
 * <p>The runtime on that page talks to a sandbox, {@code <prefix>/admin/settings/sandbox/...},
 * instead of {@code <prefix>/state}: it answers decisions the way the state endpoint would, from
 * what the page offered, but records nothing in the ledger, sets no consent cookie and keeps no
 * report, so nothing done in the preview reaches the real site.
 */
final class SettingsPreview {

    private static final Pattern SEGMENT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}|-");
    private static final Pattern CATEGORIES = Pattern.compile("-|[a-z0-9][a-z0-9-]{0,62}(\\.[a-z0-9][a-z0-9-]{0,62}){0,61}");
    private static final String ZERO_ID = "00000000-0000-0000-0000-000000000000";

    private final ConsentOptions options;
    private final SettingsEndpoint endpoint;
    private final BootstrapMarkup bootstrap;

    SettingsPreview(ConsentOptions options, SettingsEndpoint endpoint, BootstrapMarkup bootstrap) {
        this.options = options;
        this.endpoint = endpoint;
        this.bootstrap = bootstrap;
    }

    // ------------------------------------------------------------------ the page

    void page(SettingsEndpoint.Context ctx, boolean saved) throws IOException {
        if (bootstrap == null) {
            Json.error(ctx.response(), 404, "no-preview", "the preview needs ConsentKit's filter, which serves the browser runtime");
            return;
        }
        String prefix = saved ? "" : "preview.";
        Policy policy = null;
        List<String> problems = new ArrayList<>();
        if (saved) {
            policy = options.policies().policy(ctx.tenant());
        } else {
            String screenName = ctx.param("screen");
            SettingsEndpoint.Screen screen = screenName == null ? null : SettingsEndpoint.Screen.of("/" + screenName);
            if (screen == null || !screen.previews()) {
                throw new IllegalArgumentException("the preview takes the form of the page types, texts or declarations screen");
            }
            SettingsSnapshot snapshot = endpoint.settings().snapshot(ctx.tenant());
            SettingsEndpoint.Draft draft = SettingsEndpoint.draft(screen, SettingsForms.Params.of(ctx.request()::getParameter),
                    SettingsForms.parse(snapshot.effective()));
            draft.problems().forEach(p -> problems.add(p.message()));
            if (problems.isEmpty()) {
                try {
                    policy = endpoint.settings().compile(ctx.tenant(), draft.document().toString());
                } catch (ConfigurationException e) {
                    for (ConfigurationProblem p : e.problems()) {
                        problems.add(p.path() + ": " + p.message());
                    }
                }
            }
        }
        String nonce = AdminEndpoint.nonce();
        String html = policy == null ? problemsPage(problems, nonce) : bannerPage(ctx, policy, ctx.param(prefix + "pageType"),
                ctx.param(prefix + "locale"), ctx.param(prefix + "regime"), nonce);
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        HttpServletResponse response = ctx.response();
        response.setHeader("Content-Security-Policy", "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-" + nonce
                + "'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'");
        response.setHeader("X-Frame-Options", "SAMEORIGIN");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setStatus(policy == null ? 422 : 200);
        response.setContentType("text/html;charset=UTF-8");
        response.setContentLength(bytes.length);
        if (!"HEAD".equals(ctx.request().getMethod())) {
            response.getOutputStream().write(bytes);
        }
    }

    private String bannerPage(SettingsEndpoint.Context ctx, Policy policy, String pageTypeId, String localeTag, String regimeId, String nonce) {
        PageType page = policy.pageType(pageTypeId);
        if (page == null && !policy.pageTypes().isEmpty()) {
            page = policy.pageTypes().get(0);
        }
        Regime regime = Regime.fromId(regimeId).orElse(Regime.OPT_IN);
        String locale = localeTag != null && policy.locales().contains(localeTag) ? localeTag : policy.defaultLocale();
        HttpServletRequest request = ctx.request();
        String path = request.getRequestURI();
        Visitor visitor = new Visitor(ctx.tenant(), policy, path, page, regime, null, false, null, null,
                policy.permissions(null, page, regime, false));
        BannerTexts texts = policy.texts(page, locale);
        StringBuilder offered = new StringBuilder();
        for (Category c : policy.categories()) {
            if (!c.required() && (page == null || page.offers(c.id()))) {
                offered.append(offered.length() == 0 ? "" : ".").append(c.id());
            }
        }
        String sandbox = ctx.base() + "/settings/sandbox/" + ctx.tenant() + "/" + (page == null ? "-" : page.id()) + "/" + regime.id()
                + "/" + (offered.length() == 0 ? "-" : offered) + "/" + policy.revision();
        String markup = bootstrap.markup(visitor, texts, sandbox, request.getContextPath() + options.endpointPrefix(), nonce);
        String what = page == null ? "pages outside any page type" : "the page type " + page.id();
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width\">\n"
                + "<title>Banner preview: " + Html.escape(what) + ", " + Html.escape(locale) + ", " + regime.id() + "</title>\n"
                // the preview sits in a frame of the settings form: its banner must not take the focus from the form
                // before the organizer moves into the frame (the runtime focuses its dialog when it opens)
                + "<script nonce=\"" + nonce + "\">(() => { const f = HTMLElement.prototype.focus; "
                + "HTMLElement.prototype.focus = function (o) { document.hasFocus() && f.call(this, o) } })();</script>\n" + markup
                + "\n<style nonce=\"" + nonce + "\">" + PAGE_STYLE + "</style>\n</head>\n<body>\n<main>\n<h1>Preview of "
                + Html.escape(what) + "</h1>\n<p class=\"meta\">Language " + Html.escape(locale) + " · visitors under " + regime.id()
                + " · revision " + policy.revision() + ". Choices made here are not recorded and set no cookie.</p>\n"
                + "<div class=\"content\" aria-hidden=\"true\"><p></p><p></p><p></p><p></p><p></p></div>\n</main>\n</body>\n</html>\n";
    }

    private static String problemsPage(List<String> problems, String nonce) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>No preview: ")
                .append(problems.size()).append(" problems</title>\n<style nonce=\"").append(nonce).append("\">").append(PAGE_STYLE)
                .append("</style>\n</head>\n<body>\n<main>\n<h1>No preview yet</h1>\n<p>The draft has problems; review the changes to ")
                .append("see each next to its field.</p>\n<ul>");
        for (String p : problems) {
            h.append("<li>").append(Html.escape(p)).append("</li>");
        }
        return h.append("</ul>\n</main>\n</body>\n</html>\n").toString();
    }

    private static final String PAGE_STYLE = "body{margin:0;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
            + "background:#f5f6fa;color:#1c1e2b}main{padding:1rem 1.25rem 12rem}h1{font-size:1.2rem;margin:0 0 .3rem}"
            + ".meta{color:#555a70;font-size:.9rem}.content p{height:.8rem;background:#dfe2ec;border-radius:4px;margin:.8rem 0}"
            + ".content p:nth-child(odd){width:85%}";

    // ------------------------------------------------------------------ the sandbox

    /**
     * Answers the preview's runtime: {@code <tenant>/<pageType>/<regime>/<categories>/<revision>/state|report|cookies}.
     */
    void sandbox(HttpServletRequest request, HttpServletResponse response, AdminEndpoint.Viewer viewer, String rest) throws IOException {
        String[] parts = rest.split("/", -1);
        if (parts.length != 6 || !SEGMENT.matcher(parts[0]).matches() || !SEGMENT.matcher(parts[1]).matches()
                || Regime.fromId(parts[2]).isEmpty() || !CATEGORIES.matcher(parts[3]).matches() || !parts[4].matches("[0-9]{1,18}")) {
            Json.error(response, 404, "not-found", "no such preview sandbox");
            return;
        }
        String tenant = parts[0];
        if (!viewer.tenants().contains(tenant)) {
            Json.error(response, 403, "forbidden-tenant", "you may not administer tenant \"" + tenant + "\"");
            return;
        }
        List<String> offered = parts[3].equals("-") ? List.of() : List.of(parts[3].split("\\."));
        Regime regime = Regime.fromId(parts[2]).orElseThrow();
        String method = request.getMethod();
        switch (parts[5]) {
            case "state" -> {
                if ("GET".equals(method) || "HEAD".equals(method)) {
                    state(response, tenant, parts[1], regime, offered, parts[4], null);
                } else if ("POST".equals(method) || "DELETE".equals(method)) {
                    if (!EndpointRequest.sameOrigin(request, options.allowedOrigins())) {
                        Json.error(response, 403, "forbidden-origin", "the preview's sandbox only answers the preview");
                        return;
                    }
                    Map<String, Boolean> choices = null;
                    if ("POST".equals(method)) {
                        choices = choices(request, response, offered);
                        if (choices == null) {
                            return; // the error is sent
                        }
                    }
                    state(response, tenant, parts[1], regime, offered, parts[4], choices);
                } else {
                    response.setHeader("Allow", "GET, HEAD, POST, DELETE");
                    Json.error(response, 405, "method-not-allowed", "use GET, POST or DELETE");
                }
            }
            case "report" -> response.setStatus(204); // the preview's undeclared names are nobody's traffic
            case "cookies" -> {
                byte[] body = ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Cookie declaration (preview)</title></head>"
                        + "<body><main><h1>Cookie declaration</h1><p>In the preview this link leads here. On the site it opens the "
                        + "organizer's cookie declaration, with the declarations in force.</p></main></body></html>").getBytes(StandardCharsets.UTF_8);
                response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'self'");
                response.setHeader("Cache-Control", "no-store");
                response.setStatus(200);
                response.setContentType("text/html;charset=UTF-8");
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
            }
            default -> Json.error(response, 404, "not-found", "no such preview sandbox");
        }
    }

    /** The decision a runtime's POST asks for, or null after an error response was sent. */
    private Map<String, Boolean> choices(HttpServletRequest request, HttpServletResponse response, List<String> offered) throws IOException {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(EndpointRequest.body(request, options.maxBodyBytes()));
        } catch (EndpointRequest.TooLarge e) {
            Json.error(response, 413, "payload-too-large", "the body is larger than " + options.maxBodyBytes() + " bytes");
            return null;
        } catch (JsonProcessingException e) {
            Json.error(response, 400, "malformed-json", "the body is not valid JSON");
            return null;
        }
        Map<String, Boolean> choices = new LinkedHashMap<>();
        String action = body == null ? null : body.path("action").asText(null);
        for (String c : offered) {
            boolean granted = "accept-all".equals(action)
                    || (action == null && body != null && body.path("categories").path(c).asBoolean(false));
            choices.put(c, granted);
        }
        return choices;
    }

    private static void state(HttpServletResponse response, String tenant, String pageType, Regime regime, List<String> offered,
                              String revision, Map<String, Boolean> choices) throws IOException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Json.send(response, 200, g -> {
            g.writeStartObject();
            g.writeStringField("tenant", tenant);
            g.writeBooleanField("decided", choices != null);
            if (choices == null) {
                g.writeNullField("consentId");
                g.writeNullField("choices");
            } else {
                g.writeStringField("consentId", ZERO_ID);
                g.writeObjectFieldStart("choices");
                g.writeBooleanField(Category.NECESSARY, true);
                for (Map.Entry<String, Boolean> e : choices.entrySet()) {
                    g.writeBooleanField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            g.writeArrayFieldStart("allowed");
            g.writeString(Category.NECESSARY);
            for (String c : offered) {
                boolean allowed = switch (regime) {
                    case NOTICE -> true;
                    case OPT_OUT -> choices == null || choices.get(c);
                    case OPT_IN -> choices != null && choices.get(c);
                };
                if (allowed) {
                    g.writeString(c);
                }
            }
            g.writeEndArray();
            g.writeStringField("regime", regime.id());
            if ("-".equals(pageType)) {
                g.writeNullField("pageType");
            } else {
                g.writeStringField("pageType", pageType);
            }
            g.writeNumberField("revision", Long.parseLong(revision));
            if (choices == null) {
                g.writeNullField("decidedAt");
                g.writeNullField("expiresAt");
            } else {
                g.writeStringField("decidedAt", now.toString());
                g.writeStringField("expiresAt", now.plus(180, ChronoUnit.DAYS).toString());
            }
            g.writeEndObject();
        });
    }
}
