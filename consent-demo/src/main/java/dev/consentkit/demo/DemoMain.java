package dev.consentkit.demo;

import dev.consentkit.core.config.ConfigurationException;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * The demo's command line:
 * {@code java -jar consent-demo.jar --port PORT [--config FILE_OR_DIR] [--data DIR] [--admin-password PW] [--without-consent]}.
 *
 * <p>Exit codes: 0 after {@code --help} or a normal stop, 1 when the configuration has problems
 * (each printed with its JSON path) or the site cannot start, 2 for a wrong command line.
 */
public final class DemoMain {

    /** Exit code of a configuration with problems, or of a site that cannot start. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code of a wrong command line. */
    public static final int EXIT_USAGE = 2;

    private DemoMain() {
    }

    /**
     * Runs the demo until the process is stopped; exits with a non-zero code when it cannot start.
     *
     * @param args the command line, see {@link DemoOptions#USAGE}
     */
    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %3$s: %5$s%6$s%n");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        int code = run(args, System.out, System.err, server -> {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "consent-demo-shutdown"));
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        if (code != 0) {
            System.exit(code);
        }
    }

    /** What to do with the started site: wait for the end of the process, or test it. */
    @FunctionalInterface
    public interface Running {
        /**
         * Called once the site answers; the site is stopped when this returns.
         *
         * @param server the running site
         * @throws Exception to stop the site and end with {@link #EXIT_FAILURE}
         */
        void with(DemoServer server) throws Exception;
    }

    /**
     * Parses the command line, starts the site, prints its address and the admin credentials,
     * hands it to {@code running} and stops it afterwards.
     *
     * @param args the command line
     * @param out where the address, the credentials and {@code --help} go
     * @param err where usage errors and configuration problems go
     * @param running what to do while the site runs
     * @return the exit code: 0, {@link #EXIT_FAILURE} or {@link #EXIT_USAGE}
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Running running) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (DemoOptions.UsageException e) {
            err.println("consent-demo: " + e.getMessage());
            err.println();
            err.print(DemoOptions.USAGE);
            return EXIT_USAGE;
        }
        if (options.help()) {
            out.print(DemoOptions.USAGE);
            return 0;
        }
        DemoServer server;
        try {
            server = DemoServer.start(options);
        } catch (ConfigurationException e) {
            // the message lists every problem as file:line:column: $.json.path: message
            err.println("consent-demo: the configuration cannot be used.");
            err.println(e.getMessage());
            return EXIT_FAILURE;
        } catch (IOException e) {
            err.println("consent-demo: cannot start: " + e);
            return EXIT_FAILURE;
        } catch (Exception e) {
            err.println("consent-demo: cannot start: " + e.getMessage());
            return EXIT_FAILURE;
        }
        try (server) {
            printBanner(out, options, server);
            running.with(server);
            return 0;
        } catch (Exception e) {
            err.println("consent-demo: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }

    private static void printBanner(PrintStream out, DemoOptions options, DemoServer server) {
        String url = server.uri().toString();
        out.println();
        out.println("  ConsentKit demo webinar site" + (options.withoutConsent() ? " (WITHOUT ConsentKit: baseline)" : ""));
        out.println();
        out.println("  Site:             " + url);
        out.println("  Try:              " + url + "webinars/product-launch/register");
        if (!options.withoutConsent()) {
            out.println("  Admin dashboard:  " + url + "consent/admin");
            out.println("  Admin user:       " + DemoServer.ADMIN_USER);
            out.println("  Admin password:   " + server.adminPassword()
                    + (options.adminPassword() == null ? "   (generated; set one with --admin-password)" : ""));
            out.println("  Configuration:    " + server.configuration());
            out.println("  Data:             " + options.data().toAbsolutePath().normalize());
        }
        out.println();
        out.println("  Stop with Ctrl+C.");
        out.println();
        out.flush();
    }
}
