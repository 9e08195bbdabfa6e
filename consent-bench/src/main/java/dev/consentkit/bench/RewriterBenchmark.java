package dev.consentkit.bench;

import dev.consentkit.servlet.html.ElementPolicy;
import dev.consentkit.servlet.html.HtmlRewriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The streaming HTML rewriter against a plain copy of the same bytes, on a 20 KB and a 2 MB
 * webinar page written in 8 KiB pieces, as a servlet writes: the ratio of {@code rewriteBytes}
 * (or {@code rewriteChars}) to {@code copyBytes} (or {@code copyChars}) is the rewriter's cost.
 *
 * <pre>java -jar consent-bench/target/benchmarks.jar RewriterBenchmark -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RewriterBenchmark {

    private static final int PIECE = 8192;

    @Param({"20000", "2000000"})
    public int size;

    private byte[] bytes;
    private char[] chars;
    private final CountingSink sink = new CountingSink();
    private final CountingWriter writer = new CountingWriter();
    private final ElementPolicy policy = new ElementPolicy() {
        @Override
        public String headInjection() {
            return "<script id=\"consentkit-bootstrap\" type=\"application/json\">{\"v\":1}</script>";
        }

        @Override
        public String categoryOf(String element, String src) {
            return src.contains("/vendor/") ? "marketing" : null;
        }

        @Override
        public boolean isGranted(String categoryId) {
            return false;
        }
    };

    @Setup
    public void setUp() {
        String page = Pages.webinarPage(size);
        bytes = page.getBytes(StandardCharsets.UTF_8);
        chars = page.toCharArray();
    }

    @Benchmark
    public long copyBytes() throws IOException {
        sink.count = 0;
        for (int i = 0; i < bytes.length; i += PIECE) {
            sink.write(bytes, i, Math.min(PIECE, bytes.length - i));
        }
        return sink.count;
    }

    @Benchmark
    public long rewriteBytes() throws IOException {
        sink.count = 0;
        OutputStream out = HtmlRewriter.rewriting(sink, StandardCharsets.UTF_8, policy);
        for (int i = 0; i < bytes.length; i += PIECE) {
            out.write(bytes, i, Math.min(PIECE, bytes.length - i));
        }
        out.close();
        return sink.count;
    }

    @Benchmark
    public long copyChars() throws IOException {
        writer.count = 0;
        for (int i = 0; i < chars.length; i += PIECE) {
            writer.write(chars, i, Math.min(PIECE, chars.length - i));
        }
        return writer.count;
    }

    @Benchmark
    public long rewriteChars() throws IOException {
        writer.count = 0;
        Writer out = HtmlRewriter.rewriting(writer, policy);
        for (int i = 0; i < chars.length; i += PIECE) {
            out.write(chars, i, Math.min(PIECE, chars.length - i));
        }
        out.close();
        return writer.count;
    }

    /** A downstream that touches every byte once, as a socket buffer copy would. */
    static final class CountingSink extends OutputStream {
        final byte[] buffer = new byte[PIECE * 2];
        long count;

        @Override
        public void write(int b) {
            buffer[(int) (count++ % buffer.length)] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                int n = Math.min(len, buffer.length);
                System.arraycopy(b, off, buffer, 0, n);
                off += n;
                len -= n;
                count += n;
            }
        }

        @Override
        public void close() {
        }
    }

    static final class CountingWriter extends Writer {
        final char[] buffer = new char[PIECE * 2];
        long count;

        @Override
        public void write(char[] c, int off, int len) {
            while (len > 0) {
                int n = Math.min(len, buffer.length);
                System.arraycopy(c, off, buffer, 0, n);
                off += n;
                len -= n;
                count += n;
            }
        }

        @Override
        public void write(String s, int off, int len) {
            while (len > 0) {
                int n = Math.min(len, buffer.length);
                s.getChars(off, off + n, buffer, 0);
                off += n;
                len -= n;
                count += n;
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
