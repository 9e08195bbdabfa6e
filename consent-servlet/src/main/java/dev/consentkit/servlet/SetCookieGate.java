package dev.consentkit.servlet;

import dev.consentkit.core.Classification;
import dev.consentkit.core.DeclarationKind;
import dev.consentkit.core.Permissions;
import dev.consentkit.core.Policy;
import dev.consentkit.servlet.http.ConsentCookies;
import dev.consentkit.servlet.http.UndeclaredNames;

/**
 * Decides, per cookie name, whether a {@code Set-Cookie} of the application may reach the
 * client. The container's session cookie and ConsentKit's own cookies always pass; everything
 * else passes only when the visitor's permissions allow its category (undeclared names only
 * when the policy allows undeclared names). Policy null means fail-closed mode: nothing but
 * those infrastructure cookies passes.
 */
final class SetCookieGate {

    private final Policy policy;
    private final Permissions permissions;
    private final String tenant;
    private final String page;
    private final String consentCookieBase;
    private final String sessionCookieName;
    private final UndeclaredNames undeclared;

    SetCookieGate(Policy policy, Permissions permissions, String tenant, String page, String consentCookieBase,
                  String sessionCookieName, UndeclaredNames undeclared) {
        this.policy = policy;
        this.permissions = permissions;
        this.tenant = tenant;
        this.page = page;
        this.consentCookieBase = consentCookieBase;
        this.sessionCookieName = sessionCookieName;
        this.undeclared = undeclared;
    }

    boolean allows(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        if (ConsentCookies.isInfrastructure(name, consentCookieBase, sessionCookieName)) {
            return true;
        }
        if (policy == null) {
            return false;
        }
        Classification c = policy.classify(DeclarationKind.COOKIE, name);
        if (c == null) {
            undeclared.record(tenant, DeclarationKind.COOKIE, name, UndeclaredNames.Source.SERVER, page);
            return permissions.allowsUndeclared();
        }
        return permissions.allows(c.category());
    }

    /** Whether a raw {@code Set-Cookie} header value may pass; its name is what precedes the first '='. */
    boolean allowsHeader(String value) {
        if (value == null) {
            return false;
        }
        int eq = value.indexOf('=');
        if (eq <= 0) {
            return false; // not a cookie anyone can read back: drop it
        }
        return allows(value.substring(0, eq).trim());
    }
}
