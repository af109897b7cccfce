package io.strata.jobs.ingest.rest;

import static java.util.Objects.requireNonNull;

import io.strata.layout.config.RestSourceConfig;
import io.strata.layout.config.Secret;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Makes URLs and texts safe to print: the values of secret query parameters become {@code ***},
 * and so does any occurrence of a secret's value (a server may echo it back in a body or link).
 */
final class SecretMasker {
  static final String MASK = "***";

  private final Set<String> secretParams;
  private final List<String> secretValues;

  SecretMasker(Set<String> secretParams, Set<String> secretValues) {
    this.secretParams = Set.copyOf(requireNonNull(secretParams, "secretParams is null"));
    Set<String> values = new LinkedHashSet<>();
    for (String value : requireNonNull(secretValues, "secretValues is null")) {
      if (!value.isEmpty()) {
        values.add(value);
        String formEncoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
        values.add(formEncoded);
        values.add(formEncoded.replace("+", "%20")); // as java.net.URI and most servers encode a space
      }
    }
    // Longest first, so a secret that contains another is masked whole.
    List<String> ordered = new ArrayList<>(values);
    ordered.sort(Comparator.comparingInt(String::length).reversed());
    this.secretValues = List.copyOf(ordered);
  }

  static SecretMasker forAuth(RestSourceConfig.Auth auth) {
    requireNonNull(auth, "auth is null");
    Set<String> values = new LinkedHashSet<>();
    auth.token().map(Secret::reveal).ifPresent(values::add);
    auth.password().map(Secret::reveal).ifPresent(password -> {
      values.add(password);
      // The encoded Basic credentials are as secret as the password.
      String pair = auth.user().orElse("") + ":" + password;
      values.add(Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    });
    Optional<String> queryParam = auth.type().equals("api-key") ? auth.queryParam() : Optional.empty();
    return new SecretMasker(queryParam.map(Set::of).orElse(Set.of()), values);
  }

  /** The URL as text, with secret query parameters, user info and secret values masked. */
  String url(URI uri) {
    requireNonNull(uri, "uri is null");
    String text;
    if (uri.isOpaque() || uri.getScheme() == null || uri.getRawAuthority() == null) {
      text = uri.toString();
    } else {
      List<String> pairs = new ArrayList<>();
      for (String pair : QueryParams.pairs(uri)) {
        int eq = pair.indexOf('=');
        String rawName = eq < 0 ? pair : pair.substring(0, eq);
        pairs.add(secretParams.contains(QueryParams.nameOf(pair)) ? rawName + "=" + MASK : pair);
      }
      String authority = uri.getRawUserInfo() == null ? uri.getRawAuthority()
          : MASK + "@" + uri.getRawAuthority().substring(uri.getRawAuthority().indexOf('@') + 1);
      StringBuilder builder = new StringBuilder().append(uri.getScheme()).append("://").append(authority);
      if (uri.getRawPath() != null) {
        builder.append(uri.getRawPath());
      }
      if (!pairs.isEmpty()) {
        builder.append('?').append(String.join("&", pairs));
      }
      text = builder.toString();
    }
    return text(text);
  }

  /** {@code text} with every occurrence of a secret value replaced by {@code ***}. */
  String text(String text) {
    if (text == null) {
      return "";
    }
    String masked = text;
    for (String value : secretValues) {
      masked = masked.replace(value, MASK);
    }
    return masked;
  }
}
