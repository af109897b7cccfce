package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueFactory;
import io.strata.layout.LakeNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a pipeline config: HOCON with {@code include}s, {@code ${?ENV}} and {@code ${vars.x}}
 * substitution (a top-level {@code vars} section holds shared values and is not checked), parsed
 * once into a {@link PipelineConfig}. Every problem found is reported in one
 * {@link StrataConfigException}, each with file, line, key and fix.
 */
public final class PipelineConfigLoader {
  private final Map<String, String> environment;
  private final boolean checkSecretValues;

  /**
   * @param environment the variables {@code ${?ENV}} and {@code env:NAME} secrets read
   * @param checkSecretValues false to check only the form of secret references
   */
  public PipelineConfigLoader(Map<String, String> environment, boolean checkSecretValues) {
    this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
    this.checkSecretValues = checkSecretValues;
  }

  public static PipelineConfigLoader fromSystemEnvironment() {
    return new PipelineConfigLoader(System.getenv(), true);
  }

  public PipelineConfig load(Path file) {
    requireNonNull(file, "file is null");
    Config parsed = parse(file);
    Config config = resolve(parsed);
    ConfigProblems problems = new ConfigProblems();
    SecretResolver secrets = new SecretResolver(environment, secretsFile(config, file), checkSecretValues);
    SectionReader root = new SectionReader(config, "", parsed.origin(), problems, secrets);

    String name = root.string("name", defaultName(file));
    if (!LakeNames.isValid(name)) {
      root.problem("name", "is '" + name + "', not a plain name",
          "use lower-case letters, digits and '_', starting with a letter");
    }
    // Shared values for ${vars.x} substitutions (resolved above); free-form, so never finished.
    root.subsection("vars");
    root.subsection("secrets").ifPresent(section -> {
      section.optionalString("file");
      section.finish();
    });
    LakeConfig lake = root.section("lake", LakeConfig::parse).orElseGet(() -> {
      root.problem("lake", "is required but not set", "add lake { root = \"s3a://bucket/prefix\" } (or a local path)");
      return null;
    });
    SparkSettings spark = root.section("spark", SparkSettings::parse).orElse(SparkSettings.defaults());
    Map<String, SourceConfig> sources = root.subsection("sources").map(section -> {
      Map<String, SourceConfig> entries = SourceConfig.parseAll(section);
      section.finish();
      return entries;
    }).orElse(Map.of());
    Map<String, TableDocs> docs = new java.util.LinkedHashMap<>();
    Map<String, EntityConfig> entities = root.subsection("entities").map(section -> {
      Map<String, EntityConfig> entries = EntityConfig.parseAll(section, sources, docs);
      section.finish();
      return entries;
    }).orElse(Map.of());
    PiiSettings pii = root.section("pii", PiiSettings::parse).orElse(PiiSettings.defaults());
    boolean keyed = entities.values().stream().flatMap(entity -> entity.columns().stream())
        .anyMatch(column -> column.pii().method().equals("hmac") || column.pii().method().equals("tokenize"));
    if (keyed && !config.hasPath("pii.key")) {
      root.problem("pii", "has no key, but a column is masked with hmac or tokenize",
          "add pii { key = \"env:STRATA_PII_KEY\" } and export a long random value in STRATA_PII_KEY");
    }
    ModelConfig model = root.subsection("model").map(section -> {
      ModelConfig parsedModel = ModelConfig.parse(section, entities, docs);
      section.finish();
      return parsedModel;
    }).orElse(ModelConfig.empty());
    // After the model: the export names its tables.
    Optional<WarehouseConfig> warehouse = root.section("warehouse", section -> WarehouseConfig.parse(section, model));
    QualityConfig quality = root.section("quality", section -> QualityConfig.parse(section, entities, model)).orElse(QualityConfig.empty());
    AlertsConfig alerts = root.section("alerts", AlertsConfig::parse).orElse(AlertsConfig.none());
    MetricsConfig metrics = root.section("metrics", MetricsConfig::parse).orElse(MetricsConfig.defaults());
    LineageConfig lineage = root.section("lineage", section -> LineageConfig.parse(section, name)).orElse(LineageConfig.none());
    CatalogConfig catalog = root.section("catalog", section -> CatalogConfig.parse(section, docs))
        .orElse(new CatalogConfig("session", Optional.empty(), "", docs));
    root.finish();
    problems.throwIfAny();
    return new PipelineConfig(name, file.toAbsolutePath().normalize(), lake, spark, warehouse, sources, entities, pii, model, quality, alerts, metrics, lineage, catalog);
  }

  private static Config parse(Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw single(file.toString(), "", "config file does not exist or cannot be read",
          "check the --config path (working directory: " + Path.of("").toAbsolutePath() + ")");
    }
    try {
      return ConfigFactory.parseFile(file.toFile(),
          ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
    } catch (ConfigException e) {
      throw single(ConfigProblems.location(e.origin()), "", stripOrigin(e), "correct the HOCON syntax at that line");
    }
  }

  private Config resolve(Config parsed) {
    try {
      // Substitutions see the given environment only, so tests and embedders control it; the
      // variables are a fallback during resolution and are not kept as settings afterwards.
      Config merged = parsed.withFallback(ConfigValueFactory.fromMap(environment, "environment variables").toConfig())
          .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
      Config resolved = ConfigFactory.empty(parsed.origin().description());
      for (String key : parsed.root().keySet()) {
        if (merged.root().containsKey(key)) {
          resolved = resolved.withValue(ConfigUtil.quoteString(key), merged.root().get(key));
        }
      }
      return resolved;
    } catch (ConfigException.UnresolvedSubstitution e) {
      throw single(ConfigProblems.location(e.origin()), "", stripOrigin(e),
          "export that environment variable, or write ${?NAME} to make it optional");
    } catch (ConfigException e) {
      throw single(ConfigProblems.location(e.origin()), "", stripOrigin(e), "correct the substitution");
    }
  }

  private static Optional<Path> secretsFile(Config config, Path file) {
    if (!config.hasPath("secrets.file")) {
      return Optional.empty();
    }
    try {
      Path path = Path.of(config.getString("secrets.file"));
      Path base = Optional.ofNullable(file.toAbsolutePath().getParent()).orElse(Path.of(""));
      return Optional.of(path.isAbsolute() ? path : base.resolve(path));
    } catch (ConfigException e) {
      return Optional.empty(); // the secrets section reader reports the wrong type
    }
  }

  private static String defaultName(Path file) {
    String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    String name = stem.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    return name.isEmpty() || !Character.isLetter(name.charAt(0)) ? "pipeline_" + name : name;
  }

  private static String stripOrigin(ConfigException e) {
    String message = e.getMessage();
    if (e.origin() != null) {
      String prefix = e.origin().description() + ": ";
      if (message.startsWith(prefix)) {
        message = message.substring(prefix.length());
      }
    }
    return message;
  }

  private static StrataConfigException single(String location, String key, String message, String fix) {
    return new StrataConfigException(List.of(new ConfigProblem(location, key, message, fix)));
  }
}
