package dev.consentkit.servlet.http;

import dev.consentkit.core.BannerTexts;

/** Writes the runtime's bootstrap markup (JSON, stylesheet, script) for a page the filter does not rewrite: the preview. */
@FunctionalInterface
public interface BootstrapMarkup {

    /**
     * The markup for the head of a page.
     *
     * @param visitor the visitor the page is for
     * @param texts the banner texts
     * @param endpoint where the runtime sends decisions and reports
     * @param assetBase the endpoint prefix the runtime's assets are served under
     * @param nonce the page's CSP nonce, or null
     * @return the markup
     */
    String markup(Visitor visitor, BannerTexts texts, String endpoint, String assetBase, String nonce);
}
