package dev.consentkit.core.tenant;

import dev.consentkit.core.Policy;
import dev.consentkit.core.config.ConfigurationSource;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * A folder of JSON documents: {@code default.json} is the platform default, and each other
 * {@code <tenant>.json} is a tenant's document laid over it. Changes are noticed with the
 * platform's file watcher, so an edited file is applied without a restart. Thread-safe; the
 * watcher runs on a daemon thread of its own until {@link #close()}.
 */
public final class DirectoryConfigurationStore implements ConfigurationStore {

    private static final Logger LOG = Logger.getLogger(DirectoryConfigurationStore.class.getName());
    private static final Pattern TENANT_FILE = Pattern.compile("([a-z0-9][a-z0-9-]{0,62})\\.json");

    private final Path directory;
    private volatile WatchService watcher;
    private volatile Thread watchThread;

    /**
     * Creates a store over a folder.
     *
     * @param directory the folder holding {@code default.json} and {@code <tenant>.json} files
     * @throws IllegalArgumentException when {@code directory} is not a folder
     */
    public DirectoryConfigurationStore(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(this.directory)) {
            throw new IllegalArgumentException("configuration folder " + this.directory + " does not exist or is not a folder");
        }
    }

    /**
     * The folder.
     *
     * @return the folder, absolute and normalised
     */
    public Path directory() {
        return directory;
    }

    @Override
    public Optional<ConfigurationSource> platformDefault() throws IOException {
        return read(directory.resolve(Policy.DEFAULT_TENANT + ".json"));
    }

    @Override
    public Optional<ConfigurationSource> tenant(String tenant) throws IOException {
        if (tenant == null || Policy.DEFAULT_TENANT.equals(tenant) || !TENANT_FILE.matcher(tenant + ".json").matches()) {
            return Optional.empty();
        }
        return read(directory.resolve(tenant + ".json"));
    }

    private static Optional<ConfigurationSource> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ConfigurationSource.of(file));
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public Set<String> tenants() throws IOException {
        Set<String> ids = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
            for (Path file : files) {
                var m = TENANT_FILE.matcher(file.getFileName().toString());
                if (m.matches() && !Policy.DEFAULT_TENANT.equals(m.group(1))) {
                    ids.add(m.group(1));
                }
            }
        }
        return ids;
    }

    @Override
    public synchronized void watch(Consumer<String> onChange) {
        if (watcher != null) {
            throw new IllegalStateException("already watching " + directory);
        }
        try {
            WatchService service = directory.getFileSystem().newWatchService();
            directory.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            watcher = service;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot watch " + directory + "; configuration changes need a restart", e);
            return;
        }
        Thread thread = new Thread(() -> loop(onChange), "consentkit-config-watch");
        thread.setDaemon(true);
        watchThread = thread;
        thread.start();
    }

    private void loop(Consumer<String> onChange) {
        WatchService service = watcher;
        while (true) {
            WatchKey key;
            try {
                key = service.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            Set<String> changed = new TreeSet<>();
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                    changed.add(Policy.DEFAULT_TENANT); // lost events: reload everything
                    continue;
                }
                var m = TENANT_FILE.matcher(event.context().toString());
                if (m.matches()) {
                    changed.add(m.group(1));
                }
            }
            if (!key.reset()) {
                LOG.warning("configuration folder " + directory + " is no longer watchable");
                return;
            }
            for (String tenant : changed) {
                try {
                    onChange.accept(tenant);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "configuration change handler failed for " + tenant, e);
                }
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
        Thread thread = watchThread;
        if (thread != null) {
            thread.interrupt();
            watchThread = null;
        }
    }

    @Override
    public String toString() {
        return "DirectoryConfigurationStore[" + directory + "]";
    }
}
