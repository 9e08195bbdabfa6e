package dev.consentkit.servlet.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RewritingStreamTest {

    private static final String A = "https://analytics.example/a.js";
    private static final String PAGE = "<!doctype html><html><head><title>Grüße – 日本 😀</title></head><body>"
            + "<script src=\"" + A + "\"></script><p>Café</p></body></html>";

    /** Records flushes and closes. */
    static final class Sink extends ByteArrayOutputStream {
        int flushes;
        boolean closed;

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "ISO-8859-1", "windows-1252", "UTF-16", "UTF-16LE", "UTF-32", "Shift_JIS", "EUC-JP"})
    void bytesWritten_isTheLengthOfTheOutputInTheCharset(String name) throws IOException {
        Charset charset = Charset.forName(name);
        String page = new String(PAGE.getBytes(charset), charset);
        TestPolicy policy = TestPolicy.standard().injecting("<script>var t=\"ä\";</script>");
        Sink sink = new Sink();
        RewritingOutputStream out = HtmlRewriter.rewriting(sink, charset, policy);
        out.write(page.getBytes(charset));
        out.close();
        String expected = HtmlRewriter.rewrite(page, TestPolicy.standard().injecting("<script>var t=\"ä\";</script>"));
        assertThat(sink.toByteArray()).isEqualTo(expected.getBytes(charset));
        assertThat(out.bytesWritten()).isEqualTo(sink.size());
        assertThat(out.charset()).isEqualTo(charset);
    }

    @Test
    void flush_passesOnEverythingButAnIncompleteTag() throws IOException {
        Sink sink = new Sink();
        RewritingOutputStream out = HtmlRewriter.rewriting(sink, StandardCharsets.UTF_8, TestPolicy.standard());
        out.write("<p>héllo <!-- a comment in progress".getBytes(StandardCharsets.UTF_8));
        out.flush();
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("<p>héllo <!-- a comment in progress");
        out.write(" --> <script src=\"https://analyt".getBytes(StandardCharsets.UTF_8));
        out.flush();
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("<p>héllo <!-- a comment in progress --> ");
        assertThat(out.bytesWritten()).isEqualTo(sink.size());
        assertThat(sink.flushes).isEqualTo(2);
        out.write("ics.example/a.js\">".getBytes(StandardCharsets.UTF_8));
        assertThat(sink.toString(StandardCharsets.UTF_8)).endsWith("data-src=\"" + A + "\">");
    }

    @Test
    void close_passesOnAnIncompleteTagAsIs_andClosesTheStream() throws IOException {
        Sink sink = new Sink();
        RewritingOutputStream out = HtmlRewriter.rewriting(sink, StandardCharsets.UTF_8, TestPolicy.standard());
        out.write("<p>x</p><script src=\"".getBytes(StandardCharsets.UTF_8));
        out.write(A.getBytes(StandardCharsets.UTF_8));
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("<p>x</p>");
        out.close();
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("<p>x</p><script src=\"" + A);
        assertThat(sink.closed).isTrue();
        out.close();
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("<p>x</p><script src=\"" + A);
    }

    @Test
    void finish_leavesTheStreamOpen_andRefusesMoreWrites() throws IOException {
        Sink sink = new Sink();
        RewritingOutputStream out = HtmlRewriter.rewriting(sink, StandardCharsets.UTF_8, TestPolicy.standard());
        out.write("<p>x</p><scr".getBytes(StandardCharsets.UTF_8));
        out.finish();
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("<p>x</p><scr");
        assertThat(sink.closed).isFalse();
        assertThat(sink.flushes).isEqualTo(1);
        assertThatThrownBy(() -> out.write('x')).isInstanceOf(IOException.class);
        out.flush();
        assertThat(sink.flushes).isEqualTo(2);
        out.close();
        assertThat(sink.closed).isTrue();
        assertThatThrownBy(out::flush).isInstanceOf(IOException.class);
    }

    @Test
    void writer_passesThroughAndCountsChars() throws IOException {
        StringWriter sink = new StringWriter();
        RewritingWriter out = HtmlRewriter.rewriting(sink, TestPolicy.standard());
        out.write(PAGE.substring(0, 30));
        out.write(PAGE.charAt(30));
        out.write(PAGE.toCharArray(), 31, 20);
        out.append(PAGE, 51, PAGE.length());
        out.flush();
        assertThat(sink.toString()).isEqualTo(HtmlRewriter.rewrite(PAGE, TestPolicy.standard()));
        assertThat(out.charsWritten()).isEqualTo(sink.toString().length());
        out.close();
        assertThatThrownBy(() -> out.write("x")).isInstanceOf(IOException.class);
    }

    @Test
    void writerClose_passesOnAnIncompleteTagAsIs() throws IOException {
        StringWriter sink = new StringWriter();
        RewritingWriter out = HtmlRewriter.rewriting(sink, TestPolicy.standard());
        out.write("a<iframe src='https://video.example/");
        assertThat(sink.toString()).isEqualTo("a");
        out.close();
        assertThat(sink.toString()).isEqualTo("a<iframe src='https://video.example/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "ISO-8859-1", "ISO-8859-15", "windows-1252", "windows-1251", "US-ASCII", "EUC-JP", "EUC-KR", "KOI8-R"})
    void asciiCompatibleCharsets_areScannedAsBytes(String name) {
        assertThat(HtmlRewriter.isAsciiCompatible(Charset.forName(name))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32", "x-UTF-16LE-BOM", "ISO-2022-JP", "Shift_JIS", "IBM037"})
    void otherCharsets_areDecoded(String name) {
        assertThat(HtmlRewriter.isAsciiCompatible(Charset.forName(name))).isFalse();
    }

    @Test
    void srcIsDecodedWithTheStreamsCharset_forClassification() throws IOException {
        for (Charset charset : new Charset[] {StandardCharsets.ISO_8859_1, StandardCharsets.UTF_8, StandardCharsets.UTF_16}) {
            TestPolicy policy = TestPolicy.standard().script("https://é.example/", "analytics");
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            try (RewritingOutputStream out = HtmlRewriter.rewriting(sink, charset, policy)) {
                out.write("<script src=\"https://é.example/x.js\"></script>".getBytes(charset));
            }
            assertThat(policy.sourcesAsked).as(charset.name()).containsExactly("script https://é.example/x.js");
            assertThat(sink.toString(charset)).as(charset.name())
                    .isEqualTo("<script type=\"text/plain\" data-consent=\"analytics\" data-src=\"https://é.example/x.js\"></script>");
        }
    }

    @Test
    void malformedUtf8_passesThroughByteForByte() throws IOException {
        byte[] page = {'<', 'p', '>', (byte) 0xC3, '<', 'b', '>', (byte) 0xFF, (byte) 0xE2, (byte) 0x82, '<', '/', 'p', '>'};
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (RewritingOutputStream out = HtmlRewriter.rewriting(sink, StandardCharsets.UTF_8, TestPolicy.standard())) {
            out.write(page);
        }
        assertThat(sink.toByteArray()).isEqualTo(page);
    }

    @Test
    void utf16ByteOrderMark_isKept_andNoneIsAdded() throws IOException {
        String page = "<p>x</p><script src=\"" + A + "\"></script>";
        String expected = HtmlRewriter.rewrite(page, TestPolicy.standard());
        byte[] bomLittle = {(byte) 0xFF, (byte) 0xFE};
        assertThat(rewriteBytes(concat(bomLittle, page.getBytes(StandardCharsets.UTF_16LE)), StandardCharsets.UTF_16))
                .isEqualTo(concat(bomLittle, expected.getBytes(StandardCharsets.UTF_16LE)));
        byte[] bomBig = {(byte) 0xFE, (byte) 0xFF};
        assertThat(rewriteBytes(concat(bomBig, page.getBytes(StandardCharsets.UTF_16BE)), StandardCharsets.UTF_16))
                .isEqualTo(concat(bomBig, expected.getBytes(StandardCharsets.UTF_16BE)));
        assertThat(rewriteBytes(page.getBytes(StandardCharsets.UTF_16BE), StandardCharsets.UTF_16))
                .isEqualTo(expected.getBytes(StandardCharsets.UTF_16BE));
    }

    @Test
    void truncatedUtf16_endsWithAReplacementCharacter() throws IOException {
        byte[] page = {0, '<', 0, 'p', 0};
        assertThat(new String(rewriteBytes(page, StandardCharsets.UTF_16BE), StandardCharsets.UTF_16BE)).isEqualTo("<p\uFFFD");
        assertThat(rewriteBytes(new byte[] {0}, StandardCharsets.UTF_16)).isEqualTo("\uFFFD".getBytes(StandardCharsets.UTF_16BE));
    }

    private static byte[] rewriteBytes(byte[] page, Charset charset) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (RewritingOutputStream out = HtmlRewriter.rewriting(sink, charset, TestPolicy.standard())) {
            for (byte b : page) {
                out.write(b);
            }
        }
        return sink.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
