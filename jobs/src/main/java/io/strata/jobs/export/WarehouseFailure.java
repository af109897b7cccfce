package io.strata.jobs.export;

import io.strata.layout.StrataException;
import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns a JDBC failure into Strata's error: what was being done, where (URL without parameters),
 * the server's words and detail, and what to check. The driver's exception is not attached, and
 * the text is scrubbed of the password, so no secret reaches a log or the run log.
 */
final class WarehouseFailure {
  private WarehouseFailure() {}

  static StrataException of(WarehouseEndpoint endpoint, String doing, SQLException e) {
    return new StrataException("export: " + describe(endpoint, doing, e));
  }

  /** What failed, where, the server's words and the fix, without a stage prefix. */
  static String describe(WarehouseEndpoint endpoint, String doing, SQLException e) {
    StringBuilder message = new StringBuilder(doing).append(" failed in the warehouse ").append(endpoint.where())
        .append(": ").append(endpoint.scrub(firstLine(e.getMessage())));
    if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
      ServerErrorMessage server = psql.getServerErrorMessage();
      if (server.getDetail() != null) {
        message.append(" (").append(endpoint.scrub(server.getDetail())).append(")");
      }
    }
    if (e.getSQLState() != null) {
      message.append(" [SQLSTATE ").append(e.getSQLState()).append("]");
    }
    message.append(". Fix: ").append(localInfileRefused(e) ? "allow local loads on the MySQL server (SET GLOBAL local_infile = 1;"
        + " MariaDB allows them by default)" : fix(e.getSQLState()));
    return message.toString();
  }

  /** MySQL 8 refuses {@code LOAD DATA LOCAL} unless the server allows it (error 1148, or 3948 since 8.0). */
  private static boolean localInfileRefused(SQLException e) {
    return e.getErrorCode() == 1148 || e.getErrorCode() == 3948;
  }

  private static String fix(String state) {
    if (state == null) {
      return "check the warehouse";
    }
    if (state.startsWith("08")) {
      return "check that the server in warehouse.url runs and is reachable from the driver and the executors";
    }
    if (state.equals("28P01") || state.equals("28000")) {
      return "check warehouse.user and the value of warehouse.password";
    }
    if (state.equals("3D000")) {
      return "create the database named in warehouse.url";
    }
    if (state.equals("2BP01")) {
      return "declare the dependent view under warehouse.export.views so the export recreates it, or drop it";
    }
    if (state.startsWith("22")) {
      return "a value does not fit its warehouse column (the server names it): clean or cast it in the model";
    }
    if (state.equals("42501")) {
      return "grant the user in warehouse.user the rights it needs on warehouse.schema (USAGE and CREATE, or make it the owner)";
    }
    if (state.startsWith("42")) {
      return "check warehouse.export.views and materialized-views, and the warehouse user's rights on warehouse.schema";
    }
    return "see the server's message above";
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("");
  }
}
