package dev.consentkit.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.consentkit.core.token.ConsentTokenCodec;
import dev.consentkit.core.token.SigningKey;

import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One tenant's configuration, compiled once into an immutable object that answers the
 * questions of every request: which page type is this path, which regime is this region, which
 * category is this cookie, storage key, script or iframe, and is it allowed for this visitor.
 *
 * <p>Build one from JSON with {@code dev.consentkit.core.config.PolicyLoader}, or in code with
 * {@link #builder(String)}. Thread-safe. The per-request methods ({@link #pageTypeFor},
 * {@link #regimeFor}, {@link #classify} for exact and prefix names, {@link #isAllowed}) do no
 * regular-expression work and allocate nothing.
 */
public final class Policy {

    /** The most categories a policy can have, {@value Category#NECESSARY} included. */
    public static final int MAX_CATEGORIES = 62;

    /** The tenant identifier of a single-site application and of the platform default. */
    public static final String DEFAULT_TENANT = "default";

    /** The longest consent lifetime the law's guidance accepts: 13 months. */
    public static final Period MAX_CONSENT_LIFETIME = Period.ofMonths(13);

    /** The consent lifetime when none is configured: 6 months. */
    public static final Period DEFAULT_CONSENT_LIFETIME = Period.ofMonths(6);

    private final String tenant;
    private final long revision;
    private final String defaultLocale;
    private final List<String> locales;
    private final List<Category> categories;
    private final Map<String, Category> categoriesById;
    private final List<PageType> pageTypes;
    private final Map<String, PageType> pageTypesById;
    private final PathPattern[] pathPatterns;
    private final PageType[] pathTargets;
    private final RegionMap regions;
    private final Map<String, Regime> regionEntries;
    private final UndeclaredPolicy undeclared;
    private final Period consentLifetime;
    private final Map<String, Map<String, String>> texts;
    private final Map<String, String> theme;
    private final Organizer organizer;
    private final boolean consentModeEnabled;
    private final int consentModeWaitMillis;
    private final EnumMap<DeclarationKind, NameClassifier> classifiers;
    private final UndeclaredListener undeclaredListener;
    private final Clock clock;
    private final ConsentTokenCodec tokens;
    private final long necessaryMask;
    /** Texts per page type id ("" outside page types), then per locale: a lookup builds no key. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, BannerTexts>> bannerTexts = new ConcurrentHashMap<>();
    /** Accept-Language values seen to the locale negotiated: browsers send a handful of distinct ones. */
    private final Cache<String, String> negotiatedLocales = Caffeine.newBuilder().maximumSize(1_024).build();

    private Policy(Builder b) {
        this.tenant = b.tenant;
        this.revision = b.revision;
        this.defaultLocale = b.defaultLocale;
        this.clock = b.clock;
        this.undeclared = b.undeclared;
        this.consentLifetime = b.consentLifetime;
        this.undeclaredListener = b.undeclaredListener;
        this.organizer = b.organizer;
        this.consentModeEnabled = b.consentModeEnabled;
        this.consentModeWaitMillis = b.consentModeWaitMillis;
        this.theme = Collections.unmodifiableMap(new LinkedHashMap<>(b.theme));

        // categories: necessary first, then in configured order
        List<Category> cats = new ArrayList<>();
        Map<String, Category> byId = new LinkedHashMap<>();
        List<Builder.CategoryInput> inputs = new ArrayList<>(b.categories.values());
        if (!b.categories.containsKey(Category.NECESSARY)) {
            inputs.add(0, new Builder.CategoryInput(Category.NECESSARY, LocalizedText.empty(), LocalizedText.empty(),
                    List.of(), List.of("security_storage"), false));
        } else {
            inputs.remove(b.categories.get(Category.NECESSARY));
            inputs.add(0, b.categories.get(Category.NECESSARY));
        }
        if (inputs.size() > MAX_CATEGORIES) {
            throw new IllegalArgumentException("at most " + MAX_CATEGORIES + " categories are supported, got " + inputs.size());
        }
        for (Builder.CategoryInput in : inputs) {
            Category c = new Category(in.id, cats.size(), in.label, in.description, in.declarations,
                    in.consentMode, in.refusedByGpc);
            cats.add(c);
            byId.put(c.id(), c);
        }
        this.categories = List.copyOf(cats);
        this.categoriesById = Collections.unmodifiableMap(byId);
        this.necessaryMask = 1L << byId.get(Category.NECESSARY).index();

        // page types
        List<PageType> pages = new ArrayList<>();
        Map<String, PageType> pagesById = new LinkedHashMap<>();
        List<PathPattern> patterns = new ArrayList<>();
        List<PageType> targets = new ArrayList<>();
        for (Builder.PageInput in : b.pageTypes.values()) {
            Set<String> offered = new LinkedHashSet<>();
            offered.add(Category.NECESSARY);
            for (String id : in.offered) {
                if (!byId.containsKey(id)) {
                    throw new IllegalArgumentException("page type \"" + in.id + "\" offers unknown category \"" + id + "\"");
                }
                offered.add(id);
            }
            PageType p = new PageType(in.id, pages.size(), in.paths, offered, in.layout, in.texts);
            pages.add(p);
            pagesById.put(p.id(), p);
            for (String path : in.paths) {
                patterns.add(PathPattern.compile(path));
                targets.add(p);
            }
        }
        this.pageTypes = List.copyOf(pages);
        this.pageTypesById = Collections.unmodifiableMap(pagesById);
        this.pathPatterns = patterns.toArray(PathPattern[]::new);
        this.pathTargets = targets.toArray(PageType[]::new);

        // regions
        this.regionEntries = Collections.unmodifiableMap(new LinkedHashMap<>(b.regions));
        this.regions = compileRegions(b.regions);

        // texts
        Map<String, Map<String, String>> textCopy = new LinkedHashMap<>();
        b.texts.forEach((locale, values) -> textCopy.put(locale, Map.copyOf(values)));
        this.texts = Collections.unmodifiableMap(textCopy);
        Set<String> localeSet = new TreeSet<>(b.locales.isEmpty() ? BundledTexts.locales() : b.locales);
        if (b.locales.isEmpty()) {
            localeSet.addAll(texts.keySet());
        }
        localeSet.add(defaultLocale);
        this.locales = List.copyOf(localeSet);

        // classifiers
        Map<DeclarationKind, List<Classification>> byKind = new EnumMap<>(DeclarationKind.class);
        for (Category c : categories) {
            for (Declaration d : c.declarations()) {
                byKind.computeIfAbsent(d.kind(), k -> new ArrayList<>()).add(new Classification(c, d));
            }
        }
        this.classifiers = new EnumMap<>(DeclarationKind.class);
        for (DeclarationKind kind : DeclarationKind.values()) {
            classifiers.put(kind, new NameClassifier(byKind.getOrDefault(kind, List.of()), b.regexCacheSize));
        }

        this.tokens = ConsentTokenCodec.create(b.signingKeys, tenant, clock, b.tokenCacheSize);
    }

    private static RegionMap compileRegions(Map<String, Regime> entries) {
        Map<String, Regime> countries = new HashMap<>();
        // defaults: the EEA, the UK and Switzerland are opt-in
        Regions.EEA.forEach(cc -> countries.put(cc, Regime.OPT_IN));
        Regions.UK.forEach(cc -> countries.put(cc, Regime.OPT_IN));
        countries.put("CH", Regime.OPT_IN);
        // groups first, then single countries, so that a country overrides its group
        entries.forEach((key, regime) -> {
            Set<String> group = Regions.group(key);
            if (group != null) {
                group.forEach(cc -> countries.put(cc, regime));
            }
        });
        entries.forEach((key, regime) -> {
            if (key.length() == 2 && Regions.group(key) == null) {
                countries.put(key.toUpperCase(java.util.Locale.ROOT), regime);
            }
        });
        Regime other = entries.getOrDefault("other", Regime.OPT_IN);
        Regime unknown = entries.get("unknown");
        if (unknown == null) {
            unknown = other; // strictest of everything configured
            for (Regime r : countries.values()) {
                if (r.isStricterThan(unknown)) {
                    unknown = r;
                }
            }
        }
        return new RegionMap(countries, other, unknown);
    }

    /**
     * Starts building a policy for {@code tenant} in code.
     *
     * @param tenant the tenant identifier: 1 to 63 characters of a-z, 0-9 and '-'
     * @return a builder with the defaults (revision 1, locale {@code en}, undeclared names
     *     blocked, 6 months' consent lifetime, Consent Mode on)
     * @throws IllegalArgumentException when {@code tenant} is not a valid identifier
     */
    public static Builder builder(String tenant) {
        return new Builder(tenant);
    }

    // ---------------------------------------------------------------- identity

    /** {@return the tenant (organizer) this policy belongs to} */
    public String tenant() {
        return tenant;
    }

    /**
     * The revision: raising it invalidates every consent given under an older one, so visitors
     * are asked again.
     *
     * @return the revision, 1 unless configured
     */
    public long revision() {
        return revision;
    }

    /** {@return the organizer's name and links, as shown on the banner and the declaration page} */
    public Organizer organizer() {
        return organizer;
    }

    // ---------------------------------------------------------------- categories

    /** {@return the categories, {@value Category#NECESSARY} first} */
    public List<Category> categories() {
        return categories;
    }

    /**
     * The category {@code id}, or null.
     *
     * @param id a category identifier, may be null
     * @return the category, or null when there is none of that id
     */
    public Category category(String id) {
        return id == null ? null : categoriesById.get(id);
    }

    // ---------------------------------------------------------------- page types

    /** {@return the page types, in configured order} */
    public List<PageType> pageTypes() {
        return pageTypes;
    }

    /**
     * The page type {@code id}, or null.
     *
     * @param id a page type identifier, may be null
     * @return the page type, or null when there is none of that id
     */
    public PageType pageType(String id) {
        return id == null ? null : pageTypesById.get(id);
    }

    /**
     * The page type of a request path (without the context path): the first page type, in
     * configured order, with a matching pattern.
     *
     * @param path a decoded path such as {@code /webinars/launch/register}
     * @return the page type, or null when the path is not a configured page
     */
    public PageType pageTypeFor(String path) {
        for (int i = 0; i < pathPatterns.length; i++) {
            if (pathPatterns[i].matches(path)) {
                return pathTargets[i];
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- regions

    /**
     * The regime for a visitor's country.
     *
     * @param countryCode an ISO 3166-1 alpha-2 code in any case, as a CDN sends it; null, empty,
     *     {@code XX} or anything else that is not a code means the region is unknown
     * @return the regime; for unknown regions the configured {@code unknown} regime, by default
     *     the strictest one configured
     */
    public Regime regimeFor(String countryCode) {
        return regions.regimeFor(countryCode);
    }

    /** {@return the regime that applies when the region is unknown} */
    public Regime unknownRegionRegime() {
        return regions.unknown();
    }

    /**
     * {@return the configured region entries (group, country code, {@code other} or
     * {@code unknown})}
     */
    public Map<String, Regime> regionEntries() {
        return regionEntries;
    }

    // ---------------------------------------------------------------- classification

    /** {@return what happens to names no declaration covers} */
    public UndeclaredPolicy undeclaredPolicy() {
        return undeclared;
    }

    /**
     * Finds the declaration that covers a name and reports undeclared names to the
     * {@link UndeclaredListener}.
     *
     * @param kind what the name names
     * @param name a cookie name, storage key, database name or URL
     * @return the classification, or null when nothing declares it
     */
    public Classification classify(DeclarationKind kind, String name) {
        Classification found = classifiers.get(kind).classify(name);
        if (found == null) {
            try {
                undeclaredListener.onUndeclared(tenant, kind, name);
            } catch (RuntimeException ignored) {
                // a listener must not be able to break enforcement
            }
        }
        return found;
    }

    /**
     * The category of a name, or null when nothing declares it.
     *
     * @param kind what the name names
     * @param name a cookie name, storage key, database name or URL
     * @return the category, or null when nothing declares the name (reported to the
     *     {@link UndeclaredListener})
     */
    public Category categoryOf(DeclarationKind kind, String name) {
        Classification c = classify(kind, name);
        return c == null ? null : c.category();
    }

    /**
     * What a visitor may write on a page.
     *
     * <ul>
     *   <li>{@value Category#NECESSARY} is always allowed;</li>
     *   <li>a category the page type does not offer is never allowed there;</li>
     *   <li>{@code notice}: everything offered is allowed;</li>
     *   <li>{@code opt-out}: allowed unless the visitor refused it, or it is a sale/sharing
     *       category and the Global Privacy Control signal is on;</li>
     *   <li>{@code opt-in}: allowed only if the visitor granted it (GPC never grants);</li>
     *   <li>undeclared names are allowed only when the policy says {@code allow}.</li>
     * </ul>
     *
     * @param state the visitor's valid decision, or null when there is none
     * @param page the page type, or null for a path that is not a configured page (every
     *     category counts as offered)
     * @param regime the visitor's regime
     * @param gpc whether the request carries a Global Privacy Control signal
     * @return the permissions
     */
    public Permissions permissions(ConsentState state, PageType page, Regime regime, boolean gpc) {
        Objects.requireNonNull(regime, "regime");
        long mask = necessaryMask;
        for (int i = 0; i < categories.size(); i++) {
            Category c = categories.get(i);
            if (c.required() || (page != null && !page.offers(c.id()))) {
                continue;
            }
            boolean allowed = switch (regime) {
                case NOTICE -> true;
                case OPT_OUT -> (state == null || !state.refuses(c.id())) && !(gpc && c.refusedByGpc());
                case OPT_IN -> state != null && state.grants(c.id());
            };
            if (allowed) {
                mask |= 1L << c.index();
            }
        }
        return new Permissions(this, mask, undeclared == UndeclaredPolicy.ALLOW);
    }

    /**
     * Whether {@code name} of {@code kind} may be written under {@code permissions}.
     *
     * @param kind what the name names
     * @param name a cookie name, storage key, database name or URL
     * @param permissions what the visitor may write, from {@link #permissions}
     * @return true when the name's category is allowed, or when it is undeclared and undeclared
     *     names are allowed
     */
    public boolean isAllowed(DeclarationKind kind, String name, Permissions permissions) {
        Category c = categoryOf(kind, name);
        return c == null ? permissions.allowsUndeclared() : permissions.allows(c);
    }

    // ---------------------------------------------------------------- consent

    /** {@return how long a decision lasts} */
    public Period consentLifetime() {
        return consentLifetime;
    }

    /** {@return the codec of this tenant's consent cookie} */
    public ConsentTokenCodec tokens() {
        return tokens;
    }

    /**
     * Decodes the consent cookie: a valid, unexpired token of the current revision.
     *
     * @param token the raw cookie value, may be null
     * @return the state, or null for no decision
     */
    public ConsentState decodeState(String token) {
        return tokens.decode(token, revision).orElse(null);
    }

    /** {@return the clock that decides expiry} */
    public Clock clock() {
        return clock;
    }

    /**
     * A new decision, made now, that lasts the {@linkplain #consentLifetime() consent lifetime}.
     *
     * @param consentId the visitor's consent id to keep, or null for a new random one
     * @param choices decision per category; categories left out are refused
     * @return the state
     * @throws IllegalArgumentException when {@code choices} names a category this policy lacks,
     *     or refuses {@value Category#NECESSARY}
     */
    public ConsentState newState(UUID consentId, Map<String, Boolean> choices) {
        Map<String, Boolean> complete = new LinkedHashMap<>();
        for (var e : choices.entrySet()) {
            if (!categoriesById.containsKey(e.getKey())) {
                throw new IllegalArgumentException("unknown category \"" + e.getKey() + "\"");
            }
            if (Category.NECESSARY.equals(e.getKey()) && !Boolean.TRUE.equals(e.getValue())) {
                throw new IllegalArgumentException("the category \"necessary\" cannot be refused");
            }
        }
        for (Category c : categories) {
            complete.put(c.id(), c.required() || Boolean.TRUE.equals(choices.get(c.id())));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.atOffset(ZoneOffset.UTC).plus(consentLifetime).toInstant();
        return new ConsentState(consentId == null ? UUID.randomUUID() : consentId, complete, revision, now, expires);
    }

    // ---------------------------------------------------------------- texts

    /** {@return the default locale; its texts are complete} */
    public String defaultLocale() {
        return defaultLocale;
    }

    /** {@return the locales the banner can be shown in, sorted} */
    public List<String> locales() {
        return locales;
    }

    /**
     * Picks the locale for an {@code Accept-Language} header.
     *
     * @param acceptLanguage the header's value, may be null
     * @return the best of {@link #locales()}, or the default locale when none matches
     */
    public String negotiateLocale(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.length() > 128) {
            return AcceptLanguage.negotiate(acceptLanguage, locales, defaultLocale);
        }
        String locale = negotiatedLocales.getIfPresent(acceptLanguage);
        if (locale == null) {
            locale = AcceptLanguage.negotiate(acceptLanguage, locales, defaultLocale);
            negotiatedLocales.put(acceptLanguage, locale);
        }
        return locale;
    }

    /** {@return the organizer's text overrides: locale to (key to text)} */
    public Map<String, Map<String, String>> textOverrides() {
        return texts;
    }

    /** {@return whether the browser runtime sends Google Consent Mode v2 commands} */
    public boolean consentModeEnabled() {
        return consentModeEnabled;
    }

    /**
     * {@return the {@code wait_for_update} of the Consent Mode default command, in
     * milliseconds}
     */
    public int consentModeWaitMillis() {
        return consentModeWaitMillis;
    }

    /** {@return cSS custom properties for the banner ({@code --ck-accent} to a colour)} */
    public Map<String, String> theme() {
        return theme;
    }

    /**
     * The exact texts of the banner on a page type in a locale: bundled texts, then the
     * configuration's texts, then the page type's, each for the locale; category labels and
     * descriptions of the categories offered.
     *
     * @param page the page type, or null for the texts outside any page type
     * @param locale one of {@link #locales()}; others fall back to the default locale
     * @return the texts, cached per page type and locale
     */
    public BannerTexts texts(PageType page, String locale) {
        String loc = locales.contains(locale) ? locale : defaultLocale;
        String pageId = page == null ? "" : page.id();
        ConcurrentHashMap<String, BannerTexts> perLocale = bannerTexts.get(pageId);
        if (perLocale == null) {
            perLocale = bannerTexts.computeIfAbsent(pageId, id -> new ConcurrentHashMap<>());
        }
        BannerTexts cached = perLocale.get(loc);
        if (cached == null) {
            cached = resolveTexts(page, loc);
            BannerTexts raced = perLocale.putIfAbsent(loc, cached);
            if (raced != null) {
                cached = raced;
            }
        }
        return cached;
    }

    private BannerTexts resolveTexts(PageType page, String locale) {
        Map<String, String> values = new HashMap<>(BundledTexts.of("en"));
        if (!locale.equals(defaultLocale)) {
            layer(values, page, defaultLocale);
        }
        layer(values, page, locale);
        Map<String, String> localeLevel = new HashMap<>();
        layer(localeLevel, page, locale);
        for (Category c : categories) {
            String labelKey = "category." + c.id() + ".label";
            String descKey = "category." + c.id() + ".description";
            if (page != null && !page.offers(c.id())) {
                values.remove(labelKey);
                values.remove(descKey);
                continue;
            }
            values.put(labelKey, pick(c.label(), localeLevel.get(labelKey), values.get(labelKey), locale, c.id()));
            values.put(descKey, pick(c.description(), localeLevel.get(descKey), values.get(descKey), locale, ""));
        }
        return BannerTexts.of(locale, values);
    }

    private String pick(LocalizedText configured, String localeLevel, String fallback, String locale, String last) {
        if (configured.has(locale)) {
            return configured.values().get(locale);
        }
        if (localeLevel != null) {
            return localeLevel;
        }
        if (!configured.values().isEmpty()) {
            return configured.in(locale, defaultLocale);
        }
        return fallback != null ? fallback : last;
    }

    private void layer(Map<String, String> values, PageType page, String locale) {
        values.putAll(BundledTexts.of(locale));
        values.putAll(texts.getOrDefault(locale, Map.of()));
        if (page != null) {
            values.putAll(page.texts().getOrDefault(locale, Map.of()));
        }
    }

    @Override
    public String toString() {
        return "Policy[tenant=" + tenant + ", revision=" + revision + ", categories="
                + categoriesById.keySet() + ", pageTypes=" + pageTypesById.keySet() + "]";
    }

    /**
     * The organizer behind a tenant, as published.
     *
     * @param name the organizer's name, shown on the declaration page
     * @param privacyPolicyUrl the privacy notice, linked from the banner; may be null
     * @param cookiePolicyUrl a page of the organizer's own that publishes the declaration; may be
     *     null, then ConsentKit's {@code /consent/cookies} is linked
     */
    public record Organizer(String name, String privacyPolicyUrl, String cookiePolicyUrl) {
        /**
         * Normalises the components: a null name becomes {@code ""}.
         *
         * @param name the organizer's name, null for none
         * @param privacyPolicyUrl the privacy notice, may be null
         * @param cookiePolicyUrl the organizer's own declaration page, may be null
         */
        public Organizer {
            name = name == null ? "" : name;
        }
    }

    /**
     * Builds a {@link Policy} in code. The JSON loader validates everything and reports every
     * problem before it calls this builder; the builder itself fails fast on the first problem.
     */
    public static final class Builder {
        private final String tenant;
        private long revision = 1;
        private String defaultLocale = "en";
        private final Set<String> locales = new LinkedHashSet<>();
        private final Map<String, CategoryInput> categories = new LinkedHashMap<>();
        private final Map<String, PageInput> pageTypes = new LinkedHashMap<>();
        private final Map<String, Regime> regions = new LinkedHashMap<>();
        private UndeclaredPolicy undeclared = UndeclaredPolicy.BLOCK;
        private Period consentLifetime = DEFAULT_CONSENT_LIFETIME;
        private final Map<String, Map<String, String>> texts = new LinkedHashMap<>();
        private final Map<String, String> theme = new LinkedHashMap<>();
        private Organizer organizer = new Organizer("", null, null);
        private boolean consentModeEnabled = true;
        private int consentModeWaitMillis = 500;
        private final List<SigningKey> signingKeys = new ArrayList<>();
        private UndeclaredListener undeclaredListener = UndeclaredListener.NONE;
        private Clock clock = Clock.systemUTC();
        private int regexCacheSize = 10_000;
        private int tokenCacheSize = 10_000;

        private Builder(String tenant) {
            this.tenant = requireId(tenant, "tenant");
        }

        /**
         * Sets the revision (default 1).
         *
         * @param revision the revision, not negative
         * @return this builder
         * @throws IllegalArgumentException when {@code revision} is negative
         */
        public Builder revision(long revision) {
            if (revision < 0) {
                throw new IllegalArgumentException("revision must not be negative: " + revision);
            }
            this.revision = revision;
            return this;
        }

        /**
         * Sets the default locale (default {@code en}).
         *
         * @param locale a locale tag such as {@code de}
         * @return this builder
         */
        public Builder defaultLocale(String locale) {
            this.defaultLocale = Objects.requireNonNull(locale, "locale");
            return this;
        }

        /**
         * Restricts the offered locales (default: every bundled or configured locale).
         *
         * @param locales locale tags; empty means every bundled or configured locale
         * @return this builder
         */
        public Builder locales(List<String> locales) {
            this.locales.clear();
            this.locales.addAll(locales);
            return this;
        }

        /**
         * Adds a category.
         *
         * @param id lower-case identifier
         * @param label the switch label per locale (empty: the bundled label)
         * @param description per locale (empty: the bundled description)
         * @param declarations what it covers
         * @param consentModeSignals Google Consent Mode parameters it grants
         * @param refusedByGpc whether Global Privacy Control refuses it under opt-out
         * @return this builder
         * @throws IllegalArgumentException when {@code id} is not a valid identifier or was
         *     already added
         */
        public Builder category(String id, LocalizedText label, LocalizedText description,
                                List<Declaration> declarations, List<String> consentModeSignals,
                                boolean refusedByGpc) {
            requireId(id, "category id");
            if (categories.containsKey(id)) {
                throw new IllegalArgumentException("category \"" + id + "\" was already added");
            }
            categories.put(id, new CategoryInput(id, label, description, declarations, consentModeSignals, refusedByGpc));
            return this;
        }

        /**
         * Adds a page type.
         *
         * @param id identifier such as {@code registration}
         * @param paths path patterns
         * @param offered categories offered on it ({@value Category#NECESSARY} is implied)
         * @param layout banner layout
         * @param texts text overrides: locale to (key to text)
         * @return this builder
         * @throws IllegalArgumentException when {@code id} is not a valid identifier or was
         *     already added
         */
        public Builder pageType(String id, List<String> paths, List<String> offered, Layout layout,
                                Map<String, Map<String, String>> texts) {
            requireId(id, "page type id");
            if (pageTypes.containsKey(id)) {
                throw new IllegalArgumentException("page type \"" + id + "\" was already added");
            }
            pageTypes.put(id, new PageInput(id, List.copyOf(paths), List.copyOf(offered), layout, texts));
            return this;
        }

        /**
         * Maps a region to a regime.
         *
         * @param region an ISO country code, a group ({@code EEA}, {@code EU}, {@code UK}),
         *     {@code other} (listed nowhere) or {@code unknown} (no usable region)
         * @param regime the regime that applies there
         * @return this builder
         */
        public Builder region(String region, Regime regime) {
            regions.put(Objects.requireNonNull(region, "region"), Objects.requireNonNull(regime, "regime"));
            return this;
        }

        /**
         * Sets what happens to undeclared names (default {@code block}).
         *
         * @param policy {@code block} or {@code allow}
         * @return this builder
         */
        public Builder undeclared(UndeclaredPolicy policy) {
            this.undeclared = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets how long a decision lasts (default 6 months, at most 13).
         *
         * @param lifetime a positive period of at most {@link #MAX_CONSENT_LIFETIME}
         * @return this builder
         * @throws IllegalArgumentException when {@code lifetime} is not positive or longer
         *     than 13 months
         */
        public Builder consentLifetime(Period lifetime) {
            Objects.requireNonNull(lifetime, "lifetime");
            if (lifetime.isNegative() || lifetime.isZero() || approximateDays(lifetime) > approximateDays(MAX_CONSENT_LIFETIME)) {
                throw new IllegalArgumentException("consent lifetime " + lifetime + " must be positive and at most "
                        + MAX_CONSENT_LIFETIME);
            }
            this.consentLifetime = lifetime;
            return this;
        }

        /**
         * Sets banner text overrides for a locale.
         *
         * @param locale a locale tag
         * @param values text key to text; replaces earlier overrides of that locale
         * @return this builder
         */
        public Builder texts(String locale, Map<String, String> values) {
            texts.put(locale, Map.copyOf(values));
            return this;
        }

        /**
         * Sets a CSS custom property of the banner theme, such as {@code --ck-accent}.
         *
         * @param property the custom property's name, including the leading {@code --}
         * @param value its CSS value, such as {@code #0b57d0}
         * @return this builder
         */
        public Builder theme(String property, String value) {
            theme.put(property, value);
            return this;
        }

        /**
         * Sets the organizer's published details.
         *
         * @param organizer the organizer
         * @return this builder
         */
        public Builder organizer(Organizer organizer) {
            this.organizer = Objects.requireNonNull(organizer, "organizer");
            return this;
        }

        /**
         * Configures Google Consent Mode v2 (default: on, 500 ms).
         *
         * @param enabled whether the runtime sends Consent Mode commands
         * @param waitForUpdateMillis the default command's {@code wait_for_update}, 0 to 10,000
         * @return this builder
         * @throws IllegalArgumentException when {@code waitForUpdateMillis} is out of range
         */
        public Builder consentMode(boolean enabled, int waitForUpdateMillis) {
            if (waitForUpdateMillis < 0 || waitForUpdateMillis > 10_000) {
                throw new IllegalArgumentException("wait_for_update must be between 0 and 10000 ms, was " + waitForUpdateMillis);
            }
            this.consentModeEnabled = enabled;
            this.consentModeWaitMillis = waitForUpdateMillis;
            return this;
        }

        /**
         * Adds a signing key; the first one added signs.
         *
         * @param key a signing key; keys added after the first only verify
         * @return this builder
         */
        public Builder signingKey(SigningKey key) {
            signingKeys.add(Objects.requireNonNull(key, "key"));
            return this;
        }

        /**
         * Sets who hears about undeclared names.
         *
         * @param listener called for every name no declaration covers; must be fast and
         *     thread-safe
         * @return this builder
         */
        public Builder undeclaredListener(UndeclaredListener listener) {
            this.undeclaredListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets the clock (tests).
         *
         * @param clock the clock that dates decisions and decides expiry
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Bounds the cache of regular-expression classifications per kind (default 10,000).
         *
         * @param size the most cached classifications, positive
         * @return this builder
         */
        public Builder regexCacheSize(int size) {
            this.regexCacheSize = requirePositive(size, "regex cache size");
            return this;
        }

        /**
         * Bounds the cache of decoded consent tokens (default 10,000).
         *
         * @param size the most cached tokens, positive
         * @return this builder
         */
        public Builder tokenCacheSize(int size) {
            this.tokenCacheSize = requirePositive(size, "token cache size");
            return this;
        }

        /**
         * Compiles the policy.
         *
         * @return the immutable, thread-safe policy
         * @throws IllegalArgumentException when there is no signing key, or a page type refers
         *     to a missing category, or a path pattern is malformed
         */
        public Policy build() {
            if (signingKeys.isEmpty()) {
                throw new IllegalArgumentException("policy \"" + tenant + "\" has no signing key");
            }
            return new Policy(this);
        }

        /**
         * Days in a period, with a month as 30.436875 days (a Gregorian year / 12).
         *
         * @param p a period
         * @return its approximate length in days
         */
        public static double approximateDays(Period p) {
            return p.toTotalMonths() * 30.436875 + p.getDays();
        }

        private static int requirePositive(int value, String what) {
            if (value <= 0) {
                throw new IllegalArgumentException(what + " must be positive: " + value);
            }
            return value;
        }

        private static String requireId(String id, String what) {
            if (id == null || !id.matches("[a-z0-9][a-z0-9-]{0,62}")) {
                throw new IllegalArgumentException(what + " must be 1 to 63 characters of a-z, 0-9 and '-', starting with a letter or digit: \"" + id + "\"");
            }
            return id;
        }

        record CategoryInput(String id, LocalizedText label, LocalizedText description,
                             List<Declaration> declarations, List<String> consentMode, boolean refusedByGpc) {
        }

        record PageInput(String id, List<String> paths, List<String> offered, Layout layout,
                         Map<String, Map<String, String>> texts) {
        }
    }
}
