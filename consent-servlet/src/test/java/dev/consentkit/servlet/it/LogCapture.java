package dev.consentkit.servlet.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what ConsentKit logs (every logger under {@code dev.consentkit}) at WARNING and
 * above, so a test can assert that no request made the filter log an error it did not expect.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private static final Logger ROOT = Logger.getLogger("dev.consentkit");

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture() {
        setLevel(Level.WARNING);
    }

    /** Starts capturing. */
    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        ROOT.addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            records.add(record);
        }
    }

    /** Everything captured at {@code level} or above. */
    public List<LogRecord> atLeast(Level level) {
        return records.stream().filter(r -> r.getLevel().intValue() >= level.intValue()).toList();
    }

    /** SEVERE records that {@code expected} does not accept, as readable lines with their stack traces' first frame. */
    public List<String> unexpectedSevere(Predicate<LogRecord> expected) {
        return atLeast(Level.SEVERE).stream().filter(expected.negate()).map(LogCapture::describe).toList();
    }

    /** Every SEVERE record, as readable lines. */
    public List<String> severe() {
        return unexpectedSevere(r -> false);
    }

    /** Records whose message contains {@code text}. */
    public List<LogRecord> containing(String text) {
        return records.stream().filter(r -> r.getMessage() != null && r.getMessage().contains(text)).toList();
    }

    /** Forgets what was captured. */
    public void clear() {
        records.clear();
    }

    static String describe(LogRecord r) {
        Throwable t = r.getThrown();
        return r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage()
                + (t == null ? "" : " / " + t + java.util.Arrays.stream(t.getStackTrace()).limit(12)
                        .map(f -> "\n\tat " + f).collect(java.util.stream.Collectors.joining()));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        ROOT.removeHandler(this);
    }
}
