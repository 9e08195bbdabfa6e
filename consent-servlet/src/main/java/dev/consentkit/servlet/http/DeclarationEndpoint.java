package dev.consentkit.servlet.http;

import dev.consentkit.core.BannerTexts;
import dev.consentkit.core.Category;
import dev.consentkit.core.Declaration;
import dev.consentkit.core.PageType;
import dev.consentkit.core.Policy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The cookie declaration organizers must publish: {@code <prefix>/cookies} (an HTML page an
 * organizer can link from a privacy notice) and {@code <prefix>/cookies.json}. With
 * {@code ?page=/path} only the categories offered on that page are listed; {@code ?lang=}
 * overrides the browser's language.
 */
final class DeclarationEndpoint {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final VisitorResolver resolver;

    DeclarationEndpoint(VisitorResolver resolver) {
        this.resolver = resolver;
    }

    private record Scope(Visitor visitor, PageType pageType, List<Category> categories, BannerTexts texts) {
    }

    private Scope scope(HttpServletRequest request) {
        String page = EndpointRequest.queryParameter(request, "page");
        Visitor visitor = resolver.resolve(request, EndpointRequest.pagePath(request, page == null ? "/" : page));
        Policy policy = visitor.policy();
        PageType pageType = page == null ? null : visitor.pageType();
        List<Category> categories = policy.categories().stream()
                .filter(c -> pageType == null || pageType.offers(c.id()))
                .toList();
        String lang = EndpointRequest.queryParameter(request, "lang");
        String locale = lang != null && policy.locales().contains(lang) ? lang
                : policy.negotiateLocale(request.getHeader("Accept-Language"));
        return new Scope(visitor, pageType, categories, policy.texts(pageType, locale));
    }

    void json(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Scope scope = scope(request);
        Policy policy = scope.visitor.policy();
        String locale = scope.texts.locale();
        Json.send(response, 200, g -> {
            g.writeStartObject();
            g.writeStringField("tenant", scope.visitor.tenant());
            g.writeStringField("organizer", policy.organizer().name());
            g.writeNumberField("revision", policy.revision());
            g.writeStringField("locale", locale);
            if (scope.pageType == null) {
                g.writeNullField("pageType");
            } else {
                g.writeStringField("pageType", scope.pageType.id());
            }
            g.writeArrayFieldStart("categories");
            for (Category c : scope.categories) {
                g.writeStartObject();
                g.writeStringField("id", c.id());
                g.writeBooleanField("required", c.required());
                g.writeStringField("label", scope.texts.get("category." + c.id() + ".label"));
                g.writeStringField("description", scope.texts.get("category." + c.id() + ".description"));
                g.writeArrayFieldStart("declarations");
                for (Declaration d : c.declarations()) {
                    DeclarationJson.write(g, d, null, locale, policy.defaultLocale());
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    void html(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Scope scope = scope(request);
        Policy policy = scope.visitor.policy();
        BannerTexts t = scope.texts;
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(nonceBytes());
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html lang=\"").append(Html.escape(t.locale())).append("\" dir=\"").append(t.direction()).append("\">\n<head>\n")
                .append("<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Html.escape(t.get("declarationTitle")));
        if (!policy.organizer().name().isEmpty()) {
            h.append(" – ").append(Html.escape(policy.organizer().name()));
        }
        h.append("</title>\n<style nonce=\"").append(nonce).append("\">")
                .append("body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1f;background:#fff}")
                .append("h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem}table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}")
                .append("th,td{text-align:start;vertical-align:top;border-bottom:1px solid #c8c8d0;padding:.4rem .5rem}th{background:#f1f1f5}")
                .append("code{font-size:.9em;word-break:break-all}.meta{color:#4a4a55}")
                .append("@media (prefers-color-scheme:dark){body{background:#121216;color:#ececf1}th{background:#24242b}.meta{color:#b4b4c0}}")
                .append("</style>\n</head>\n<body>\n<main>\n<h1>").append(Html.escape(t.get("declarationTitle"))).append("</h1>\n");
        if (!policy.organizer().name().isEmpty()) {
            h.append("<p class=\"meta\">").append(Html.escape(policy.organizer().name())).append("</p>\n");
        }
        h.append("<p>").append(Html.escape(t.get("declarationIntro"))).append("</p>\n");
        if (policy.organizer().privacyPolicyUrl() != null) {
            h.append("<p><a href=\"").append(Html.safeUrl(policy.organizer().privacyPolicyUrl())).append("\">")
                    .append(Html.escape(t.get("privacyLink"))).append("</a></p>\n");
        }
        for (Category c : scope.categories) {
            String id = "category-" + c.id();
            h.append("<section aria-labelledby=\"").append(id).append("\">\n<h2 id=\"").append(id).append("\">")
                    .append(Html.escape(t.get("category." + c.id() + ".label")));
            if (c.required()) {
                h.append(" <small class=\"meta\">(").append(Html.escape(t.get("alwaysOn"))).append(")</small>");
            }
            h.append("</h2>\n<p>").append(Html.escape(t.get("category." + c.id() + ".description"))).append("</p>\n");
            if (!c.declarations().isEmpty()) {
                h.append("<table>\n<thead><tr><th scope=\"col\">").append(Html.escape(t.get("colName")))
                        .append("</th><th scope=\"col\">").append(Html.escape(t.get("colKind")))
                        .append("</th><th scope=\"col\">").append(Html.escape(t.get("colProvider")))
                        .append("</th><th scope=\"col\">").append(Html.escape(t.get("colPurpose")))
                        .append("</th><th scope=\"col\">").append(Html.escape(t.get("colRetention"))).append("</th></tr></thead>\n<tbody>\n");
                for (Declaration d : c.declarations()) {
                    h.append("<tr><td><code>").append(Html.escape(d.name()));
                    if (d.match() == dev.consentkit.core.MatchType.PREFIX) {
                        h.append("…");
                    }
                    h.append("</code></td><td>").append(Html.escape(t.get("kind." + d.kind().id())))
                            .append("</td><td>").append(Html.escape(d.provider()))
                            .append("</td><td>").append(Html.escape(d.purpose().in(t.locale(), policy.defaultLocale())))
                            .append("</td><td>").append(Html.escape(d.retention())).append("</td></tr>\n");
                }
                h.append("</tbody>\n</table>\n");
            }
            h.append("</section>\n");
        }
        h.append("<p class=\"meta\">Revision ").append(policy.revision()).append("</p>\n</main>\n</body>\n</html>\n");
        byte[] bytes = h.toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'nonce-" + nonce
                + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'");
        response.setContentLength(bytes.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(bytes);
        }
    }

    private static byte[] nonceBytes() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }
}
