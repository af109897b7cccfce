package io.strata.jobs.export;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import org.apache.spark.sql.Row;

/**
 * Writes rows as PostgreSQL {@code COPY ... (FORMAT csv)} lines. A null is an empty unquoted
 * field; every text value is quoted (quotes doubled), so empty strings, commas, newlines,
 * backslashes and a lone {@code \.} arrive as they are. Instants are written in UTC with their
 * offset, decimals in plain notation.
 */
final class CsvRowEncoder {
  private CsvRowEncoder() {}

  static void write(Row row, Writer out) throws IOException {
    int size = row.size();
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        out.write(',');
      }
      if (!row.isNullAt(i)) {
        writeValue(row.get(i), out);
      }
    }
    out.write('\n');
  }

  private static void writeValue(Object value, Writer out) throws IOException {
    if (value instanceof String text) {
      out.write('"');
      int start = 0;
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) == '"') {
          out.write(text, start, i - start + 1);
          out.write('"');
          start = i + 1;
        }
      }
      out.write(text, start, text.length() - start);
      out.write('"');
    } else if (value instanceof BigDecimal decimal) {
      out.write(decimal.toPlainString());
    } else if (value instanceof Timestamp timestamp) {
      out.write(timestamp.toInstant().toString());
    } else if (value instanceof Instant instant) {
      out.write(instant.toString());
    } else if (value instanceof byte[] bytes) {
      out.write("\\x");
      out.write(HexFormat.of().formatHex(bytes));
    } else {
      // numbers, booleans (true/false), java.sql.Date and LocalDate (yyyy-mm-dd), LocalDateTime (ISO)
      out.write(value.toString());
    }
  }
}
