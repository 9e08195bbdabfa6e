package dev.consentkit.servlet.html;
import java.io.*;
import java.nio.charset.Charset;
/** TEMPORARY pass-through until the real rewriter lands. */
public final class HtmlRewriter {
    public static Writer rewriting(Writer out, ElementPolicy policy) { return new FilterWriter(out) { boolean done; public void write(String s, int o, int l) throws IOException { write(s.substring(o, o+l).toCharArray(), 0, l);} public void write(char[] c, int o, int l) throws IOException { String s = new String(c, o, l); if (!done && s.contains("<head>")) { done = true; s = s.replace("<head>", "<head>" + policy.headInjection()); } out.write(s); } }; }
    public static OutputStream rewriting(OutputStream out, Charset charset, ElementPolicy policy) { return new FilterOutputStream(out) { boolean done; public void write(byte[] b, int o, int l) throws IOException { String s = new String(b, o, l, charset); if (!done && s.contains("<head>")) { done = true; s = s.replace("<head>", "<head>" + policy.headInjection()); } out.write(s.getBytes(charset)); } }; }
    public static String rewrite(String html, ElementPolicy policy) { return html.replace("<head>", "<head>" + policy.headInjection()); }
}
