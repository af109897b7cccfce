package io.strata.jobs.ingest.jdbc;

import io.strata.jobs.testing.TestingMariaDb;

/** {@link JdbcSourceReader} against a real MariaDB 11, through Spark's MySQL dialect. */
class JdbcMariaDbSourceIT extends JdbcSourceReaderContract {
  private static JdbcTestDatabase database;

  @Override
  protected synchronized JdbcTestDatabase database() {
    if (database == null) {
      TestingMariaDb mariaDb = TestingMariaDb.shared();
      database = new JdbcTestDatabase(mariaDb.createDatabase("jdbc_source"), TestingMariaDb.USER, mariaDb.password(), "DATETIME(6)");
    }
    return database;
  }

  @Override
  protected String[] writingFunction(String name, String victim) {
    return new String[] {"DROP FUNCTION IF EXISTS " + name,
        "CREATE FUNCTION " + name + "() RETURNS INT MODIFIES SQL DATA BEGIN INSERT INTO " + victim + " VALUES (1); RETURN 1; END"};
  }
}
