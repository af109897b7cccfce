package io.strata.jobs.ingest.rest;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Optional;

/**
 * Orders watermark values: numerically when both are numbers, by instant when both are ISO
 * timestamps with an offset (so {@code 10:00+02:00} sorts before {@code 09:00Z}), else as strings,
 * which is right for ISO dates and for ISO timestamps written in one zone.
 */
final class WatermarkOrder implements Comparator<String> {
  static final WatermarkOrder INSTANCE = new WatermarkOrder();

  private WatermarkOrder() {}

  @Override
  public int compare(String a, String b) {
    Optional<BigDecimal> numberA = number(a);
    Optional<BigDecimal> numberB = number(b);
    if (numberA.isPresent() && numberB.isPresent()) {
      return numberA.get().compareTo(numberB.get());
    }
    Optional<OffsetDateTime> timeA = timestamp(a);
    Optional<OffsetDateTime> timeB = timestamp(b);
    if (timeA.isPresent() && timeB.isPresent()) {
      int byInstant = timeA.get().toInstant().compareTo(timeB.get().toInstant());
      return byInstant != 0 ? byInstant : a.compareTo(b);
    }
    return a.compareTo(b);
  }

  private static Optional<BigDecimal> number(String text) {
    if (text.isEmpty() || !(Character.isDigit(text.charAt(0)) || text.charAt(0) == '-' || text.charAt(0) == '+')) {
      return Optional.empty();
    }
    try {
      return Optional.of(new BigDecimal(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<OffsetDateTime> timestamp(String text) {
    try {
      return Optional.of(OffsetDateTime.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
