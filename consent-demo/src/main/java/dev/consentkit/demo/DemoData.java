package dev.consentkit.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The demo's data folder ({@code --data}): the signing key of the consent cookie, the copy of the
 * bundled configuration an organizer can edit, and the consent ledger.
 */
final class DemoData {

    /** The signing key's file in the data folder. */
    static final String SIGNING_KEY_FILE = "signing-key";
    /** The environment variable the example configuration takes its signing key from. */
    static final String KEY_VARIABLE = "CONSENTKIT_KEY";
    /** Where the bundled configuration lives on the class path. */
    static final String BUNDLED = "/dev/consentkit/demo/config/";

    private static final SecureRandom RANDOM = new SecureRandom();

    private DemoData() {
    }

    /**
     * The base64 signing key in {@code <data>/signing-key}; on first start, 32 random bytes are
     * written there, readable by the owner only.
     *
     * @throws IllegalStateException when the file exists but holds no usable key
     */
    static String signingKey(Path data) throws IOException {
        Files.createDirectories(data);
        Path file = data.resolve(SIGNING_KEY_FILE);
        if (!Files.exists(file)) {
            byte[] secret = new byte[32];
            RANDOM.nextBytes(secret);
            String encoded = Base64.getEncoder().encodeToString(secret) + "\n";
            try {
                createOwnerOnly(file);
                Files.writeString(file, encoded, StandardCharsets.US_ASCII);
            } catch (FileAlreadyExistsException e) {
                // another process created it first: use theirs
            }
        }
        String key = Files.readString(file, StandardCharsets.US_ASCII).strip();
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " does not hold a base64 signing key; delete it to generate a new one");
        }
        if (decoded.length < 32) {
            throw new IllegalStateException(file + " holds a signing key of " + decoded.length
                    + " bytes, at least 32 are required; delete it to generate a new one");
        }
        return key;
    }

    private static void createOwnerOnly(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
            java.io.File f = file.toFile();
            // best effort where there are no POSIX permissions (Windows): owner only
            boolean ok = f.setReadable(false, false) & f.setReadable(true, true)
                    & f.setWritable(false, false) & f.setWritable(true, true);
            if (!ok) {
                System.getLogger(DemoData.class.getName()).log(System.Logger.Level.WARNING,
                        "could not restrict the permissions of " + file);
            }
        }
    }

    /**
     * Copies the bundled configuration into {@code <data>/config}: {@code default.json} (the
     * platform default, {@code docs/examples/consentkit.json}) and one {@code <organizer>.json}
     * per organizer. Files that already exist are left alone, so an organizer's edits survive a
     * restart.
     *
     * @return the folder
     */
    static Path extractConfiguration(Path data, List<String> organizers) throws IOException {
        Path dir = data.resolve("config");
        Files.createDirectories(dir);
        List<String[]> files = new ArrayList<>();
        files.add(new String[] {"consentkit.json", "default.json"});
        for (String organizer : organizers) {
            files.add(new String[] {"tenants/" + organizer + ".json", organizer + ".json"});
        }
        for (String[] f : files) {
            Path target = dir.resolve(f[1]);
            if (Files.exists(target)) {
                continue;
            }
            try {
                Files.write(target, bundled(f[0]), java.nio.file.StandardOpenOption.CREATE_NEW);
            } catch (FileAlreadyExistsException e) {
                // created meanwhile: keep it
            }
        }
        return dir;
    }

    /** A bundled configuration file, such as {@code consentkit.json} or {@code tenants/acme.json}. */
    static byte[] bundled(String name) {
        try (InputStream in = DemoData.class.getResourceAsStream(BUNDLED + name)) {
            if (in == null) {
                throw new IllegalStateException("the bundled configuration " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
