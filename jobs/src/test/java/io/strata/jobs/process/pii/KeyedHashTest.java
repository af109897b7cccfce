package io.strata.jobs.process.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class KeyedHashTest {
  private static final String KEY = "0123456789abcdef0123456789abcdef";

  @Test
  void everyDigestIsTheHmacOfItsOwnParts() throws Exception {
    KeyedHash hash = KeyedHash.of(KEY);
    for (String value : List.of("alice@example.com", "bob@example.com", "", "alice@example.com")) {
      assertThat(hex(hash.digest(bytes("email:"), bytes(value)))).isEqualTo(reference("email:" + value));
    }
    // RFC 4231, test case 2: key "Jefe".
    assertThat(hex(KeyedHash.of("Jefe").digest(bytes("what do ya want "), bytes("for nothing?"))))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void threadsAndSerializedCopiesDigestAlike() throws Exception {
    KeyedHash hash = copy(KeyedHash.of(KEY));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int thread = 0; thread < 4; thread++) {
        results.add(pool.submit(() -> {
          List<String> digests = new ArrayList<>();
          for (int i = 0; i < 2_000; i++) {
            digests.add(hex(hash.digest(bytes("v" + i))));
          }
          return digests;
        }));
      }
      for (Future<List<String>> result : results) {
        List<String> digests = result.get();
        assertThat(digests.get(0)).isEqualTo(reference("v0"));
        assertThat(digests.get(1_999)).isEqualTo(reference("v1999"));
        assertThat(digests).isEqualTo(results.get(0).get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static KeyedHash copy(KeyedHash hash) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      hash.digest(bytes("used before it is shipped"));
      out.writeObject(hash);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (KeyedHash) in.readObject();
    }
  }

  private static String reference(String value) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(bytes(KEY), "HmacSHA256"));
    return hex(mac.doFinal(bytes(value)));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }
}
