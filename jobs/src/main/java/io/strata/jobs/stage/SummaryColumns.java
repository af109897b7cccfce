package io.strata.jobs.stage;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The columns of one block of the summary table. Rows read, written and quarantined mean
 * something for the stages that move rows; quality counts its checks by outcome; maintain counts
 * the files it compacted, expired and vacuumed. The metrics a block shows in columns are left
 * out of its details.
 */
enum SummaryColumns {
  ROWS(List.of("rows read", "rows written", "quarantined"), List.of()) {
    @Override
    List<String> values(StageResult result) {
      return List.of(ResultTable.count(result.rowsRead()), ResultTable.count(result.rowsWritten()), ResultTable.count(result.rowsQuarantined()));
    }
  },
  QUALITY(List.of("rows checked", "passed", "warned", "failed"), List.of("checks", "pass", "warn", "fail")) {
    @Override
    List<String> values(StageResult result) {
      return List.of(ResultTable.count(result.rowsRead()), metric(result, "pass"), metric(result, "warn"), metric(result, "fail"));
    }
  },
  MAINTAIN(List.of("files compacted", "files expired", "bytes expired", "files vacuumed"),
      List.of("files_compacted", "files_expired", "bytes", "vacuum_files")) {
    @Override
    List<String> values(StageResult result) {
      return List.of(metric(result, "files_compacted"), metric(result, "files_expired"),
          ResultTable.bytes(result.metrics().getOrDefault("bytes", 0L)), metric(result, "vacuum_files"));
    }
  };

  private final List<String> counts;
  private final Set<String> shownMetrics;

  SummaryColumns(List<String> counts, List<String> shownMetrics) {
    this.counts = counts;
    this.shownMetrics = Set.copyOf(shownMetrics);
  }

  static SummaryColumns of(Stage stage) {
    return switch (stage) {
      case QUALITY -> QUALITY;
      case MAINTAIN -> MAINTAIN;
      default -> ROWS;
    };
  }

  /** The values of the count columns, in the order of their headings. */
  abstract List<String> values(StageResult result);

  String[] header() {
    return row("stage", "target", counts, "time", "details");
  }

  /** The count columns and time, right-aligned as numbers are. */
  Set<Integer> rightAligned() {
    return Set.copyOf(IntStream.rangeClosed(2, 2 + counts.size()).boxed().toList());
  }

  String[] row(StageResult result) {
    return row(result.stage().cliName(), result.target(), values(result), ResultTable.format(result.duration()),
        ResultTable.details(result.metrics(), shownMetrics));
  }

  /** The failure's reason in the details column; its counts are unknown, so they stay empty. */
  String[] row(StageFailure failure) {
    return row(failure.stage().cliName(), failure.target(), counts.stream().map(heading -> "").toList(),
        failure.duration().map(ResultTable::format).orElse(""), "FAILED: " + failure.reason());
  }

  private static String[] row(String stage, String target, List<String> counts, String time, String details) {
    String[] row = new String[counts.size() + 4];
    row[0] = stage;
    row[1] = target;
    for (int i = 0; i < counts.size(); i++) {
      row[2 + i] = counts.get(i);
    }
    row[2 + counts.size()] = time;
    row[3 + counts.size()] = details;
    return row;
  }

  private static String metric(StageResult result, String name) {
    return ResultTable.count(result.metrics().getOrDefault(name, 0L));
  }
}
