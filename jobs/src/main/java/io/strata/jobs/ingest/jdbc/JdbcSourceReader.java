package io.strata.jobs.ingest.jdbc;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.ingest.IngestRequest;
import io.strata.jobs.ingest.SourceRead;
import io.strata.jobs.ingest.SourceReader;
import io.strata.jobs.ingest.SourceState;
import io.strata.layout.StrataException;
import io.strata.layout.config.JdbcSourceConfig;
import io.strata.layout.config.JdbcSourceSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a PostgreSQL or MySQL/MariaDB table or query with Spark's JDBC source: a snapshot each
 * run ({@code mode = full}), or the rows past the stored cursor ({@code mode = incremental}),
 * optionally split into parallel ranges of one column. Every connection, Strata's and Spark's, is
 * a read-only session, so not even a function with side effects called from a query can write.
 *
 * <p>The state it returns holds {@code cursor_columns} and {@code cursor} (see {@link CursorState});
 * the ingest stage commits it only after the rows are written, and a run started again from the
 * same state reads the same range again.
 */
public final class JdbcSourceReader implements SourceReader<JdbcSourceConfig> {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcSourceReader.class);

  @Override
  public SourceRead read(IngestRequest<JdbcSourceConfig> request) {
    requireNonNull(request, "request is null");
    JdbcSourceConfig source = request.source();
    SqlDialect dialect = SqlDialect.forUrl(source.url());
    SourceRelation relation = SourceRelation.of(source);
    requirePlainColumns(source);
    Optional<CursorState> previous = source.incremental() ? storedCursor(source, request.previous()) : Optional.empty();

    ReadPlan plan;
    JdbcConnector connector = new JdbcConnector(source);
    try (Connection connection = connector.open()) {
      plan = new ReadPlanner(source, dialect, relation).plan(connection, previous, sparkZone(request.spark()));
    } catch (SQLException e) {
      throw JdbcFailures.explain(source, "reading " + relation.description(), e);
    }

    Dataset<Row> rows = load(request.spark(), source, dialect, connector, relation, plan);
    String origin = relation.description() + plan.condition().map(condition -> " where " + condition).orElse("");
    Dataset<Row> records = rows.withColumn(SourceRead.ORIGIN, functions.lit(origin));

    long partitions = records.rdd().getNumPartitions();
    LOG.info("source {}: reading {} in {} partition(s)", source.name(), origin, partitions);
    Map<String, Long> metrics = new LinkedHashMap<>();
    metrics.put("partitions", partitions);
    metrics.put("empty_range", plan.emptyRange() ? 1L : 0L);
    SourceState next = plan.watermark().map(cursor -> cursor.writeTo(request.previous())).orElse(request.previous());
    return new SourceRead(records, Optional.empty(), next, metrics);
  }

  /**
   * Spark reads lazily, so a failure of the read itself (e.g. a query that tries to write in the
   * read-only session) surfaces while the ingest stage writes the batch; it is explained here.
   */
  @Override
  public Optional<StrataException> explainLateFailure(JdbcSourceConfig source, Exception failure) {
    return JdbcFailures.hasSqlCause(failure)
        ? Optional.of(JdbcFailures.explain(source, "reading " + SourceRelation.of(source).description() + " with Spark", failure))
        : Optional.empty();
  }

  private static Dataset<Row> load(SparkSession spark, JdbcSourceConfig source, SqlDialect dialect, JdbcConnector connector,
      SourceRelation relation, ReadPlan plan) {
    String dbtable = plan.condition().map(condition -> "(" + relation.select("*", condition) + ") AS strata_read").orElse(relation.from());
    DataFrameReader reader = spark.read().format("jdbc")
        .option("url", source.url())
        .option("driver", source.driverClass())
        .option("fetchsize", String.valueOf(source.fetchSize()))
        // Every connection Spark opens for the read runs this first: the source is never written.
        .option("sessionInitStatement", dialect.readOnlySession())
        .option("dbtable", dbtable);
    connector.credentials().forEach((key, value) -> reader.option((String) key, (String) value));
    plan.partitioning().ifPresent(partitioning -> reader
        .option("partitionColumn", partitioning.column())
        .option("lowerBound", partitioning.lower())
        .option("upperBound", partitioning.upper())
        .option("numPartitions", String.valueOf(partitioning.count())));
    try {
      return reader.load();
    } catch (StrataException e) {
      throw e;
    } catch (Exception e) { // Scala code throws SQLException undeclared
      throw JdbcFailures.explain(source, "reading " + relation.description() + " with Spark", e);
    }
  }

  private static Optional<CursorState> storedCursor(JdbcSourceConfig source, SourceState previous) {
    try {
      return CursorState.from(previous);
    } catch (IllegalArgumentException e) {
      throw new StrataException("source '" + source.name() + "': the stored cursor cannot be read (" + e.getMessage()
          + "). Fix: remove the source's state under the lake's _state area to read it again from the start", e);
    }
  }

  private static void requirePlainColumns(JdbcSourceConfig source) {
    for (String column : source.cursor()) {
      requirePlain(source, "cursor", column);
    }
    source.partitioning().ifPresent(partitioning -> requirePlain(source, "partitioning.column", partitioning.column()));
  }

  private static void requirePlain(JdbcSourceConfig source, String key, String column) {
    if (!JdbcSourceSql.isPlainName(column)) {
      throw new StrataException("source '" + source.name() + "': sources." + source.name() + "." + key + " has '" + column
          + "', which is not a plain column name. Fix: " + JdbcSourceSql.PLAIN_NAME_FIX);
    }
  }

  private static ZoneId sparkZone(SparkSession spark) {
    return ZoneId.of(spark.conf().get("spark.sql.session.timeZone", ZoneId.systemDefault().getId()));
  }
}
