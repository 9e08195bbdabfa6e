package dev.consentkit.core.tenant;

/**
 * The settings store on the PostgreSQL named by {@code CONSENTKIT_TEST_POSTGRES_URL} (skipped
 * without it, failed without it when {@code CONSENTKIT_REQUIRE_POSTGRES=1}).
 */
class PostgresJdbcConfigurationStoreTest extends JdbcConfigurationStoreContract {

    @Override
    SettingsDatabase database() {
        return SettingsDatabase.Postgres.fromEnvironment();
    }
}
