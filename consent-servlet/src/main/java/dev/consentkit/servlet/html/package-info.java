/**
 * The streaming HTML rewriter of the consent filter. Internal: this package is not exported,
 * its public types are public for the filter only.
 *
 * <p>{@link dev.consentkit.servlet.html.HtmlRewriter} wraps a response's writer or output
 * stream; the filter answers its questions about the page through an
 * {@link dev.consentkit.servlet.html.ElementPolicy}.
 *
 * <p>Inside, one tokenizer, {@code StreamRewriter}, serves both variants. It implements the
 * states of the WHATWG HTML tokenizer that decide where markup begins and ends (tags and
 * attributes, comments, doctype, raw text, RCDATA, script data with its escapes, CDATA in
 * foreign content), plus what little of the tree builder decides between them
 * ({@code ForeignElements}: SVG and MathML, integration points). It reads bytes in which
 * every markup character is exact: the bytes of an ASCII-compatible charset
 * ({@code ByteStreamRewriter}), or characters projected to bytes
 * ({@code CharStreamRewriter}); other charsets are decoded first
 * ({@code TranscodingRewriter}). Text passes through as it arrives; only the current tag is
 * held back ({@code HeldTag}, bounded), and {@code ElementRules} decides what becomes of each
 * script, iframe and link tag.
 */
package dev.consentkit.servlet.html;
