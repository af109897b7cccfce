package io.strata.jobs.ingest.kafka;

import java.util.List;

/** The columns every raw row of a Kafka source carries next to Strata's own metadata columns. */
public final class KafkaColumns {
  public static final String TOPIC = "_topic";
  public static final String PARTITION = "_partition";
  public static final String OFFSET = "_offset";
  public static final String TIMESTAMP = "_kafka_timestamp";
  /** The message key as UTF-8 text (null for a message without a key). */
  public static final String KEY = "_key";
  /** The message headers, in order: {@code array<struct<key: string, value: string>>}. */
  public static final String HEADERS = "_headers";
  public static final List<String> ALL = List.of(TOPIC, PARTITION, OFFSET, TIMESTAMP, KEY, HEADERS);

  private KafkaColumns() {}
}
