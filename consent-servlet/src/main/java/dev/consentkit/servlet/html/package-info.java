/**
 * The streaming HTML rewriter of the consent filter (internal: this package is not exported).
 *
 * <p>{@link dev.consentkit.servlet.html.HtmlRewriter} wraps a response's writer or output
 * stream; the filter answers its questions about the page through an
 * {@link dev.consentkit.servlet.html.ElementPolicy}. Inside, one HTML tokenizer
 * ({@code StreamRewriter}) serves both variants: it reads bytes in which every markup
 * character is exact (the bytes of an ASCII-compatible charset, or characters projected to
 * bytes), passes text through as it arrives, and holds back only the current tag, up to a
 * constant bound. {@code ElementRules} decides about each held script, iframe or link tag.
 */
package dev.consentkit.servlet.html;
