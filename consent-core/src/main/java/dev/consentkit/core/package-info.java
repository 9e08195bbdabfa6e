/**
 * The consent model and the compiled {@link dev.consentkit.core.Policy}.
 *
 * <p>A {@link dev.consentkit.core.Policy} is one tenant's (organizer's) configuration compiled
 * once into an immutable, thread-safe object that answers every per-request question: which
 * {@link dev.consentkit.core.PageType} a path is, which {@link dev.consentkit.core.Regime} a
 * visitor's region falls under, which {@link dev.consentkit.core.Category} a cookie, storage
 * key, script or iframe belongs to (through its {@link dev.consentkit.core.Declaration}s), and
 * whether a visitor's {@link dev.consentkit.core.ConsentState} allows it
 * ({@link dev.consentkit.core.Permissions}). The hot-path methods do no regular-expression work
 * and allocate nothing.
 *
 * <p>The values of the model ({@code Category}, {@code Declaration}, {@code PageType},
 * {@code ConsentState}, {@code BannerTexts}, ...) are immutable records. Build a policy from JSON
 * with {@link dev.consentkit.core.config.PolicyLoader} or in code with
 * {@link dev.consentkit.core.Policy#builder(String)}. This module never depends on the Servlet
 * API.
 */
package dev.consentkit.core;
