package io.strata.jobs.ingest.jdbc;

import io.strata.layout.StrataException;
import io.strata.layout.config.JdbcSourceConfig;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Turns a driver's exception into a message a user can act on: the source, the URL without
 * credentials, what failed and which setting to check. The password never appears, even if a
 * driver were to echo it.
 */
public final class JdbcFailures {
  private JdbcFailures() {}

  public static StrataException explain(JdbcSourceConfig source, String doing, Throwable failure) {
    Optional<SQLException> sql = sqlCause(failure);
    String state = sql.map(SQLException::getSQLState).orElse(null);
    String key = "sources." + source.name();
    String hint;
    if (state != null && state.startsWith("28")) {
      hint = "the database refused the credentials. Check " + key + ".user and " + key + ".password";
    } else if ("25006".equals(state)) {
      hint = "the query tried to write, and sources are read in a read-only session. Check " + key
          + (source.table().isPresent() ? ".table" : ".query") + ": it must only read (no function or procedure that writes)";
    } else if (state != null && state.startsWith("08")) {
      hint = "cannot reach the database. Check " + key + ".url (host, port, database) and that the server runs and accepts connections";
    } else if ("3D000".equals(state) || sql.map(SQLException::getErrorCode).orElse(0) == 1049) {
      hint = "the database in the URL does not exist. Check " + key + ".url";
    } else if ("42P01".equals(state) || "42S02".equals(state)) {
      hint = "the table does not exist or is not visible to " + key + ".user. Check " + key + (source.table().isPresent() ? ".table" : ".query");
    } else if ("42703".equals(state) || "42S22".equals(state)) {
      hint = "a configured column does not exist. Check " + key + ".cursor and " + key + ".partitioning.column";
    } else if (state != null && state.startsWith("42")) {
      hint = "the database rejected the SQL. Check " + key + (source.table().isPresent() ? ".table" : ".query") + ", " + key + ".cursor and " + key + ".partitioning";
    } else {
      hint = "check " + key + ".url, " + key + ".user, " + key + ".password and " + key + (source.table().isPresent() ? ".table" : ".query");
    }
    String cause = scrub(source, sql.map(Throwable::getMessage).orElse(String.valueOf(failure.getMessage())));
    return new StrataException("source '" + source.name() + "' (" + JdbcUrls.withoutCredentials(source.url()) + "): " + doing
        + " failed: " + hint + ". " + (sql.isPresent() ? "The database driver said: " : "Spark said: ") + cause, new SafeCause(failure, source));
  }

  /** Whether a driver's exception is among the causes of {@code failure}. */
  public static boolean hasSqlCause(Throwable failure) {
    return sqlCause(failure).isPresent();
  }

  private static Optional<SQLException> sqlCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql) {
        return Optional.of(sql);
      }
    }
    return Optional.empty();
  }

  static String scrub(JdbcSourceConfig source, String message) {
    String text = message == null ? "" : message;
    if (source.password().isPresent()) {
      String password = source.password().get().reveal();
      if (password != null && !password.isEmpty()) {
        text = text.replace(password, "***");
      }
    }
    return text.replace(source.url(), JdbcUrls.withoutCredentials(source.url())).strip();
  }

  /** The driver's failure, its messages scrubbed like ours, so a printed stack trace stays clean too. */
  private static final class SafeCause extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SafeCause(Throwable failure, JdbcSourceConfig source) {
      super(failure.getClass().getName() + ": " + scrub(source, failure.getMessage()),
          failure.getCause() == null || failure.getCause() == failure ? null : new SafeCause(failure.getCause(), source));
      setStackTrace(failure.getStackTrace());
    }
  }
}
