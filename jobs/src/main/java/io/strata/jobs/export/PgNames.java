package io.strata.jobs.export;

import io.strata.layout.config.SqlIdentifiers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one place warehouse SQL gets its names: only plain identifiers, always double-quoted, so no
 * name from config or from a table schema can change what a statement does.
 */
final class PgNames {
  static final String STAGING_SUFFIX = "__staging";
  private static final int MAX_LENGTH = 63;

  private PgNames() {}

  /** {@code "name"}; a name that is not a plain identifier is a programming error here (config and planning check them). */
  static String quote(String name) {
    if (!SqlIdentifiers.isPlain(name)) {
      throw new IllegalArgumentException("not a plain identifier: '" + name + "'");
    }
    return "\"" + name + "\"";
  }

  static String qualified(String schema, String name) {
    return quote(schema) + "." + quote(name);
  }

  static String columnList(List<String> columns) {
    return columns.stream().map(PgNames::quote).collect(Collectors.joining(", "));
  }

  static String staging(String table) {
    return fit(table, STAGING_SUFFIX);
  }

  /** The staging table of the keys an incremental export deletes; it ends like every staging table, so leftovers are found alike. */
  static String deletedStaging(String table) {
    return fit(table, "__deleted" + STAGING_SUFFIX);
  }

  static String primaryKey(String table) {
    return fit(table, "_pkey");
  }

  static String index(String table, List<String> columns) {
    return fit(table, "_" + String.join("_", columns) + "_idx");
  }

  /** {@code <table><suffix>}, shortened with a hash of the whole when it exceeds PostgreSQL's 63 bytes. */
  static String fit(String table, String suffix) {
    String whole = table + suffix;
    if (whole.length() <= MAX_LENGTH) {
      return whole;
    }
    String hash = "_" + sha256(whole).substring(0, 8);
    if (suffix.length() > MAX_LENGTH / 2) {
      return whole.substring(0, MAX_LENGTH - hash.length()) + hash;
    }
    return table.substring(0, MAX_LENGTH - suffix.length() - hash.length()) + hash + suffix;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
