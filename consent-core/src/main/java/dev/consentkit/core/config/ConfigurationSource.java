package dev.consentkit.core.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One configuration document: its text, a name to report problems against, and the folder that
 * relative {@code secretFile} paths resolve against.
 *
 * @param name shown in problems, usually the file name
 * @param json the document
 * @param baseDirectory the folder for relative paths, or null for the working directory
 */
public record ConfigurationSource(String name, String json, Path baseDirectory) {

    /**
     * Validates the components.
     *
     * @param name the name problems are reported against; not null
     * @param json the document's text; not null
     * @param baseDirectory the folder relative {@code secretFile} paths resolve against, or
     *     null for the working directory
     */
    public ConfigurationSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(json, "json");
    }

    /**
     * Reads a file as UTF-8.
     *
     * @param file the document; its folder becomes the base directory
     * @return the source, named after the file name
     * @throws UncheckedIOException when the file cannot be read
     */
    public static ConfigurationSource of(Path file) {
        try {
            Path absolute = file.toAbsolutePath();
            return new ConfigurationSource(file.getFileName().toString(),
                    Files.readString(absolute, StandardCharsets.UTF_8), absolute.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A document held in memory.
     *
     * @param name the name problems are reported against
     * @param json the document's text
     * @return the source; relative paths in it resolve against the working directory
     */
    public static ConfigurationSource of(String name, String json) {
        return new ConfigurationSource(name, json, null);
    }
}
