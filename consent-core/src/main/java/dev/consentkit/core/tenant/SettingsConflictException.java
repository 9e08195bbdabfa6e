package dev.consentkit.core.tenant;

/**
 * Another version of a tenant's settings was saved since the one an edit started from: the edit
 * is not saved, so that it cannot silently undo the other one.
 */
public final class SettingsConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The version the edit started from. */
    private final int expected;
    /** The latest version. */
    private final int actual;

    /**
     * Creates the exception.
     *
     * @param tenant the organizer
     * @param expected the version the edit started from
     * @param actual the latest version
     */
    public SettingsConflictException(String tenant, int expected, int actual) {
        super("the settings of \"" + tenant + "\" are at version " + actual + ", not " + expected
                + ": someone else saved meanwhile; review the changes against version " + actual);
        this.expected = expected;
        this.actual = actual;
    }

    /**
     * The version the edit started from.
     *
     * @return the version number, 0 for none
     */
    public int expected() {
        return expected;
    }

    /**
     * The latest version.
     *
     * @return the version number
     */
    public int actual() {
        return actual;
    }
}
