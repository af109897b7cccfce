package io.strata.layout.config;

import io.strata.layout.StrataException;
import java.util.List;

/** A pipeline config that cannot be used, with every problem found in it. */
public final class StrataConfigException extends StrataException {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigProblem> problems;

  public StrataConfigException(List<ConfigProblem> problems) {
    super(render(problems));
    this.problems = List.copyOf(problems);
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String render(List<ConfigProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a config exception needs at least one problem");
    }
    StringBuilder text = new StringBuilder();
    text.append(problems.size() == 1 ? "1 problem" : problems.size() + " problems").append(" in the pipeline config:");
    for (ConfigProblem problem : problems) {
      text.append(System.lineSeparator()).append("  - ").append(problem.render());
    }
    return text.toString();
  }
}
