package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The IAM role S3A assumes through STS for {@code lake.s3.credentials = assumed-role}. The
 * credentials that call STS are the lake's access keys when set, else the default AWS chain.
 *
 * @param roleArn {@code arn:aws:iam::<12-digit account>:role/<name>}
 * @param sessionName the role session's name, seen in CloudTrail; S3A makes one up when empty
 * @param externalId the external id the role's trust policy asks for, if any
 * @param stsEndpoint an STS endpoint other than AWS's global one (a regional or private endpoint)
 */
public record AssumedRole(String roleArn, Optional<String> sessionName, Optional<String> externalId, Optional<String> stsEndpoint) {
  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws(-cn|-us-gov)?:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
  private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
  private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
  static final String[] KEYS = {"role-arn", "role-session-name", "external-id", "sts-endpoint"};

  public AssumedRole {
    requireNonNull(roleArn, "roleArn is null");
    requireNonNull(sessionName, "sessionName is null");
    requireNonNull(externalId, "externalId is null");
    requireNonNull(stsEndpoint, "stsEndpoint is null");
  }

  public static AssumedRole of(String roleArn) {
    return new AssumedRole(roleArn, Optional.empty(), Optional.empty(), Optional.empty());
  }

  static AssumedRole parse(SectionReader reader) {
    String arn = reader.optionalString("role-arn").orElse("");
    if (arn.isEmpty()) {
      reader.problem("role-arn", "is required with credentials = assumed-role",
          "set " + reader.keyPath("role-arn") + " = \"arn:aws:iam::123456789012:role/NAME\", the ARN of the role to assume");
    } else if (!ROLE_ARN.matcher(arn).matches()) {
      reader.problem("role-arn", "is '" + arn + "', not an IAM role ARN (arn:aws:iam::<12-digit account id>:role/<name>)",
          "copy the role's ARN from IAM, e.g. \"arn:aws:iam::123456789012:role/strata-lake\"");
    }
    Optional<String> sessionName = reader.optionalString("role-session-name");
    sessionName.filter(name -> !SESSION_NAME.matcher(name).matches()).ifPresent(name -> reader.problem("role-session-name",
        "is '" + name + "'; a session name has 2 to 64 letters, digits or +=,.@_-", "write e.g. role-session-name = strata-nightly"));
    Optional<String> externalId = reader.optionalString("external-id");
    externalId.filter(id -> !EXTERNAL_ID.matcher(id).matches()).ifPresent(id -> reader.problem("external-id",
        "has characters or a length STS does not accept (2 to 1224 of letters, digits, +=,.@:/_-)",
        "copy the external id from the role's trust policy"));
    Optional<String> stsEndpoint = reader.optionalString("sts-endpoint");
    stsEndpoint.filter(value -> !value.startsWith("http://") && !value.startsWith("https://"))
        .ifPresent(value -> reader.problem("sts-endpoint", "is '" + value + "', not an http:// or https:// URL",
            "write e.g. sts-endpoint = \"https://sts.eu-west-1.amazonaws.com\", or remove it to use AWS's global endpoint"));
    return new AssumedRole(arn, sessionName, externalId, stsEndpoint);
  }
}
