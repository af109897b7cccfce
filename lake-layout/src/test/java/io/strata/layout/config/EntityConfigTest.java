package io.strata.layout.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntityConfigTest {
  private static final String SOURCES = "lake.root = lake\nsources.shop_db { type = file, path = x }\n";

  @TempDir Path dir;

  private PipelineConfig load(String text, Map<String, String> env) throws IOException {
    return new PipelineConfigLoader(env, true).load(Files.writeString(dir.resolve("p.conf"), SOURCES + text));
  }

  @Test
  void mapsAnEntityWithColumnsAndPiiRules() throws IOException {
    PipelineConfig config = load("""
        pii { key = "env:PII_KEY", key-id = "2026-03", sample-size = 500, threshold-percent = 90 }
        entities.customers {
          source = shop_db
          key = [customer_id]
          change-order = updated_at
          rename { "CustName" = name }
          drop = [internal_note]
          null-tokens = ["", "n/a"]
          time-zone = "Europe/Berlin"
          columns {
            customer_id { type = bigint, nullable = false }
            name = string
            email { type = string, pii = hmac }
            phone { pii { method = mask, keep = 2, mask-char = "#" } }
            card { pii { method = tokenize } }
            ip { pii = none }
            updated_at { type = timestamp, format = "yyyy-MM-dd HH:mm:ss" }
            amount = "decimal(12, 2)"
          }
          drift { new-columns = evolve, missing-columns = fill-null }
          full-snapshot = true
        }
        """, Map.of("PII_KEY", "k"));

    EntityConfig entity = config.entities().get("customers");
    assertThat(entity.source()).isEqualTo("shop_db");
    assertThat(entity.key()).containsExactly("customer_id");
    assertThat(entity.changeOrder()).hasValue("updated_at");
    assertThat(entity.renames()).containsExactly(Map.entry("CustName", "name"));
    assertThat(entity.drop()).containsExactly("internal_note");
    assertThat(entity.nullTokens()).containsExactly("", "n/a");
    assertThat(entity.timeZone()).isEqualTo("Europe/Berlin");
    assertThat(entity.columns()).extracting(ColumnSpec::name)
        .containsExactly("customer_id", "name", "email", "phone", "card", "ip", "updated_at", "amount");
    assertThat(entity.column("customer_id").orElseThrow().nullable()).isFalse();
    assertThat(entity.column("amount").orElseThrow().type()).isEqualTo("decimal(12,2)");
    assertThat(entity.column("name").orElseThrow().pii().method()).isEqualTo(PiiRule.UNSET);
    assertThat(entity.column("email").orElseThrow().pii().method()).isEqualTo("hmac");
    assertThat(entity.column("phone").orElseThrow().pii()).isEqualTo(new PiiRule("mask", "hex", 2, false, "#", "month", 10));
    assertThat(entity.column("ip").orElseThrow().pii().declaredSafe()).isTrue();
    assertThat(entity.column("updated_at").orElseThrow().format()).hasValue("yyyy-MM-dd HH:mm:ss");
    assertThat(entity.newColumns()).isEqualTo("evolve");
    assertThat(entity.missingColumns()).isEqualTo("fill-null");
    assertThat(entity.fullSnapshot()).isTrue();
    assertThat(config.pii().key().orElseThrow().reveal()).isEqualTo("k");
    assertThat(config.pii().keyId()).isEqualTo("2026-03");
    assertThat(config.pii().threshold()).isEqualTo(0.9);
  }

  @Test
  void defaultsToStrictDriftSnakeCaseAndCommonNullTokens() throws IOException {
    EntityConfig entity = load("entities.orders { source = shop_db, key = id, columns { id = bigint } }", Map.of())
        .entities().get("orders");

    assertThat(entity.snakeCase()).isTrue();
    assertThat(entity.newColumns()).isEqualTo("fail");
    assertThat(entity.missingColumns()).isEqualTo("fail");
    assertThat(entity.nullTokens()).containsExactly("", "NULL", "null", "N/A");
    assertThat(entity.changeOrder()).isEmpty();
    assertThat(entity.timeZone()).isEqualTo("UTC");
    assertThat(entity.fullSnapshot()).isFalse();
  }

  @Test
  void reportsEntityMistakes() {
    String message = catchThrowableOfType(StrataConfigException.class, () -> load("""
        entities.orders {
          source = shop_bd
          key = [order_id]
          change-order = updated
          columns { id = bigint, amount = money, email { pii = hash } }
          drift { new-columns = add }
        }
        """, Map.of())).getMessage();

    assertThat(message)
        .contains("entities.orders.source: is 'shop_bd', which is not a configured source. Fix: did you mean 'shop_db'?")
        .contains("entities.orders.key: names 'order_id', which is not a declared column")
        .contains("entities.orders.change-order: names 'updated', which is not a declared column")
        .contains("entities.orders.columns.amount").contains("is 'money', not a supported type")
        .contains("entities.orders.columns.email.pii: is 'hash', which is not one of none, hmac")
        .contains("entities.orders.drift.new-columns: is 'add', which is not one of evolve, ignore, fail");
  }

  @Test
  void keyedMaskingNeedsAKey() {
    String message = catchThrowableOfType(StrataConfigException.class,
        () -> load("entities.c { source = shop_db, key = id, columns { id = bigint, email { pii = hmac } } }", Map.of())).getMessage();

    assertThat(message).contains("pii: has no key, but a column is masked with hmac or tokenize")
        .contains("add pii { key = \"env:STRATA_PII_KEY\" }");
  }
}
