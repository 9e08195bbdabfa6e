package dev.consentkit.core.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

/**
 * The local append-only journal that makes {@link ConsentLedger#append} durable before the
 * database has the record.
 *
 * <p>A directory of numbered segment files, {@code 00000000000000000001.journal}, ... Each line is
 * {@code <CRC-32C of the JSON, 8 hex digits> <canonical JSON of the record>\n}; a line whose
 * checksum does not match, or a last line without its newline, was torn by a crash and is
 * skipped. A process only ever appends to a segment it created: on start it opens a new one, so
 * it never writes after another process's torn line.
 *
 * <p>Group commit: appenders hand their line to one journal thread and wait; the thread writes
 * every line that is waiting, forces the file once ({@link FileChannel#force}) and releases them
 * all. One fsync is shared by all concurrent appenders, and no request thread ever touches the
 * channel (an interrupted thread would close it). The queue holds only lines whose appenders
 * are blocked waiting, so it is bounded by the number of appending threads.
 *
 * <p>The database writer reads durable lines back from the files ({@link #read}); segments it
 * has fully stored are deleted ({@link #release}). The journal is the buffer for a database
 * outage: nothing is held in memory.
 */
final class Journal {

    private static final Logger LOG = Logger.getLogger(Journal.class.getName());
    private static final String SUFFIX = ".journal";
    private static final int READ_CHUNK = 256 * 1024;

    /** A place in the journal: a segment number and a byte offset in it. */
    record Position(long segment, long offset) implements Comparable<Position> {
        @Override
        public int compareTo(Position o) {
            int c = Long.compare(segment, o.segment);
            return c != 0 ? c : Long.compare(offset, o.offset);
        }

        boolean isBefore(Position o) {
            return compareTo(o) < 0;
        }
    }

    /** Records read back, and the position after the last one. */
    record Batch(List<ConsentRecord> records, Position after) {
    }

    private record Pending(byte[] line, CompletableFuture<Void> done) {
    }

    private final Path dir;
    private final long maxSegmentBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ConcurrentSkipListSet<Long> segments = new ConcurrentSkipListSet<>(); // on disk, ascending
    private final Position start;             // where reading starts: the oldest segment
    private final ArrayDeque<Pending> queue = new ArrayDeque<>(); // guarded by queue
    private final Thread thread;
    private final AtomicLong forces = new AtomicLong();
    private boolean closing;                  // guarded by queue
    private FileChannel active;               // journal thread only; null after a write failure
    private long activeSegment;               // journal thread only
    private long activeSize;                  // journal thread only
    private volatile Position durable;        // end of what is forced, in the newest segment

