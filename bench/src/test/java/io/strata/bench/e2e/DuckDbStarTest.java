package io.strata.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class DuckDbStarTest {
  @Test
  void theMaskingInDuckDbsSqlIsStratasHmacSha256() throws Exception {
    for (String key : new String[] {"k", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "a key longer than one block: "
        + "x".repeat(80)}) {
      DuckDbStar star = new DuckDbStar(Path.of("in"), Path.of("db"), key);
      try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
          PreparedStatement query = duck.prepareStatement("SELECT " + star.hmac("v") + " FROM (SELECT ?::VARCHAR AS v)")) {
        for (String value : new String[] {"customer1@example.com", "", "Zoë Ünal <zoe@example.com>"}) {
          query.setString(1, value);
          try (ResultSet result = query.executeQuery()) {
            result.next();
            assertThat(result.getString(1)).as("key %s, value %s", key.length(), value).isEqualTo(javaHmac(key, value));
          }
        }
      }
    }
  }

  private static String javaHmac(String key, String value) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
  }
}
