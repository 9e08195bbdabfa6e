/**
 * The ConsentKit servlet filter and its public options: register a
 * {@link dev.consentkit.servlet.ConsentFilter} in front of the pages it protects.
 */
package dev.consentkit.servlet;
