package dev.consentkit.servlet.html;
public interface ElementPolicy {
    String headInjection();
    String categoryOf(String element, String src);
    boolean isGranted(String categoryId);
}
