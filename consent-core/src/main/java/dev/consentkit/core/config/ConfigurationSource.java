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

    /** Validates the components. */
    public ConfigurationSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(json, "json");
    }

    /**
     * Reads a file as UTF-8.
     *
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

    /** A document held in memory. */
    public static ConfigurationSource of(String name, String json) {
        return new ConfigurationSource(name, json, null);
    }
}
