package dev.consentkit.core.config;

import java.util.Objects;

/**
 * One problem found in a configuration document.
 *
 * <p>The {@link #toString()} form is part of the API (tools parse it):
 * {@code SOURCE:LINE:COLUMN: PATH: MESSAGE}, for example
 * {@code acme.json:14:20: $.categories[2].declarations[0].match: must be one of exact, prefix, regex, was "glob"}.
 *
 * @param source the document's name, usually its file name
 * @param path the JSON path of the offending value ({@code $} for the whole document)
 * @param line the 1-based line of the value, or 0 when unknown
 * @param column the 1-based column of the value, or 0 when unknown
 * @param message what is wrong and, where it helps, what is expected
 */
public record ConfigurationProblem(String source, String path, int line, int column, String message) {

    /**
     * Validates the components.
     *
     * @param source the document's name; not null
     * @param path the JSON path of the offending value; not null
     * @param line the 1-based line, or 0 when unknown
     * @param column the 1-based column, or 0 when unknown
     * @param message what is wrong; not null
     */
    public ConfigurationProblem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /**
     * The path of a field of an object, as problems name it: {@code $.a.b}, or
     * {@code $.texts.en["category.analytics.label"]} for names that need quoting.
     *
     * @param parent the object's path, such as {@code $.texts.en}
     * @param name the field's name
     * @return the field's path
     */
    public static String childPath(String parent, String name) {
        return JsonDocument.childPath(parent, name);
    }

    @Override
    public String toString() {
        return source + ":" + line + ":" + column + ": " + path + ": " + message;
    }
}
