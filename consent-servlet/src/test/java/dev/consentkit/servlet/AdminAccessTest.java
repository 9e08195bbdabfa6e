package dev.consentkit.servlet;

import dev.consentkit.servlet.testing.FakeRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who may administer which tenants: HTTP Basic users, a request attribute, the container's roles. */
class AdminAccessTest {

    private static FakeRequest basic(String user, String password) {
        return new FakeRequest("GET", "/consent/admin").header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void basicUsers_eachSeeTheirTenants_andAreNamed() {
        ConsentOptions.AdminAccess access = SettingsFixture.access();

        assertThat(access.tenants(basic("admin", SettingsFixture.OPERATOR_PASSWORD))).containsExactly("*");
        assertThat(access.tenants(basic("acme", SettingsFixture.ACME_PASSWORD))).containsExactly("acme");
        assertThat(access.user(basic("acme", SettingsFixture.ACME_PASSWORD))).isEqualTo("acme");
        assertThat(access.tenants(basic("acme", SettingsFixture.GLOBEX_PASSWORD))).as("another user's password").isEmpty();
        assertThat(access.tenants(basic("nobody", SettingsFixture.ACME_PASSWORD))).isEmpty();
        assertThat(access.tenants(new FakeRequest("GET", "/"))).isEmpty();
        assertThat(access.user(new FakeRequest("GET", "/"))).isNull();
        assertThat(access.challenge()).startsWith("Basic realm=");
    }

    @Test
    void basicUsers_refuseShortPasswordsAndOddNames() {
        assertThatThrownBy(() -> ConsentOptions.AdminAccess.basicUsers(Map.of("acme", new ConsentOptions.AdminAccess.Account("short", Set.of("acme")))))
                .hasMessageContaining("at least 8 characters");
        assertThatThrownBy(() -> ConsentOptions.AdminAccess.basicUsers(Map.of("a:b", new ConsentOptions.AdminAccess.Account("long enough", Set.of("a")))))
                .hasMessageContaining("no ':'");
        assertThatThrownBy(() -> new ConsentOptions.AdminAccess.Account("long enough", Set.of())).hasMessageContaining("at least one tenant");
        assertThat(new ConsentOptions.AdminAccess.Account("secret-password", Set.of("acme")).toString()).doesNotContain("secret");
    }

    @Test
    void byRequestAttribute_takesATenantEveryTenantOrACollection() {
        ConsentOptions.AdminAccess access = ConsentOptions.AdminAccess.byRequestAttribute("organizer");
        FakeRequest one = new FakeRequest("GET", "/");
        one.setAttribute("organizer", "acme");
        FakeRequest many = new FakeRequest("GET", "/");
        many.setAttribute("organizer", List.of("acme", "globex"));
        FakeRequest operator = new FakeRequest("GET", "/");
        operator.setAttribute("organizer", "*");

        assertThat(access.tenants(one)).containsExactly("acme");
        assertThat(access.tenants(many)).containsExactlyInAnyOrder("acme", "globex");
        assertThat(access.tenants(operator)).containsExactly("*");
        assertThat(access.tenants(new FakeRequest("GET", "/"))).isEmpty();
        assertThat(access.challenge()).isNull();
    }

    @Test
    void byRoles_grantsTheTenantsOfEveryRoleTheUserHas() {
        ConsentOptions.AdminAccess access = ConsentOptions.AdminAccess.byRoles(Map.of(
                "platform-admin", Set.of("*"), "acme-admin", Set.of("acme"), "globex-admin", Set.of("globex")));

        assertThat(access.tenants(inRoles("acme-admin"))).containsExactly("acme");
        assertThat(access.tenants(inRoles("acme-admin", "globex-admin"))).containsExactlyInAnyOrder("acme", "globex");
        assertThat(access.tenants(inRoles("acme-admin", "platform-admin"))).containsExactly("*");
        assertThat(access.tenants(inRoles())).isEmpty();
    }

    private static jakarta.servlet.http.HttpServletRequest inRoles(String... roles) {
        return new HttpServletRequestWrapper(new FakeRequest("GET", "/")) {
            @Override
            public boolean isUserInRole(String role) {
                return List.of(roles).contains(role);
            }
        };
    }

    @Test
    void settingsWithoutAdminAccess_areRefused() throws Exception {
        try (SettingsFixture fixture = SettingsFixture.create(java.nio.file.Files.createTempDirectory("ck-access-"))) {
            assertThatThrownBy(() -> ConsentOptions.builder(fixture.policies).settings(fixture.settings).build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("adminAccess");
        }
    }
}
