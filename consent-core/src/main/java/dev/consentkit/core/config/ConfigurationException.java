package dev.consentkit.core.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration that cannot be loaded, with every problem found in it (not just the first),
 * each with its JSON path, line and column. Nothing of such a configuration is ever applied.
 */
public final class ConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigurationProblem> problems;

    /**
     * Creates the exception.
     *
     * @param problems at least one problem
     */
    public ConfigurationException(List<ConfigurationProblem> problems) {
        super(format(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a configuration exception needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** {@return every problem, in document order} */
    public List<ConfigurationProblem> problems() {
        return problems;
    }

    private static String format(List<ConfigurationProblem> problems) {
        return problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in the ConsentKit configuration:\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
    }
}
