package dev.consentkit.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;

import java.util.EnumSet;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Zero-config registration: when the web application has the context parameter
 * {@value FilterSettings#CONFIG}, registers a {@link ConsentFilter} for every path, before the
 * filters declared in {@code web.xml}. Without the parameter it does nothing, so a filter
 * registered in code or {@code web.xml} is not doubled.
 */
public final class ConsentInitializer implements ServletContainerInitializer {

    /** The name the filter is registered under. */
    public static final String FILTER_NAME = "consentkit";

    private static final Logger LOG = Logger.getLogger(ConsentInitializer.class.getName());

    /** Created by the container, which finds this class through {@code META-INF/services}. */
    public ConsentInitializer() {
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        if (context.getInitParameter(FilterSettings.CONFIG) == null) {
            return;
        }
        if (context.getFilterRegistration(FILTER_NAME) != null) {
            LOG.info("ConsentKit: a filter named \"" + FILTER_NAME + "\" is already registered; zero-config registration skipped");
            return;
        }
        FilterRegistration.Dynamic registration = context.addFilter(FILTER_NAME, ConsentFilter.class);
        if (registration == null) {
            return;
        }
        registration.setAsyncSupported(true);
        registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC), false, "/*");
        LOG.info("ConsentKit: filter registered for /* (zero-config, configuration " + context.getInitParameter(FilterSettings.CONFIG) + ")");
    }
}
