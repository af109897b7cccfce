package io.strata.jobs.export;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/** One partition's rows into PostgreSQL with {@code COPY ... FROM STDIN (FORMAT csv)}. */
final class CopyPartition implements BulkLoader.PartitionLoad {
  private static final long serialVersionUID = 1L;

  private final String sql;
  private final RowTextEncoder encoder;

  CopyPartition(String schema, String table, StructType columns) {
    this.sql = "COPY " + PgNames.qualified(schema, table) + " (" + PgNames.columnList(List.of(columns.fieldNames()))
        + ") FROM STDIN WITH (FORMAT csv)";
    this.encoder = new RowTextEncoder(columns);
  }

  @Override
  public long load(Connection connection, Iterator<InternalRow> rows) throws SQLException, IOException {
    // On a failure before endCopy, closing the connection aborts the COPY: nothing of this partition stays.
    PGCopyOutputStream stream = new PGCopyOutputStream(connection.unwrap(PGConnection.class), sql, CopyBuffer.DEFAULT_BYTES);
    CopyBuffer out = new CopyBuffer(stream, CopyBuffer.DEFAULT_BYTES);
    while (rows.hasNext()) {
      encoder.write(rows.next(), out);
    }
    out.flush();
    return stream.endCopy();
  }
}
