package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Turns a secret reference from the config into its value. A reference is one of
 * <ul>
 *   <li>{@code env:NAME}: the environment variable NAME;
 *   <li>{@code secret:NAME}: the key NAME in the secrets file named by {@code secrets.file}
 *       (Java properties format);
 *   <li>{@code file:/path}: the whole content of a file, trimmed (Kubernetes and Docker secret mounts).
 * </ul>
 * A literal value is refused, so that no secret is ever committed with a config file.
 * Errors name the reference, never the value.
 */
public final class SecretResolver {
  private final Map<String, String> environment;
  private final Optional<Path> secretsFile;
  private final boolean checkValues;
  private Properties secretsFileContent;

  /**
   * @param checkValues when false, only the form of references is checked (for {@code validate
   *     --no-secrets} on a machine that lacks the pipeline's secrets); values are read on use
   */
  public SecretResolver(Map<String, String> environment, Optional<Path> secretsFile, boolean checkValues) {
    this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    this.secretsFile = requireNonNull(secretsFile, "secretsFile is null");
    this.checkValues = checkValues;
  }

  /** The secret, or a message saying why it cannot be had (without the value). */
  Resolution resolve(String reference) {
    return resolve(reference, checkValues);
  }

  /** As {@link #resolve(String)}, checking only the form: the value is looked up when it is used. */
  Resolution resolveForm(String reference) {
    return resolve(reference, false);
  }

  private Resolution resolve(String reference, boolean checkValues) {
    int colon = reference.indexOf(':');
    String kind = colon < 0 ? "" : reference.substring(0, colon);
    String name = colon < 0 ? "" : reference.substring(colon + 1).trim();
    if (!(kind.equals("env") || kind.equals("secret") || kind.equals("file")) || name.isEmpty()) {
      return Resolution.failed(
          "is a literal value (not shown); secrets are never written into config files",
          "export the value in an environment variable and write \"env:VARIABLE_NAME\", or use \"secret:KEY\" with secrets.file, or \"file:/path\"");
    }
    String safeReference = kind + ":" + name;
    Secret secret = new Secret(safeReference, () -> lookup(kind, name).orElseThrow(
        () -> new IllegalStateException(safeReference + " is not set")));
    if (checkValues) {
      Optional<String> problem = check(kind, name);
      if (problem.isPresent()) {
        return Resolution.failed(problem.get(), fixFor(kind, name));
      }
    } else if (kind.equals("secret") && secretsFile.isEmpty()) {
      return Resolution.failed("refers to the secrets file, but secrets.file is not set", fixFor(kind, name));
    }
    return new Resolution(Optional.of(secret), "", "");
  }

  private Optional<String> check(String kind, String name) {
    try {
      return lookup(kind, name).isPresent() ? Optional.empty() : Optional.of(missingMessage(kind, name));
    } catch (UncheckedIOException e) {
      return Optional.of(e.getMessage());
    }
  }

  private Optional<String> lookup(String kind, String name) {
    switch (kind) {
      case "env":
        return Optional.ofNullable(environment.get(name)).filter(value -> !value.isEmpty());
      case "secret":
        return Optional.ofNullable(secretsFile().getProperty(name)).map(String::trim).filter(value -> !value.isEmpty());
      case "file":
        Path path = Path.of(name);
        if (!Files.isReadable(path)) {
          return Optional.empty();
        }
        try {
          return Optional.of(Files.readString(path, StandardCharsets.UTF_8).trim()).filter(value -> !value.isEmpty());
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read secret file " + path + ": " + e.getClass().getSimpleName());
        }
      default:
        throw new IllegalArgumentException("unknown secret kind " + kind);
    }
  }

  private Properties secretsFile() {
    if (secretsFileContent == null) {
      Path path = secretsFile.orElseThrow(() -> new UncheckedIOException("secrets.file is not set"));
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read secrets.file " + path + " (" + e.getClass().getSimpleName() + ")");
      }
      secretsFileContent = properties;
    }
    return secretsFileContent;
  }

  private String missingMessage(String kind, String name) {
    return switch (kind) {
      case "env" -> "environment variable " + name + " is not set";
      case "secret" -> "key " + name + " is not in secrets.file " + secretsFile.map(Path::toString).orElse("(not set)");
      default -> "secret file " + name + " does not exist or is empty";
    };
  }

  private static String fixFor(String kind, String name) {
    return switch (kind) {
      case "env" -> "export " + name + " before running Strata";
      case "secret" -> "add " + name + "=... to the secrets file, or set secrets.file";
      default -> "create " + name + " with the secret as its only content";
    };
  }

  record Resolution(Optional<Secret> secret, String problem, String fix) {
    static Resolution failed(String problem, String fix) {
      return new Resolution(Optional.empty(), problem, fix);
    }
  }

  private static final class UncheckedIOException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncheckedIOException(String message) {
      super(message);
    }
  }
}
