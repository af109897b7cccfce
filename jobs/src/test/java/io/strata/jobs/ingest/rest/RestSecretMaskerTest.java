package io.strata.jobs.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.layout.config.RestSourceConfig.Auth;
import io.strata.layout.config.Secret;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RestSecretMaskerTest {
  @Test
  void masksApiKeyQueryParameter() {
    Auth auth = new Auth("api-key", Optional.of(Secret.of("env:API_KEY", "k3y/v+al")), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.of("api_key"));
    SecretMasker masker = SecretMasker.forAuth(auth);
    URI url = new AuthApplier("orders", auth).url(URI.create("https://api.test/items?page=2"));

    assertThat(url.getRawQuery()).isEqualTo("page=2&api_key=k3y%2Fv%2Bal");
    assertThat(masker.url(url)).isEqualTo("https://api.test/items?page=2&api_key=***");
  }

  @Test
  void masksSecretValuesAnywhereAndUserInfo() {
    SecretMasker masker = new SecretMasker(Set.of("token"), Set.of("s3cr3t", "a b"));

    assertThat(masker.url(URI.create("https://user:pw@api.test/x/s3cr3t?q=a%20b&token=abc&z=1")))
        .isEqualTo("https://***@api.test/x/***?q=***&token=***&z=1");
    assertThat(masker.text("echo: s3cr3t and a+b and a b")).isEqualTo("echo: *** and *** and ***");
    assertThat(masker.text(null)).isEmpty();
  }

  @Test
  void leavesUrlsWithoutSecretsAlone() {
    SecretMasker masker = SecretMasker.forAuth(Auth.none());

    assertThat(masker.url(URI.create("http://127.0.0.1:8080/items?page=1&per_page=2")))
        .isEqualTo("http://127.0.0.1:8080/items?page=1&per_page=2");
  }

  @Test
  void bearerAndBasicCredentialsGoToHeadersAndAreMasked() {
    Auth bearer = new Auth("bearer", Optional.of(Secret.of("env:T", "tok")), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty());
    Auth basic = new Auth("basic", Optional.empty(), Optional.of("ann"), Optional.of(Secret.of("env:P", "pw")),
        Optional.empty(), Optional.empty());
    Auth keyHeader = new Auth("api-key", Optional.of(Secret.of("env:K", "key1")), Optional.empty(), Optional.empty(),
        Optional.of("X-API-Key"), Optional.empty());

    assertThat(new AuthApplier("s", bearer).headers()).isEqualTo(Map.of("Authorization", "Bearer tok"));
    assertThat(new AuthApplier("s", basic).headers()).isEqualTo(Map.of("Authorization", "Basic YW5uOnB3"));
    assertThat(new AuthApplier("s", keyHeader).headers()).isEqualTo(Map.of("X-API-Key", "key1"));
    assertThat(new AuthApplier("s", keyHeader).url(URI.create("https://a.test/x"))).isEqualTo(URI.create("https://a.test/x"));
    assertThat(SecretMasker.forAuth(basic).text("Authorization: Basic YW5uOnB3, pw")).isEqualTo("Authorization: Basic ***, ***");
    assertThat(SecretMasker.forAuth(bearer).text("Bearer tok")).isEqualTo("Bearer ***");
  }
}
