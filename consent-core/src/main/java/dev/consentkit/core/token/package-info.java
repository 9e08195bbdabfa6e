/**
 * The signed consent token: the value of the consent cookie.
 *
 * <p>{@link dev.consentkit.core.token.ConsentTokenCodec} encodes a
 * {@link dev.consentkit.core.ConsentState} as a compact, versioned, HMAC-SHA256-signed value
 * bound to its tenant, and decodes it fail-closed: a missing, malformed, badly signed, expired or
 * outdated token is "no decision". {@link dev.consentkit.core.token.SigningKey} is one secret with
 * its key id; a policy holds several so that keys can rotate (the first signs, all verify).
 * Codecs are thread-safe and cache decoded tokens by their raw value.
 */
package dev.consentkit.core.token;
