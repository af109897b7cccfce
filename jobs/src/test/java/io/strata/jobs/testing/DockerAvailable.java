package io.strata.jobs.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/** Runs a test class only where a Docker engine answers; says so on the console when it skips. */
public final class DockerAvailable implements ExecutionCondition {
  private static Boolean available;

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (isAvailable()) {
      return ConditionEvaluationResult.enabled("Docker engine found");
    }
    String reason = "no Docker engine found, so " + context.getDisplayName() + " is skipped (the S3Proxy suite still runs)";
    System.out.println("SKIPPED: " + reason);
    return ConditionEvaluationResult.disabled(reason);
  }

  private static synchronized boolean isAvailable() {
    if (available == null) {
      try {
        available = DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException e) {
        available = false;
      }
    }
    return available;
  }
}
