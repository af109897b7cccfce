package io.strata.jobs.ingest.jdbc;

import java.util.Locale;
import java.util.regex.Pattern;

/** JDBC URLs made safe to print: no {@code user:password@} part, no secret-looking parameters. */
public final class JdbcUrls {
  private static final Pattern USER_INFO = Pattern.compile("//[^/@?#]*@");
  private static final String[] SECRET_WORDS = {"password", "pwd", "secret", "token", "key", "credential"};

  private JdbcUrls() {}

  public static String withoutCredentials(String url) {
    if (url == null) {
      return "";
    }
    String result = USER_INFO.matcher(url).replaceFirst("//");
    int query = result.indexOf('?');
    if (query < 0) {
      return result;
    }
    StringBuilder safe = new StringBuilder(result.substring(0, query));
    char separator = '?';
    for (String parameter : result.substring(query + 1).split("[&;]")) {
      if (parameter.isEmpty()) {
        continue;
      }
      String name = parameter.split("=", 2)[0].toLowerCase(Locale.ROOT);
      boolean secret = false;
      for (String word : SECRET_WORDS) {
        secret |= name.contains(word);
      }
      safe.append(separator).append(secret ? name + "=***" : parameter);
      separator = '&';
    }
    return safe.toString();
  }
}
