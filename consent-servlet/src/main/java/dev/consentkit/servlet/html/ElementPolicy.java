package dev.consentkit.servlet.html;

import java.util.List;

/**
 * What the rewriter asks about the page; implemented by the filter per response.
 *
 * <p>The rewriter calls these methods on the thread that writes the response, never
 * concurrently. An exception thrown by a method is caught: the tag in question is treated as
 * not granted (and an injection that fails inserts nothing), so output is never corrupted.
 */
public interface ElementPolicy {

    /**
     * Markup to insert first in {@code <head>}; called at most once, when the insertion point is
     * found. It is inserted as is, so it must already be escaped for its context; with an
     * {@code OutputStream} it is encoded with the stream's charset (unmappable characters become
     * {@code ?}), so keep it ASCII, for example by escaping non-ASCII characters in JSON.
     *
     * @return the markup, or null or empty to insert nothing
     */
    String headInjection();

    /**
     * The markup to insert first in {@code <head>}, in pieces, which are inserted one after the
     * other; called instead of {@link #headInjection()}, at most once. A policy whose markup is
     * mostly the same for many pages overrides it to return that part as one
     * {@linkplain Markup#shared shared} piece, which is then encoded once rather than per page.
     * The rewriter writes the pieces out as soon as this returns, on the same thread and before
     * anything else is asked of the policy, so a piece may be a
     * {@linkplain Markup#ofAscii(byte[], int) view} of a per-thread buffer.
     *
     * @return the pieces, empty to insert nothing
     */
    default List<Markup> headInjectionParts() {
        String markup = headInjection();
        return markup == null || markup.isEmpty() ? List.of() : List.of(Markup.of(markup));
    }

    /**
     * Category id of a script ({@code "script"}) or iframe ({@code "iframe"}) source URL as
     * written in the page (entity-decoded), or null when undeclared. The URL is also cleaned the
     * way browsers clean it before fetching: tabs and newlines removed, leading and trailing
     * spaces and control characters trimmed. For {@code <link rel=preload|modulepreload|prefetch>}
     * the element is {@code "script"} and the URL is the link's {@code href}.
     *
     * @param element {@code "script"} or {@code "iframe"}
     * @param src the source URL
     * @return the category id, or null when the source is not declared
     */
    String categoryOf(String element, String src);

    /**
     * Whether the category may run on this page for this visitor. {@code "necessary"} is always
     * granted (the rewriter does not ask about it).
     *
     * @param categoryId a category id from {@link #categoryOf} or a {@code data-consent} attribute
     * @return true when elements of the category may run
     */
    boolean isGranted(String categoryId);
}
