package dev.consentkit.servlet.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consentkit.core.Policy;
import dev.consentkit.core.config.ConfigurationProblem;
import dev.consentkit.core.tenant.OrganizerSettings;
import dev.consentkit.core.tenant.SettingsConflictException;
import dev.consentkit.core.tenant.SettingsReview;
import dev.consentkit.core.tenant.SettingsSnapshot;
import dev.consentkit.core.tenant.SettingsVersion;
import dev.consentkit.servlet.ConsentOptions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The settings screen under {@code <prefix>/admin/settings}, where an organizer configures its
 * own consent (the platform operator: any tenant's, and the platform default):
 * <ul>
 *   <li>{@code GET} the screens: overview, {@code /pages}, {@code /texts}, {@code /regions},
 *       {@code /declarations}, {@code /history};</li>
 *   <li>{@code POST} the same paths with {@code action=review}: the form is applied over the
 *       configuration in force, checked with the JSON loader's validator, and shown again with
 *       each problem next to its field, or with what would change and whether attendees would be
 *       asked again; {@code action=save} then saves it as a new version, applied at once;</li>
 *   <li>{@code /history}: versions, differences, roll-back, import; {@code GET /export} a version
 *       as a JSON file;</li>
 *   <li>{@code /preview} and {@code /sandbox/...}: the real banner of a draft, see
 *       {@link SettingsPreview}.</li>
 * </ul>
 * Forms are same-origin with the dashboard's CSRF token; pages are server-rendered without any
 * script of their own and carry a strict Content-Security-Policy.
 */
final class SettingsEndpoint {

    private static final Logger LOG = Logger.getLogger(SettingsEndpoint.class.getName());

    /** The screens, with their path after {@code /settings}. */
    enum Screen {
        OVERVIEW("", "Overview"),
        PAGES("/pages", "Page types"),
        TEXTS("/texts", "Texts"),
        REGIONS("/regions", "Regions"),
        DECLARATIONS("/declarations", "Declarations"),
        HISTORY("/history", "History");

        final String path;
        final String title;

        Screen(String path, String title) {
            this.path = path;
            this.title = title;
        }

        static Screen of(String path) {
            for (Screen s : values()) {
                if (s.path.equals(path) || (s == OVERVIEW && path.equals("/"))) {
                    return s;
                }
            }
            return null;
        }

        /** Whether the screen edits the banner, so shows the live preview. */
        boolean previews() {
            return this == PAGES || this == TEXTS || this == DECLARATIONS;
        }
    }

    private final ConsentOptions options;
    private final OrganizerSettings settings;
    private final UndeclaredNames undeclared;
    private final AdminEndpoint admin;
    private final SettingsPreview preview;

    SettingsEndpoint(ConsentOptions options, UndeclaredNames undeclared, AdminEndpoint admin, BootstrapMarkup bootstrap) {
        this.options = options;
        this.settings = options.settings();
        this.undeclared = undeclared;
        this.admin = admin;
        this.preview = new SettingsPreview(options, this, bootstrap);
    }

    OrganizerSettings settings() {
        return settings;
    }

    /** Everything one request of the settings screen needs. */
    record Context(HttpServletRequest request, HttpServletResponse response, AdminEndpoint.Viewer viewer, String tenant,
                   String csrf, String base) {
        String param(String name) {
            return request.getParameter(name);
        }

        String screenUrl(Screen screen) {
            return base + "/settings" + screen.path + "?tenant=" + URLEncoder.encode(tenant, StandardCharsets.UTF_8);
        }
    }

    /**
     * Answers a request under {@code <prefix>/admin/settings}.
     *
     * @param rest the path after {@code /settings}
     */
    void handle(HttpServletRequest request, HttpServletResponse response, AdminEndpoint.Viewer viewer, String rest) throws IOException {
        String method = request.getMethod();
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        if (rest.startsWith("/sandbox/")) {
            preview.sandbox(request, response, viewer, rest.substring("/sandbox/".length()));
            return;
        }
        Screen screen = Screen.of(rest);
        boolean previewPath = rest.equals("/preview");
        boolean exportPath = rest.equals("/export");
        if (screen == null && !previewPath && !exportPath) {
            Json.error(response, 404, "not-found", "no settings page here; the settings are at " + options.endpointPrefix() + "/admin/settings");
            return;
        }
        if (!read && !"POST".equals(method) || (exportPath && !read)) {
            response.setHeader("Allow", exportPath ? "GET, HEAD" : "GET, HEAD, POST");
            Json.error(response, 405, "method-not-allowed", "use " + (exportPath ? "GET" : "GET or POST"));
            return;
        }
        if (!read && !admin.checkForm(request, response)) {
            return;
        }
        String tenant = admin.tenant(request, response, viewer, !read);
        if (tenant == null) {
            return;
        }
        Context ctx = new Context(request, response, viewer, tenant, admin.csrfToken(request),
                request.getContextPath() + options.endpointPrefix() + "/admin");
        try {
            if (previewPath) {
                preview.page(ctx, read);
            } else if (exportPath) {
                export(ctx);
            } else if (read) {
                show(ctx, screen);
            } else {
                post(ctx, screen);
            }
        } catch (IllegalStateException e) {
            if (!(e.getCause() instanceof java.sql.SQLException)) {
                throw e;
            }
            LOG.log(Level.WARNING, "the settings database is unavailable", e);
            Json.error(response, 503, "settings-unavailable", "the settings database cannot be reached right now; nothing was "
                    + "saved. The configuration in force stays; please try again in a moment");
        }
    }

    // ------------------------------------------------------------------ screens

    private void show(Context ctx, Screen screen) throws IOException {
        SettingsSnapshot snapshot = settings.snapshot(ctx.tenant());
        JsonNode effective = SettingsForms.parse(snapshot.effective());
        SettingsPage page = page(ctx, screen, snapshot);
        page.notice(notice(ctx, snapshot));
        String html = switch (screen) {
            case OVERVIEW -> page.overview();
            case HISTORY -> history(ctx, page, snapshot, null, null);
            default -> page.screen(initialForm(ctx, screen, effective), null, Map.of(), List.of(), null);
        };
        send(ctx, 200, html, page.nonce());
    }

    private SettingsPage page(Context ctx, Screen screen, SettingsSnapshot snapshot) {
        Policy policy;
        try {
            policy = options.policies().policy(ctx.tenant());
        } catch (RuntimeException e) {
            policy = null;
        }
        return new SettingsPage(ctx, screen, snapshot, policy, options, undeclared, AdminEndpoint.nonce());
    }

    private SettingsForms.Form initialForm(Context ctx, Screen screen, JsonNode effective) {
        return switch (screen) {
            case PAGES -> SettingsForms.PagesForm.of(effective);
            case TEXTS -> {
                String scope = SettingsForms.TextsForm.scope(ctx.param("scope"), effective);
                String locale = ctx.param("locale");
                yield SettingsForms.TextsForm.of(effective, scope, locale == null || locale.isEmpty()
                        ? effective.path("defaultLocale").asText("en") : SettingsForms.TextsForm.locale(locale));
            }
            case REGIONS -> SettingsForms.RegionsForm.of(effective);
            case DECLARATIONS -> SettingsForms.DeclarationsForm.of(effective);
            default -> throw new IllegalArgumentException("no form on " + screen.title);
        };
    }

    /** The form of a screen, as the request carries it. */
    static SettingsForms.Form parseForm(Screen screen, SettingsForms.Params params, JsonNode effective) {
        return switch (screen) {
            case PAGES -> SettingsForms.PagesForm.parse(params, effective);
            case TEXTS -> SettingsForms.TextsForm.parse(params, effective);
            case REGIONS -> SettingsForms.RegionsForm.parse(params, effective);
            case DECLARATIONS -> SettingsForms.DeclarationsForm.parse(params, effective);
            default -> throw new IllegalArgumentException("there is no form to send on " + screen.title);
        };
    }

    /** A draft made from a screen's form: the document, where its values came from, and what the form found wrong. */
    record Draft(SettingsForms.Form form, ObjectNode document, FieldMap fields, List<SettingsForms.FormProblem> problems) {
    }

    static Draft draft(Screen screen, SettingsForms.Params params, JsonNode effective) {
        SettingsForms.Form form = parseForm(screen, params, effective);
        FieldMap fields = new FieldMap();
        List<SettingsForms.FormProblem> problems = new ArrayList<>();
        ObjectNode document = form.apply(effective, fields, problems);
        return new Draft(form, document, fields, problems);
    }

    private void post(Context ctx, Screen screen) throws IOException {
        if (screen == Screen.OVERVIEW) {
            Json.error(ctx.response(), 405, "method-not-allowed", "the overview has no form");
            return;
        }
        if (screen == Screen.HISTORY) {
            postHistory(ctx);
            return;
        }
        SettingsSnapshot snapshot = settings.snapshot(ctx.tenant());
        Draft draft = draft(screen, SettingsForms.Params.of(ctx.request()::getParameter), SettingsForms.parse(snapshot.effective()));
        SettingsReview review = settings.review(ctx.tenant(), draft.document().toString());
        Map<String, List<String>> errors = new LinkedHashMap<>();
        List<ConfigurationProblem> unplaced = new ArrayList<>();
        for (SettingsForms.FormProblem p : draft.problems()) {
            errors.computeIfAbsent(p.field(), k -> new ArrayList<>()).add(p.message());
        }
        for (ConfigurationProblem p : review.problems()) {
            String field = draft.fields().place(p.path());
            if (field == null) {
                unplaced.add(p);
            } else {
                errors.computeIfAbsent(field, k -> new ArrayList<>()).add(p.message());
            }
        }
        String action = ctx.param("action");
        String reviewed = ctx.param("reviewed");
        boolean clean = errors.isEmpty() && unplaced.isEmpty();
        String conflict = null;
        if ("save".equals(action) && clean && review.changed()) {
            if (review.fingerprint().equals(reviewed)) {
                try {
                    SettingsVersion saved = settings.save(ctx.tenant(), draft.document().toString(), review.basedOn(), author(ctx),
                            ctx.param("comment"));
                    saved(ctx, screen, saved);
                    return;
                } catch (SettingsConflictException e) {
                    conflict = "Someone else saved version " + e.actual() + " while you were reviewing; nothing was saved. "
                            + "Here are your changes against it: review them again.";
                    review = settings.review(ctx.tenant(), draft.document().toString());
                }
            } else {
                conflict = "The form or the configuration changed since you reviewed it; nothing was saved. Check the changes again.";
            }
        }
        SettingsPage page = page(ctx, screen, settings.snapshot(ctx.tenant()));
        int status = clean ? (conflict != null ? 409 : 200) : 422;
        send(ctx, status, page.screen(draft.form(), review, errors, unplaced, conflict), page.nonce());
    }

    private String author(Context ctx) {
        String user = null;
        try {
            user = options.adminAccess().user(ctx.request());
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "admin access cannot name the user", e);
        }
        return user == null || user.isBlank() ? (ctx.viewer().operator() ? "platform operator" : "organizer") : user;
    }

    /** After a save: forget the undeclared names it declared, and show the screen with the news. */
    private void saved(Context ctx, Screen screen, SettingsVersion saved) {
        try {
            Policy policy = options.policies().policy(ctx.tenant());
            for (UndeclaredNames.Sighting s : undeclared.sightings(ctx.tenant())) {
                if (policy.tenant().equals(ctx.tenant()) && policy.categoryOf(s.kind(), s.name()) != null) {
                    undeclared.forget(ctx.tenant(), s.kind(), s.name());
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "undeclared names not updated after a save", e);
        }
        String extra = screen == Screen.TEXTS ? "&scope=" + URLEncoder.encode(nullToEmpty(ctx.param("scope")), StandardCharsets.UTF_8)
                + "&locale=" + URLEncoder.encode(nullToEmpty(ctx.param("locale")), StandardCharsets.UTF_8) : "";
        redirect(ctx, ctx.screenUrl(screen) + extra + "&saved=" + saved.version());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static void redirect(Context ctx, String location) {
        ctx.response().setStatus(303);
        ctx.response().setHeader("Location", location);
        ctx.response().setHeader("Cache-Control", "no-store");
    }

    /** The message after a redirect: what was saved, and whether attendees are asked again. */
    private String notice(Context ctx, SettingsSnapshot snapshot) {
        String saved = ctx.param("saved");
        if (saved == null || !saved.matches("[0-9]{1,9}")) {
            return null;
        }
        int version = Integer.parseInt(saved);
        SettingsVersion v = settings.store().version(ctx.tenant(), version).orElse(null);
        if (v == null) {
            return null;
        }
        int before = version == 1 ? 0 : settings.store().version(ctx.tenant(), version - 1).map(SettingsVersion::revisionBumps).orElse(0);
        return "Saved as version " + version + " and in force now. " + (v.revisionBumps() > before
                ? "Attendees are asked again (revision " + v.revision() + ")."
                : "Attendees are not asked again (revision " + v.revision() + ").");
    }

    // ------------------------------------------------------------------ history

    private String history(Context ctx, SettingsPage page, SettingsSnapshot snapshot, SettingsReview review, String importText)
            throws IOException {
        List<SettingsVersion> versions = settings.history(ctx.tenant());
        SettingsPage.Comparison comparison = null;
        String from = ctx.param("from");
        String to = ctx.param("to");
        if (from != null && to != null && from.matches("[0-9]{1,9}") && to.matches("[0-9]{1,9}")) {
            int f = Integer.parseInt(from);
            int t = Integer.parseInt(to);
            if (exists(versions, f) && exists(versions, t)) {
                comparison = new SettingsPage.Comparison(f, t, settings.diff(ctx.tenant(), f, t));
            }
        }
        SettingsPage.Rollback rollback = null;
        String back = ctx.param("rollback");
        if (review == null && back != null && back.matches("[0-9]{1,9}") && exists(versions, Integer.parseInt(back))) {
            int version = Integer.parseInt(back);
            rollback = new SettingsPage.Rollback(version, settings.reviewRollback(ctx.tenant(), version));
        }
        return page.history(versions, comparison, rollback, review, importText);
    }

    private static boolean exists(List<SettingsVersion> versions, int version) {
        return version == 0 || versions.stream().anyMatch(v -> v.version() == version);
    }

    private void postHistory(Context ctx) throws IOException {
        String action = ctx.param("action");
        if (action == null) {
            throw new IllegalArgumentException("give the history form's action: rollback, import or import-save");
        }
        SettingsSnapshot snapshot = settings.snapshot(ctx.tenant());
        switch (action) {
            case "rollback" -> {
                String v = ctx.param("version");
                if (v == null || !v.matches("[0-9]{1,9}") || !exists(settings.history(ctx.tenant()), Integer.parseInt(v))) {
                    throw new IllegalArgumentException("give the version to roll back to");
                }
                int version = Integer.parseInt(v);
                SettingsReview review = settings.reviewRollback(ctx.tenant(), version);
                if (review.valid() && review.changed() && review.fingerprint().equals(ctx.param("reviewed"))) {
                    String comment = ctx.param("comment");
                    saveReviewed(ctx, review, comment == null || comment.isBlank() ? "Roll back to version " + version : comment);
                    return;
                }
                SettingsPage page = page(ctx, Screen.HISTORY, snapshot);
                page.notice("The configuration changed since you reviewed the roll-back; check it again.");
                send(ctx, review.valid() ? 409 : 422, page.history(settings.history(ctx.tenant()), null,
                        new SettingsPage.Rollback(version, review), null, null), page.nonce());
            }
            case "import", "import-save" -> {
                String document = ctx.param("document");
                if (document == null || document.isBlank()) {
                    throw new IllegalArgumentException("paste the JSON document to import");
                }
                SettingsReview review = settings.reviewImport(ctx.tenant(), document);
                if (action.equals("import-save") && review.valid() && review.changed() && review.fingerprint().equals(ctx.param("reviewed"))) {
                    String comment = ctx.param("comment");
                    saveReviewed(ctx, review, comment == null || comment.isBlank() ? "Imported from a JSON file" : comment);
                    return;
                }
                SettingsPage page = page(ctx, Screen.HISTORY, snapshot);
                if (action.equals("import-save")) {
                    page.notice("The file or the configuration changed since you reviewed the import; check it again.");
                }
                send(ctx, review.valid() ? 200 : 422, history(ctx, page, snapshot, review, document), page.nonce());
            }
            default -> throw new IllegalArgumentException("unknown history action \"" + (action.length() > 40 ? action.substring(0, 40) : action) + "\"");
        }
    }

    private void saveReviewed(Context ctx, SettingsReview review, String comment) throws IOException {
        try {
            SettingsVersion saved = settings.save(ctx.tenant(), review.document(), review.basedOn(), author(ctx), comment);
            redirect(ctx, ctx.screenUrl(Screen.HISTORY) + "&saved=" + saved.version());
        } catch (SettingsConflictException e) {
            SettingsPage page = page(ctx, Screen.HISTORY, settings.snapshot(ctx.tenant()));
            page.notice("Someone else saved version " + e.actual() + " meanwhile; nothing was saved.");
            send(ctx, 409, history(ctx, page, settings.snapshot(ctx.tenant()), null, null), page.nonce());
        }
    }

    private void export(Context ctx) throws IOException {
        String v = ctx.param("version");
        int version;
        if (v == null || v.isEmpty()) {
            version = settings.snapshot(ctx.tenant()).versionNumber();
        } else if (v.matches("[0-9]{1,9}") && exists(settings.history(ctx.tenant()), Integer.parseInt(v))) {
            version = Integer.parseInt(v);
        } else {
            Json.error(ctx.response(), 404, "no-such-version", "\"" + ctx.tenant() + "\" has no settings version " + (v.length() > 12 ? v.substring(0, 12) : v));
            return;
        }
        byte[] body = settings.export(ctx.tenant(), version).getBytes(StandardCharsets.UTF_8);
        HttpServletResponse response = ctx.response();
        response.setStatus(200);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + ctx.tenant() + ".json\"");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(body.length);
        if (!"HEAD".equals(ctx.request().getMethod())) {
            response.getOutputStream().write(body);
        }
    }

    static void send(Context ctx, int status, String html, String nonce) throws IOException {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        HttpServletResponse response = ctx.response();
        AdminEndpoint.securityHeaders(response, nonce);
        // the settings pages show the preview in a frame of their own origin
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'nonce-" + nonce + "'; img-src 'self'; "
                + "frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setContentLength(bytes.length);
        if (!"HEAD".equals(ctx.request().getMethod())) {
            response.getOutputStream().write(bytes);
        }
    }
}