    private Journal(Path dir, long maxSegmentBytes) throws IOException {
        this.dir = dir;
        this.maxSegmentBytes = maxSegmentBytes;
        Files.createDirectories(dir);
        this.lockChannel = FileChannel.open(dir.resolve("journal.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            lockChannel.close();
            throw new LedgerException("journal directory " + dir + " is in use by another ledger (in this or "
                    + "another process): each ledger needs a journal directory of its own");
        }
        this.lock = l;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                try {
                    segments.add(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())));
                } catch (NumberFormatException e) {
                    LOG.warning(() -> "ignoring " + f + ": not a journal segment name");
                }
            }
        }
        long next = segments.isEmpty() ? 1 : segments.last() + 1;
        this.start = new Position(segments.isEmpty() ? next : segments.first(), 0);
        openSegment(next);
        this.thread = new Thread(this::run, "consentkit-ledger-journal");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Opens (creating) a journal directory and locks it.
     *
     * @throws LedgerException when the directory cannot be used
     */
    static Journal open(Path dir, long maxSegmentBytes) {
        try {
            return new Journal(dir.toAbsolutePath(), maxSegmentBytes);
        } catch (IOException e) {
            throw new LedgerException("cannot open the consent ledger journal in " + dir.toAbsolutePath() + ": " + e, e);
        }
    }

    Path directory() {
        return dir;
    }

    /** Where reading starts after opening: the beginning of the oldest segment left on disk. */
    Position start() {
        return start;
    }

    /** The end of everything made durable so far. */
    Position durable() {
        return durable;
    }

    /** How many times the journal forced its file (group commits), for tests. */
    long forceCount() {
        return forces.get();
    }

    /** How many segment files are on disk. */
    int segmentCount() {
        return segments.size();
    }

    /** Encodes a journal line: checksum, space, canonical JSON, newline. */
    static byte[] line(ConsentRecord record) {
        byte[] json = LedgerJson.canonical(record).getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(json);
        byte[] out = new byte[json.length + 10];
        String sum = String.format("%08x ", crc.getValue());
        for (int i = 0; i < 9; i++) {
            out[i] = (byte) sum.charAt(i);
        }
        System.arraycopy(json, 0, out, 9, json.length);
        out[out.length - 1] = '\n';
        return out;
    }

    /**
     * Appends a record and returns once it is forced to disk.
     *
     * @throws LedgerException when it could not be written or forced, or the journal is closed
     */
    void append(ConsentRecord record) {
        Pending p = new Pending(line(record), new CompletableFuture<>());
        synchronized (queue) {
            if (closing) {
                throw new LedgerException("cannot append record " + record.recordId() + ": the ledger is closed");
            }
            queue.add(p);
            queue.notifyAll();
        }
        try {
            p.done.join(); // not interruptible on purpose: the write is under way either way
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            throw new LedgerException("record " + record.recordId() + " could not be made durable in the journal "
                    + dir + ": " + cause, cause);
        }
    }

    private void run() {
        List<Pending> work = new ArrayList<>();
        while (true) {
            synchronized (queue) {
                while (queue.isEmpty() && !closing) {
                    try {
                        queue.wait();
                    } catch (InterruptedException e) {
                        // only close() stops this thread, once the queue is empty
                    }
                }
                if (queue.isEmpty()) {
                    return;
                }
                work.addAll(queue);
                queue.clear();
            }
            commit(work);
            work.clear();
        }
    }

    /** Writes and forces a group of lines; completes their futures either way. */
    private void commit(List<Pending> work) {
        try {
            if (active == null) {
                openSegment(segments.isEmpty() ? activeSegment + 1 : Math.max(segments.last(), activeSegment) + 1);
            }
            int size = 0;
            for (Pending p : work) {
                size += p.line.length;
            }
            ByteBuffer buf = ByteBuffer.allocate(size);
            for (Pending p : work) {
                buf.put(p.line);
            }
            buf.flip();
            while (buf.hasRemaining()) {
                active.write(buf);
            }
            active.force(false);
            forces.incrementAndGet();
            activeSize += size;
            durable = new Position(activeSegment, activeSize);
        } catch (IOException | RuntimeException e) {
            // The segment may now end in a partial line: never write after it, start a new one.
            LOG.log(Level.SEVERE, "consent ledger journal write failed in " + dir + "; " + work.size()
                    + " appends fail", e);
            closeActive();
            for (Pending p : work) {
                p.done.completeExceptionally(e);
            }
            return;
        }
        for (Pending p : work) {
            p.done.complete(null);
        }
        if (activeSize >= maxSegmentBytes) {
            try {
                closeActive();
                openSegment(activeSegment + 1);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not start a new journal segment in " + dir + "; retrying on the next append", e);
            }
        }
    }

    private void openSegment(long number) throws IOException {
        Path file = segmentFile(number);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        segments.add(number);
        active = ch;
        activeSegment = number;
        activeSize = 0;
        durable = new Position(number, 0);
        forceDirectory();
    }

    private void closeActive() {
        if (active != null) {
            try {
                active.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "closing journal segment", e);
            }
            active = null;
        }
    }

    /** Makes a created or deleted file name durable (best effort: not every platform allows it). */
    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // e.g. on Windows a directory cannot be opened; the file's own force still holds its data
        }
    }

    private Path segmentFile(long number) {
        return dir.resolve(String.format("%020d%s", number, SUFFIX));
    }

    /**
     * Reads up to {@code max} durable records from {@code from}. Torn and corrupt lines are
     * skipped (and logged); the end of a finished segment moves on to the next one.
     */
    Batch read(Position from, int max) throws IOException {
        List<ConsentRecord> out = new ArrayList<>();
        Position cur = from;
        while (out.size() < max) {
            Position end = durable;
            if (!segments.contains(cur.segment)) {
                Long next = segments.higher(cur.segment);
                if (next == null || next > end.segment) {
                    break;
                }
                cur = new Position(next, 0);
                continue;
            }
            boolean sealed = cur.segment < end.segment;
            Path file = segmentFile(cur.segment);
            long limit;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                limit = sealed ? ch.size() : end.offset;
                cur = readLines(ch, file, cur, limit, sealed, max - out.size(), out);
            } catch (NoSuchFileException e) {
                segments.remove(cur.segment);
                continue;
            }
            if (cur.offset < limit) {
                break; // batch full
            }
            if (!sealed) {
                break; // caught up with the appenders
            }
            Long next = segments.higher(cur.segment);
            if (next == null) {
                break;
            }
            cur = new Position(next, 0);
        }
        return new Batch(out, cur);
    }

    private Position readLines(FileChannel ch, Path file, Position from, long limit, boolean sealed, int max,
                               List<ConsentRecord> out) throws IOException {
        long offset = from.offset;
        int taken = 0;
        int chunk = READ_CHUNK;
        while (offset < limit && taken < max) {
            int want = (int) Math.min(chunk, limit - offset);
            ByteBuffer buf = ByteBuffer.allocate(want);
            while (buf.hasRemaining()) {
                if (ch.read(buf, offset + buf.position()) < 0) {
                    break;
                }
            }
            byte[] bytes = buf.array();
            int n = buf.position();
            int lineStart = 0;
            for (int i = 0; i < n && taken < max; i++) {
                if (bytes[i] != '\n') {
                    continue;
                }
                ConsentRecord r = decode(bytes, lineStart, i, file, offset + lineStart);
                if (r != null) {
                    out.add(r);
                    taken++;
                }
                lineStart = i + 1;
            }
            if (lineStart == 0 && taken < max) {
                // no complete line in this chunk
                if (offset + n >= limit) {
                    if (sealed) {
                        long torn = limit - offset;
                        long tornAt = offset;
                        LOG.warning(() -> "skipped a torn last line of " + torn + " bytes at offset " + tornAt
                                + " of journal segment " + file + " (a crash interrupted its write; it was never acknowledged)");
                        return new Position(from.segment, limit);
                    }
                    return new Position(from.segment, offset); // cannot happen: durable ends at a line end
                }
                chunk *= 2;
                continue;
            }
            offset += lineStart;
        }
        return new Position(from.segment, offset);
    }

    private static ConsentRecord decode(byte[] b, int start, int end, Path file, long at) {
        try {
            if (end - start < 10 || b[start + 8] != ' ') {
                throw new IllegalArgumentException("no checksum");
            }
            long expected = Long.parseLong(new String(b, start, 8, StandardCharsets.US_ASCII), 16);
            CRC32C crc = new CRC32C();
            crc.update(b, start + 9, end - start - 9);
            if (crc.getValue() != expected) {
                throw new IllegalArgumentException("checksum mismatch");
            }
            return LedgerJson.parseRecord(new String(b, start + 9, end - start - 9, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            LOG.severe(() -> "skipped a corrupt line at offset " + at + " of journal segment " + file + ": "
                    + e.getMessage());
            return null;
        }
    }

    /** Deletes the segments before {@code stored}: every record in them is in the database. */
    void release(Position stored) {
        for (Long s : segments.headSet(stored.segment)) {
            if (s >= durable.segment) {
                break; // never the segment being written
            }
            try {
                Files.deleteIfExists(segmentFile(s));
                segments.remove(s);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "could not delete stored journal segment " + segmentFile(s), e);
            }
        }
    }

    /** Stops taking appends; appends already waiting are still written. Waits for the journal thread. */
    void stopAppends() {
        synchronized (queue) {
            closing = true;
            queue.notifyAll();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Closes the journal after {@link #stopAppends}: deletes the last segment too when everything
     * up to {@code stored} is in the database, and unlocks the directory.
     */
    void close(Position stored) {
        closeActive();
        if (!stored.isBefore(durable)) {
            for (Long s : segments) {
                try {
                    Files.deleteIfExists(segmentFile(s));
                    segments.remove(s);
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "could not delete stored journal segment " + segmentFile(s), e);
                }
            }
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "unlocking the journal", e);
        }
    }
}
