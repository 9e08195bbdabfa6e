package dev.consentkit.core;

/**
 * The declaration that covers an observed name, and its category.
 *
 * @param category the category the declaration belongs to
 * @param declaration the declaration that matched
 */
public record Classification(Category category, Declaration declaration) {
}
