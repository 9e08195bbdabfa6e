package dev.consentkit.servlet;

import dev.consentkit.core.BannerTexts;
import dev.consentkit.core.Classification;
import dev.consentkit.core.DeclarationKind;
import dev.consentkit.core.ledger.ConsentLedger;
import dev.consentkit.servlet.html.ElementPolicy;
import dev.consentkit.servlet.html.Markup;
import dev.consentkit.servlet.http.RuntimeAssets;
import dev.consentkit.servlet.http.UndeclaredNames;
import dev.consentkit.servlet.http.Visitor;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** What the HTML rewriter asks about one page for one visitor. */
final class PageElements implements ElementPolicy {

    private static final Logger LOG = Logger.getLogger(PageElements.class.getName());

    private final Visitor visitor;
    private final String acceptLanguage;
    private final String endpointBase;
    private final RuntimeAssets assets;
    private final java.util.function.Supplier<String> nonce;
    private final UndeclaredNames undeclared;
    private final ConsentLedger ledger;

    PageElements(Visitor visitor, String acceptLanguage, String endpointBase, RuntimeAssets assets, java.util.function.Supplier<String> nonce,
                 UndeclaredNames undeclared, ConsentLedger ledger) {
        this.visitor = visitor;
        this.acceptLanguage = acceptLanguage;
        this.endpointBase = endpointBase;
        this.assets = assets;
        this.nonce = nonce;
        this.undeclared = undeclared;
        this.ledger = ledger;
    }

    @Override
    public String headInjection() {
        StringBuilder markup = new StringBuilder();
        for (Markup part : headInjectionParts()) {
            markup.append(part.text());
        }
        return markup.toString();
    }

    @Override
    public List<Markup> headInjectionParts() {
        BannerTexts texts = visitor.policy().texts(visitor.pageType(), visitor.policy().negotiateLocale(acceptLanguage));
        if (ledger != null && !visitor.decided() && visitor.pageType() != null && visitor.pageType().offered().size() > 1) {
            try {
                ledger.countBannerShown(visitor.tenant(), visitor.pageType().id(), visitor.regime());
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "banner count not recorded", e);
            }
        }
        return PageBootstrap.markupParts(visitor, texts, endpointBase, assets, nonce.get());
    }

    @Override
    public String categoryOf(String element, String src) {
        if (src == null || src.isEmpty()) {
            return null;
        }
        DeclarationKind kind = "iframe".equals(element) ? DeclarationKind.IFRAME : DeclarationKind.SCRIPT;
        Classification c = visitor.policy().classify(kind, src);
        if (c == null) {
            undeclared.record(visitor.tenant(), kind, src, UndeclaredNames.Source.SERVER, visitor.path());
            return null;
        }
        return c.category().id();
    }

    @Override
    public boolean isGranted(String categoryId) {
        return visitor.permissions().allows(categoryId);
    }
}
