package dev.consentkit.core.tenant;

/** The settings store on an in-memory H2 database. */
class H2JdbcConfigurationStoreTest extends JdbcConfigurationStoreContract {

    @Override
    SettingsDatabase database() {
        return new SettingsDatabase.H2();
    }
}
