package io.strata.layout.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What SQL a JDBC source's config may carry: plain names for {@code table}, {@code cursor} and
 * {@code partitioning.column}, and one read-only {@code SELECT} for {@code query}. {@code validate}
 * and the ingest stage apply these same rules, so a config that validates never fails on them
 * at run time.
 *
 * <p>The query rule is deliberately simple: no {@code ;} anywhere except one at the very end,
 * not even inside a string literal or a comment (telling those apart needs each database's
 * quoting rules, and a mistake there would let a second statement through), and the first word
 * is {@code SELECT} or {@code WITH}. What a single statement could still do (call a function that
 * writes, a data-modifying {@code WITH}) is stopped by the read-only session every source read
 * runs in.
 */
public final class JdbcSourceSql {
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern QUALIFIED_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*){0,2}");

  /** The fix for a column name that is not plain. */
  public static final String PLAIN_NAME_FIX = "use letters, digits and '_', not starting with a digit"
      + " (for other names, select the column under a plain alias in a query)";
  /** The fix for a table name that is not plain. */
  public static final String TABLE_NAME_FIX = "write table = \"schema.table\" with letters, digits and '_', or use query = \"SELECT ...\" instead";

  private JdbcSourceSql() {}

  /** A column name: letters, digits and {@code _}, not starting with a digit. */
  public static boolean isPlainName(String name) {
    return name != null && PLAIN_NAME.matcher(name).matches();
  }

  /** {@code table}, {@code schema.table} or {@code catalog.schema.table}, each part plain. */
  public static boolean isTableName(String name) {
    return name != null && QUALIFIED_NAME.matcher(name).matches();
  }

  /** What is wrong with a source query, if anything, with its fix. */
  public static Optional<Problem> queryProblem(String query) {
    String body = withoutTrailingSemicolon(query == null ? "" : query);
    if (body.isBlank()) {
      return Optional.of(new Problem("is empty", "write query = \"SELECT ...\""));
    }
    if (body.indexOf(';') >= 0) {
      return Optional.of(new Problem("holds a ';' before its end, so it could run more than one statement",
          "write one SELECT with no ';' (except one at the very end); a ';' is refused even inside a string literal or comment:"
              + " write chr(59) in PostgreSQL or CHAR(59) in MySQL for the character"));
    }
    String first = firstWord(body);
    if (!first.equals("SELECT") && !first.equals("WITH")) {
      return Optional.of(new Problem("starts with " + (first.isEmpty() ? "no keyword" : "'" + first + "'") + ", not SELECT or WITH",
          "write one read-only query, query = \"SELECT ...\" or \"WITH ... SELECT ...\"; sources are read, never written"));
    }
    return Optional.empty();
  }

  /** The query as it goes into a FROM clause: trimmed, without the one trailing {@code ;} allowed. */
  public static String withoutTrailingSemicolon(String query) {
    String body = query.strip();
    return body.endsWith(";") ? body.substring(0, body.length() - 1).strip() : body;
  }

  /** The first keyword, upper case, after whitespace, comments and opening parentheses. */
  private static String firstWord(String sql) {
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c) || c == '(') {
        i++;
      } else if (sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? sql.length() : end + 1;
      } else if (sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? sql.length() : end + 2;
      } else {
        break;
      }
    }
    int start = i;
    while (i < sql.length() && Character.isLetter(sql.charAt(i))) {
      i++;
    }
    return sql.substring(start, i).toUpperCase(Locale.ROOT);
  }

  /** A problem with a source query: what is wrong and how to fix it. */
  public record Problem(String message, String fix) {
    public Problem {
      java.util.Objects.requireNonNull(message, "message is null");
      java.util.Objects.requireNonNull(fix, "fix is null");
    }
  }
}
