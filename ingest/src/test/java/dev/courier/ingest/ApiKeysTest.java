package dev.courier.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    @DisplayName("parses <key>:<scope>[|<scope>...] entries, comma-separated, around whitespace")
    void parses() {
        ApiKeys keys = ApiKeys.parse(" k1:produce|read , k2:admin,k3:read ");

        assertThat(keys.size()).isEqualTo(3);
        assertThat(keys.scopesOf("k1")).contains(Set.of(Scope.PRODUCE, Scope.READ));
        assertThat(keys.scopesOf("k2")).contains(Set.of(Scope.ADMIN));
        assertThat(keys.scopesOf("k3")).contains(Set.of(Scope.READ));
        assertThat(keys.scopesOf("k4")).isEmpty();
        assertThat(keys.scopesOf("k")).isEmpty();
        assertThat(keys.scopesOf(null)).isEmpty();
    }

    @Test
    @DisplayName("admin grants every scope; produce and read grant only themselves")
    void adminImpliesTheOthers() {
        assertThat(Scope.ADMIN.grants(Scope.PRODUCE)).isTrue();
        assertThat(Scope.ADMIN.grants(Scope.READ)).isTrue();
        assertThat(Scope.PRODUCE.grants(Scope.READ)).isFalse();
        assertThat(Scope.READ.grants(Scope.ADMIN)).isFalse();
    }

    @Test
    @DisplayName("every bad entry is reported at once, by position, and no key appears in the message")
    void reportsEveryProblemWithoutKeys() {
        assertThatThrownBy(() -> ApiKeys.parse("secret1:write,secret2,:read,sec ret3:read,secret4:,secret1:read,ok:read|"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 1: unknown scope 'write' (expected produce, read or admin)")
                .hasMessageContaining("entry 2 has no ':'")
                .hasMessageContaining("entry 3: the key is empty")
                .hasMessageContaining("entry 4: the key holds characters a bearer token cannot carry")
                .hasMessageContaining("entry 5: no scope after ':'")
                .hasMessageContaining("entry 7: an empty scope")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
    }

    @Test
    @DisplayName("a repeated key, a stray comma and an empty value are errors")
    void moreErrors() {
        assertThatThrownBy(() -> ApiKeys.parse("a:read,a:admin")).hasMessageContaining("entry 2 repeats the key of an earlier entry");
        assertThatThrownBy(() -> ApiKeys.parse("a:read,")).hasMessageContaining("entry 2 is empty");
        assertThatThrownBy(() -> ApiKeys.parse("  ")).hasMessageContaining("no keys given");
        assertThatThrownBy(() -> ApiKeys.parse(null)).hasMessageContaining("no keys given");
    }

    @Test
    @DisplayName("toString lists scopes by position, never a key")
    void toStringHidesKeys() {
        assertThat(ApiKeys.parse("topsecret:produce|read,othersecret:admin").toString())
                .isEqualTo("ApiKeys[2 keys: #1 produce|read, #2 admin]");
    }

    @Test
    @DisplayName("generated keys are long, random and valid bearer tokens")
    void generatesKeys() {
        String a = ApiKeys.newKey();
        String b = ApiKeys.newKey();

        assertThat(a).hasSize(43).isNotEqualTo(b);
        assertThat(ApiKeys.parse(a + ":admin").scopesOf(a)).contains(Set.of(Scope.ADMIN));
    }
}
