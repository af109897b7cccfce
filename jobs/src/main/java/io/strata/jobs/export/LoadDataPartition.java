package io.strata.jobs.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One partition's rows into MySQL or MariaDB with {@code LOAD DATA LOCAL INFILE}, the rows encoded
 * as the driver reads them (MariaDB Connector/J's local-infile stream): no file, no row inserts.
 * The server turns a value it cannot take in a local load into a warning and goes on, so any
 * warning fails the load, naming what the server said.
 */
final class LoadDataPartition implements BulkLoader.PartitionLoad {
  private static final long serialVersionUID = 1L;
  private static final int WARNINGS_SHOWN = 3;
  private static final String DATA_EXCEPTION = "22000";

  private final String sql;
  private final RowTextEncoder encoder;

  LoadDataPartition(String schema, String table, StructType columns) {
    List<String> targets = new ArrayList<>();
    List<String> hex = new ArrayList<>();
    for (StructField field : columns.fields()) {
      if (field.dataType() instanceof BinaryType) {
        // Binary values arrive as hex and are unhexed on the way in.
        targets.add("@" + field.name());
        hex.add(PgNames.quote(field.name()) + " = UNHEX(@" + field.name() + ")");
      } else {
        targets.add(PgNames.quote(field.name()));
      }
    }
    this.sql = "LOAD DATA LOCAL INFILE 'strata-rows' INTO TABLE " + PgNames.qualified(schema, table) + " CHARACTER SET utf8mb4 ("
        + String.join(", ", targets) + ")" + (hex.isEmpty() ? "" : " SET " + String.join(", ", hex));
    this.encoder = new RowTextEncoder(columns, RowTextEncoder.Format.MYSQL_TEXT);
  }

  @Override
  public long load(Connection connection, Iterator<InternalRow> rows) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.unwrap(org.mariadb.jdbc.Statement.class).setLocalInfileInputStream(new EncodedRows(encoder, rows));
      long loaded = statement.executeLargeUpdate(sql);
      SQLWarning warning = statement.getWarnings();
      if (warning != null) {
        List<String> said = new ArrayList<>();
        for (SQLWarning next = warning; next != null && said.size() < WARNINGS_SHOWN; next = next.getNextWarning()) {
          said.add(next.getMessage());
        }
        // 22000, data exception: the value, not the connection or the rights, is what to fix.
        throw new SQLException("the server could not take every value: " + String.join("; ", said), DATA_EXCEPTION);
      }
      return loaded;
    }
  }

  /** The rows as {@code LOAD DATA} text, encoded a chunk at a time as the driver reads. */
  private static final class EncodedRows extends InputStream {
    private final RowTextEncoder encoder;
    private final Iterator<InternalRow> rows;
    private final Chunk chunk = new Chunk();
    private final CopyBuffer out = new CopyBuffer(chunk, CopyBuffer.DEFAULT_BYTES);
    private int at;

    EncodedRows(RowTextEncoder encoder, Iterator<InternalRow> rows) {
      this.encoder = encoder;
      this.rows = rows;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      while (at >= chunk.size()) {
        if (!fill()) {
          return -1;
        }
      }
      int count = Math.min(length, chunk.size() - at);
      System.arraycopy(chunk.bytes(), at, target, offset, count);
      at += count;
      return count;
    }

    private boolean fill() throws IOException {
      chunk.reset();
      at = 0;
      if (!rows.hasNext()) {
        return false;
      }
      // The buffer hands its bytes to the chunk when it fills: about one buffer's worth of rows per chunk.
      while (rows.hasNext() && chunk.size() == 0) {
        encoder.write(rows.next(), out);
      }
      out.flush();
      return true;
    }
  }

  /** A byte array stream whose array can be read without a copy. */
  private static final class Chunk extends ByteArrayOutputStream {
    Chunk() {
      super(CopyBuffer.DEFAULT_BYTES * 2);
    }

    byte[] bytes() {
      return buf;
    }
  }
}
