package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reads one section of a pipeline config into typed values, and records every problem instead
 * of stopping at the first. Each key a section reads becomes known; {@link #finish()} reports the
 * others as unknown, with the nearest known key as a suggestion. A getter whose value is missing
 * or wrong returns a harmless placeholder: the loader throws before anyone uses it.
 */
public final class SectionReader {
  private final Config config;
  private final String path;
  private final ConfigOrigin origin;
  private final ConfigProblems problems;
  private final SecretResolver secrets;
  private final Set<String> known = new LinkedHashSet<>();

  SectionReader(Config config, String path, ConfigOrigin origin, ConfigProblems problems, SecretResolver secrets) {
    this.config = requireNonNull(config, "config is null");
    this.path = requireNonNull(path, "path is null");
    this.origin = requireNonNull(origin, "origin is null");
    this.problems = requireNonNull(problems, "problems is null");
    this.secrets = requireNonNull(secrets, "secrets is null");
  }

  /** The full key path of {@code key} in this section, e.g. {@code lake.s3.endpoint}. */
  public String keyPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public boolean has(String key) {
    known.add(key);
    return config.hasPath(quote(key));
  }

  /** Whether {@code key} holds a section {@code { ... }} rather than a value. */
  public boolean isSection(String key) {
    return has(key) && config.getValue(quote(key)).valueType() == ConfigValueType.OBJECT;
  }

  public String requiredString(String key, String fix) {
    return optionalString(key).orElseGet(() -> {
      missing(key, fix);
      return "";
    });
  }

  public String string(String key, String defaultValue) {
    return optionalString(key).orElse(defaultValue);
  }

  public Optional<String> optionalString(String key) {
    if (!has(key)) {
      return Optional.empty();
    }
    ConfigValue value = config.getValue(quote(key));
    if (value.valueType() == ConfigValueType.OBJECT || value.valueType() == ConfigValueType.LIST) {
      problem(key, "must be a single value, not " + describe(value.valueType()), "write " + key + " = \"...\"");
      return Optional.empty();
    }
    if (value.valueType() == ConfigValueType.NULL) {
      return Optional.empty();
    }
    String text = String.valueOf(value.unwrapped()).trim();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  /** One of {@code allowed}, compared without case; the result is lower case. */
  public String choice(String key, String defaultValue, Collection<String> allowed) {
    String value = string(key, defaultValue).toLowerCase(java.util.Locale.ROOT);
    if (!allowed.contains(value)) {
      problem(key, "is '" + value + "', which is not one of " + String.join(", ", allowed),
          suggestion(value, allowed).map(s -> "did you mean '" + s + "'?").orElse("use one of " + String.join(", ", allowed)));
      return defaultValue;
    }
    return value;
  }

  public int integer(String key, int defaultValue, int min, int max) {
    if (!has(key)) {
      return defaultValue;
    }
    try {
      int value = config.getInt(quote(key));
      if (value < min || value > max) {
        problem(key, "is " + value + ", outside " + min + ".." + max, "choose a value from " + min + " to " + max);
        return defaultValue;
      }
      return value;
    } catch (ConfigException.WrongType e) {
      problem(key, "must be a whole number", "write " + key + " = " + defaultValue);
      return defaultValue;
    }
  }

  public boolean bool(String key, boolean defaultValue) {
    if (!has(key)) {
      return defaultValue;
    }
    try {
      return config.getBoolean(quote(key));
    } catch (ConfigException.WrongType e) {
      problem(key, "must be true or false", "write " + key + " = " + defaultValue);
      return defaultValue;
    }
  }

  /** A HOCON duration ({@code 30s}, {@code 10 minutes}); whole milliseconds at least {@code min}. */
  public java.time.Duration duration(String key, java.time.Duration defaultValue, java.time.Duration min) {
    if (!has(key)) {
      return defaultValue;
    }
    try {
      java.time.Duration value = config.getDuration(quote(key));
      if (value.compareTo(min) < 0) {
        problem(key, "is " + value + ", below the minimum " + min, "write a longer duration, e.g. " + key + " = 30s");
        return defaultValue;
      }
      return value;
    } catch (ConfigException.BadValue | ConfigException.WrongType e) {
      problem(key, "is not a duration", "write e.g. " + key + " = 30s, 500ms or \"10 minutes\"");
      return defaultValue;
    }
  }

  /** A list of strings; a single string is a list of one ({@code cursor = id} or {@code cursor = [updated_at, id]}). */
  public List<String> stringList(String key) {
    if (!has(key)) {
      return List.of();
    }
    ConfigValue value = config.getValue(quote(key));
    if (value.valueType() == ConfigValueType.LIST) {
      List<String> result = new ArrayList<>();
      for (ConfigValue item : config.getList(quote(key))) {
        if (item.valueType() == ConfigValueType.OBJECT || item.valueType() == ConfigValueType.LIST) {
          problem(key, "must be a list of names", "write " + key + " = [a, b]");
          return List.of();
        }
        result.add(String.valueOf(item.unwrapped()).trim());
      }
      return List.copyOf(result);
    }
    return optionalString(key).map(List::of).orElse(List.of());
  }

  /** A secret reference ({@code env:NAME}, {@code secret:KEY}, {@code file:/path}), resolved. */
  public Optional<Secret> optionalSecret(String key) {
    return optionalString(key).flatMap(reference -> {
      SecretResolver.Resolution resolution = secrets.resolve(reference);
      if (resolution.secret().isEmpty()) {
        problem(key, resolution.problem(), resolution.fix());
      }
      return resolution.secret();
    });
  }

  /**
   * A secret only one stage needs: its reference is checked now, its value when that stage runs
   * (so {@code validate} and the other stages work on a machine without it).
   */
  public Secret requiredDeferredSecret(String key, String fix) {
    if (!has(key)) {
      missing(key, fix);
      return Secret.of("missing", "");
    }
    return optionalString(key).flatMap(reference -> {
      SecretResolver.Resolution resolution = secrets.resolveForm(reference);
      if (resolution.secret().isEmpty()) {
        problem(key, resolution.problem(), resolution.fix());
      }
      return resolution.secret();
    }).orElseGet(() -> Secret.of("invalid", ""));
  }

  public Secret requiredSecret(String key, String fix) {
    if (!has(key)) {
      missing(key, fix);
      return Secret.of("missing", "");
    }
    return optionalSecret(key).orElseGet(() -> Secret.of("invalid", ""));
  }

  /**
   * A flat map of settings such as {@code spark.conf}; dotted keys may be quoted or not
   * ({@code "spark.sql.ansi.enabled" = true} and {@code spark.sql.ansi.enabled = true} are the same).
   */
  public Map<String, String> stringMap(String key) {
    if (!has(key)) {
      return Map.of();
    }
    if (config.getValue(quote(key)).valueType() != ConfigValueType.OBJECT) {
      problem(key, "must be an object of settings", "write " + key + " { \"some.setting\" = \"value\" }");
      return Map.of();
    }
    Map<String, String> result = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> entry : config.getConfig(quote(key)).entrySet()) {
      String name = String.join(".", ConfigUtil.splitPath(entry.getKey()));
      result.put(name, String.valueOf(entry.getValue().unwrapped()));
    }
    return result;
  }

  /** A nested section, parsed by {@code parser}; empty when the key is absent. */
  public <T> Optional<T> section(String key, Function<SectionReader, T> parser) {
    return subsection(key).map(reader -> {
      T result = parser.apply(reader);
      reader.finish();
      return result;
    });
  }

  /** A nested section that the caller reads and finishes itself. */
  public Optional<SectionReader> subsection(String key) {
    if (!has(key)) {
      return Optional.empty();
    }
    ConfigValue value = config.getValue(quote(key));
    if (value.valueType() != ConfigValueType.OBJECT) {
      problem(key, "must be a section { ... }, not " + describe(value.valueType()), "write " + key + " { ... }");
      return Optional.empty();
    }
    return Optional.of(new SectionReader(config.getConfig(quote(key)), keyPath(key), value.origin(), problems, secrets));
  }

  /** The names of the entries of a section of named items (e.g. sources), in the order the file lists them. */
  public List<String> entryNames() {
    List<String> names = new ArrayList<>(config.root().keySet());
    names.sort(java.util.Comparator
        .comparing((String name) -> String.valueOf(config.root().get(name).origin().filename()))
        .thenComparingInt(name -> config.root().get(name).origin().lineNumber()));
    return names;
  }

  /** The line of the file that set {@code key}: entries on one line have no order of their own (HOCON keeps none). */
  public int lineOf(String key) {
    return config.root().get(key).origin().lineNumber();
  }

  /** The directory of the file that set {@code key}, to resolve relative paths the way a reader expects. */
  public Optional<Path> directoryOf(String key) {
    ConfigOrigin valueOrigin = has(key) ? config.getValue(quote(key)).origin() : origin;
    return Optional.ofNullable(valueOrigin.filename()).map(name -> Path.of(name).toAbsolutePath().getParent());
  }

  public void problem(String key, String message, String fix) {
    ConfigOrigin where = config.hasPath(quote(key)) ? config.getValue(quote(key)).origin() : origin;
    problems.add(new ConfigProblem(ConfigProblems.location(where), keyPath(key), message, fix));
  }

  private void missing(String key, String fix) {
    problems.add(new ConfigProblem(ConfigProblems.location(origin), keyPath(key),
        "is required but not set" + (path.isEmpty() ? "" : " in section " + path), fix));
  }

  /** Reports the keys of this section that no getter asked for. */
  public void finish() {
    Map<String, ConfigValue> unknown = new LinkedHashMap<>(config.root());
    unknown.keySet().removeAll(known);
    unknown.forEach((key, value) -> problems.add(new ConfigProblem(
        ConfigProblems.location(value.origin()), keyPath(key), "is not a known setting",
        suggestion(key, known).map(s -> "did you mean '" + keyPath(s) + "'?")
            .orElse("remove it; known settings here: " + String.join(", ", known)))));
  }

  static Optional<String> suggestion(String key, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = EditDistance.between(key.toLowerCase(java.util.Locale.ROOT), candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int tolerance = Math.max(2, key.length() / 3);
    return bestDistance <= tolerance ? Optional.of(best) : Optional.empty();
  }

  private static String quote(String key) {
    return ConfigUtil.quoteString(key);
  }

  private static String describe(ConfigValueType type) {
    return switch (type) {
      case OBJECT -> "a section";
      case LIST -> "a list";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case STRING -> "a string";
    };
  }
}
