package dev.consentkit.servlet.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** Measured figures of the fault, stall and soak tests: printed, and appended to {@code target/consentkit-figures.txt}. */
final class Figures {

    static final Path FILE = Path.of("target", "consentkit-figures.txt");

    private Figures() {
    }

    static synchronized void record(String test, String line) {
        String text = Instant.now() + " " + test + ": " + line;
        System.out.println(text);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, text + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("cannot write " + FILE + ": " + e);
        }
    }
}
