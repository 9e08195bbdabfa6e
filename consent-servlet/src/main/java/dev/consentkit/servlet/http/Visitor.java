package dev.consentkit.servlet.http;

import dev.consentkit.core.ConsentState;
import dev.consentkit.core.PageType;
import dev.consentkit.core.Permissions;
import dev.consentkit.core.Policy;
import dev.consentkit.core.Regime;

/**
 * Everything ConsentKit knows about the visitor of one request: whose page it is, what the page
 * is, which regime applies, what the visitor decided, and what that allows.
 *
 * @param tenant the organizer
 * @param policy the organizer's compiled policy
 * @param path the page path the request is about
 * @param pageType the page type, or null when the path is not a configured page
 * @param regime the regime of the visitor's region
 * @param region the visitor's upper-case country code, or null when unknown
 * @param gpc whether the request carries {@code Sec-GPC: 1}
 * @param state the valid decision, or null
 * @param outdated a decision signed by this tenant that expired or predates the revision, or null
 * @param permissions what may be written on this page
 */
public record Visitor(String tenant, Policy policy, String path, PageType pageType, Regime regime, String region,
                      boolean gpc, ConsentState state, ConsentState outdated, Permissions permissions) {

    /** {@return whether the visitor has a valid decision} */
    public boolean decided() {
        return state != null;
    }
}
