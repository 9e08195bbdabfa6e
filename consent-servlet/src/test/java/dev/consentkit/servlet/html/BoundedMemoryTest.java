package dev.consentkit.servlet.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Whatever the page size, only the current tag is held back. */
class BoundedMemoryTest {

    private static final int CHUNK = 8 * 1024;
    private static final int PAGE = 5 * 1024 * 1024;

    /** Counts bytes and throws them away. */
    static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }

    /** Counts chars and throws them away. */
    static final class CountingWriter extends Writer {
        long count;

        @Override
        public void write(char[] c, int off, int len) {
            count += len;
        }

        @Override
        public void write(String s, int off, int len) {
            count += len;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    private static byte[] page(String body) {
        StringBuilder b = new StringBuilder(PAGE + 100_000).append("<!doctype html><html><head><title>x</title></head><body>");
        while (b.length() < PAGE) {
            b.append(body);
        }
        return b.append("</body></html>").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String sections() {
        return WebinarPages.REGISTRATION.substring(WebinarPages.REGISTRATION.indexOf("<body"))
                + "<script src=\"https://analytics.example/a.js\" data-x=\"" + "y".repeat(20_000) + "\"></script>"
                + "<p>Grüße 日本 😀</p>";
    }

    @Test
    void fiveMegabytePage_inEightKilobyteWrites_holdsBackAtMostOneTag() throws IOException {
        // grants everything and inserts nothing: output bytes are exactly the input bytes consumed
        TestPolicy policy = TestPolicy.standard().grant("analytics", "marketing", "preferences").injecting("");
        byte[] page = page(sections());
        CountingSink sink = new CountingSink();
        RewritingOutputStream out = HtmlRewriter.rewriting(sink, StandardCharsets.UTF_8, policy);
        long maxHeld = 0;
        for (int at = 0; at < page.length; at += CHUNK) {
            out.write(page, at, Math.min(CHUNK, page.length - at));
            long held = Math.min(at + CHUNK, page.length) - sink.count;
            maxHeld = Math.max(maxHeld, held);
            assertThat(held).isLessThanOrEqualTo(HeldTag.MAX_LENGTH);
            assertThat(out.heldCapacity()).isLessThanOrEqualTo(HeldTag.MAX_LENGTH);
        }
        out.close();
        assertThat(sink.count).isEqualTo(page.length);
        assertThat(maxHeld).as("the 20 KB script tag was held back whole").isGreaterThan(20_000);
    }

    @Test
    void fiveMegabytePage_refusingEverything_keepsItsHeldBufferBounded() throws IOException {
        byte[] page = page(sections());
        CountingSink sink = new CountingSink();
        RewritingOutputStream out = HtmlRewriter.rewriting(sink, StandardCharsets.UTF_8, TestPolicy.standard());
        for (int at = 0; at < page.length; at += CHUNK) {
            out.write(page, at, Math.min(CHUNK, page.length - at));
            assertThat(out.heldCapacity()).isLessThanOrEqualTo(HeldTag.MAX_LENGTH);
            assertThat(sink.count).isGreaterThanOrEqualTo(at + CHUNK - HeldTag.MAX_LENGTH);
        }
        out.close();
        String whole = new String(page, StandardCharsets.UTF_8);
        assertThat(sink.count).isEqualTo(HtmlRewriter.rewrite(whole, TestPolicy.standard()).getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void fiveMegabytesOfOneTextCommentOrScript_passThroughAsTheyArrive() throws IOException {
        for (String[] wrapper : new String[][] {{"", ""}, {"<!--", "-->"}, {"<script>", "</script>"},
                {"<style>", "</style>"}, {"<textarea>", "</textarea>"}, {"<div title=\"", "\">"}}) {
            byte[] filler = new byte[PAGE];
            Arrays.fill(filler, (byte) 'a');
            CountingSink sink = new CountingSink();
            RewritingOutputStream out = HtmlRewriter.rewriting(sink, StandardCharsets.UTF_8, TestPolicy.standard().injecting(""));
            out.write(wrapper[0].getBytes(StandardCharsets.US_ASCII));
            for (int at = 0; at < filler.length; at += CHUNK) {
                out.write(filler, at, CHUNK);
                assertThat(sink.count).as(wrapper[0]).isEqualTo(wrapper[0].length() + at + CHUNK);
            }
            out.write(wrapper[1].getBytes(StandardCharsets.US_ASCII));
            out.close();
            assertThat(sink.count).isEqualTo(wrapper[0].length() + PAGE + wrapper[1].length());
        }
    }

    @Test
    void writer_fiveMegabytePage_holdsBackAtMostOneTag() throws IOException {
        TestPolicy policy = TestPolicy.standard().grant("analytics", "marketing", "preferences").injecting("");
        String page = new String(page(sections()), StandardCharsets.UTF_8);
        CountingWriter sink = new CountingWriter();
        RewritingWriter out = HtmlRewriter.rewriting(sink, policy);
        for (int at = 0; at < page.length(); at += CHUNK) {
            int n = Math.min(CHUNK, page.length() - at);
            out.write(page, at, n);
            assertThat(at + n - sink.count).isLessThanOrEqualTo(HeldTag.MAX_LENGTH);
            assertThat(out.heldCapacity()).isLessThanOrEqualTo(HeldTag.MAX_LENGTH);
        }
        out.close();
        assertThat(sink.count).isEqualTo(page.length());
    }

    @Test
    void passingTextAndOrdinaryTagsThrough_allocatesNothing() throws Exception {
        // by reflection: the test compiles inside the module, which does not read java.management
        Object threads;
        Method allocatedBytes;
        try {
            threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            allocatedBytes = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
        } catch (ReflectiveOperationException e) {
            threads = null;
            allocatedBytes = null;
        }
        Assumptions.assumeTrue(allocatedBytes != null && (long) allocatedBytes.invoke(threads) >= 0, "allocation is measured");
        byte[] chunk = ("<div class=\"card\"><p>Grüße &amp; 日本 <a href=\"/x?a=1&b=2\">link</a></p><!-- c --><img src=a.png alt='x'>"
                + "<style>p{color:red}</style><br/></div>\n").repeat(60).getBytes(StandardCharsets.UTF_8);
        CountingSink sink = new CountingSink();
        RewritingOutputStream out = HtmlRewriter.rewriting(sink, StandardCharsets.UTF_8, TestPolicy.standard().injecting(""));
        for (int i = 0; i < 20_000; i++) {
            out.write(chunk, 0, chunk.length);      // warm up
        }
        long before = (long) allocatedBytes.invoke(threads);
        for (int i = 0; i < 10_000; i++) {
            out.write(chunk, 0, chunk.length);
        }
        long allocated = (long) allocatedBytes.invoke(threads) - before;
        assertThat(allocated).as("bytes allocated for 10,000 chunks").isLessThan(10_000);
    }
}
