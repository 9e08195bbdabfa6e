package dev.consentkit.demo;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The demo's command line, parsed and checked.
 *
 * @param port the TCP port to listen on; 0 picks a free one
 * @param config a configuration file (a single-tenant site) or a folder with {@code default.json}
 *     and {@code <tenant>.json} files; null to use the bundled example, copied to
 *     {@code <data>/config} on first start
 * @param data the folder for the signing key, the extracted configuration and the ledger
 * @param adminPassword the admin dashboard's password, or null to generate one
 * @param withoutConsent serve the same site with no ConsentKit at all (the benchmark baseline)
 * @param help only print the usage
 */
public record DemoOptions(int port, Path config, Path data, String adminPassword, boolean withoutConsent, boolean help) {

    /** Where the demo keeps its files when {@code --data} is not given. */
    public static final Path DEFAULT_DATA = Path.of("consentkit-data");

    /** The usage text, as printed by {@code --help} and after a usage error. */
    public static final String USAGE = """
            Usage: java -jar consent-demo.jar --port PORT [--config FILE_OR_DIR] [--data DIR]
                                              [--admin-password PW] [--without-consent]

            Runs the ConsentKit demo webinar site.

              --port PORT            TCP port to listen on (0 picks a free port)
              --config FILE_OR_DIR   a configuration file (one organizer for the whole site), or a
                                     folder with default.json and one <organizer>.json per organizer;
                                     default: the bundled example, copied to <data>/config on first
                                     start so that you can edit it while the demo runs
              --data DIR             where the signing key, the configuration copy and the consent
                                     ledger live (default: ./consentkit-data)
              --admin-password PW    password of the user "admin" of /consent/admin (at least 8
                                     characters); default: a random one, printed at start
              --without-consent      serve the same site with no ConsentKit at all (baseline for
                                     benchmarks)
              --help                 print this text
            """;

    /**
     * Validates the components.
     *
     * @param port the TCP port, 0 to 65535
     * @param config the configuration file or folder, or null
     * @param data the data folder
     * @param adminPassword the admin password, or null
     * @param withoutConsent whether ConsentKit is off
     * @param help whether only the usage is asked for
     */
    public DemoOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        Objects.requireNonNull(data, "data");
    }

    /** A wrong command line; its message says what is wrong. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Parses the command line. Flags take their value as the next argument or after {@code =}
     * ({@code --port 8080}, {@code --port=8080}).
     *
     * @param args the command line
     * @return the options
     * @throws UsageException for an unknown flag, a missing or bad value, a repeated flag, or a
     *     missing {@code --port}
     */
    public static DemoOptions parse(String... args) throws UsageException {
        Integer port = null;
        Path config = null;
        Path data = null;
        String password = null;
        boolean without = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> {
                    return new DemoOptions(0, null, DEFAULT_DATA, null, false, true);
                }
                case "--without-consent" -> {
                    if (inline != null) {
                        throw new UsageException("--without-consent takes no value");
                    }
                    if (without) {
                        throw new UsageException("--without-consent is given twice");
                    }
                    without = true;
                }
                case "--port", "--config", "--data", "--admin-password" -> {
                    String value = inline;
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(name + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--port" -> {
                            if (port != null) {
                                throw new UsageException("--port is given twice");
                            }
                            port = port(value);
                        }
                        case "--config" -> {
                            if (config != null) {
                                throw new UsageException("--config is given twice");
                            }
                            config = path(name, value);
                        }
                        case "--data" -> {
                            if (data != null) {
                                throw new UsageException("--data is given twice");
                            }
                            data = path(name, value);
                        }
                        default -> {
                            if (password != null) {
                                throw new UsageException("--admin-password is given twice");
                            }
                            if (value.length() < 8) {
                                throw new UsageException("--admin-password must have at least 8 characters");
                            }
                            if (value.length() > 256) {
                                throw new UsageException("--admin-password must have at most 256 characters");
                            }
                            password = value;
                        }
                    }
                }
                default -> throw new UsageException(arg.startsWith("-") ? "unknown option " + name : "unexpected argument \"" + arg + "\"");
            }
        }
        if (port == null) {
            throw new UsageException("--port is required");
        }
        return new DemoOptions(port, config, data == null ? DEFAULT_DATA : data, password, without, false);
    }

    private static int port(String value) throws UsageException {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--port must be a number from 0 to 65535, was \"" + value + "\"");
    }

    private static Path path(String flag, String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException(flag + " must not be empty");
        }
        try {
            return Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new UsageException(flag + " is not a valid path: " + e.getMessage());
        }
    }
}
