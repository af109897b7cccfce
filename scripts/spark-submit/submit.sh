#!/usr/bin/env bash
# Submits Strata to a Spark 4.1 cluster with $SPARK_HOME/bin/spark-submit.
#
#   submit.sh [spark-submit options] -- SUBCOMMAND --config FILE [strata options]
#
#   SPARK_HOME=/opt/spark scripts/spark-submit/submit.sh --master yarn --deploy-mode cluster \
#     -- run --config conf/cluster.conf --run-date 2026-03-01
#
# Options before "--" go to spark-submit as they are (--master, --deploy-mode, --conf,
# --executor-memory, ...). The config file is shipped with --files; in cluster deploy mode
# the driver reads the shipped copy. Secrets stay in the environment: in client mode the driver
# inherits it; in cluster mode name the variables to forward in STRATA_FORWARD_ENV
# ("WAREHOUSE_PASSWORD LAKE_SECRET"), which sets them for the YARN application master or the
# Kubernetes driver (their values then appear on the spark-submit command line; prefer your
# cluster's secret store, e.g. spark.kubernetes.driver.secretKeyRef.*, where you have one).
#
# Environment: SPARK_HOME (required), STRATA_APP_JAR (default jobs/target/strata-app.jar).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$(cd "$here/../.." && pwd)"
app_jar="${STRATA_APP_JAR:-$project/jobs/target/strata-app.jar}"

if [[ -z "${SPARK_HOME:-}" || ! -x "$SPARK_HOME/bin/spark-submit" ]]; then
  echo "submit.sh: set SPARK_HOME to a Spark 4.1 installation (\$SPARK_HOME/bin/spark-submit must exist)." >&2
  echo "submit.sh: without one, use scripts/spark-submit/strata-local." >&2
  exit 2
fi
if [[ ! -f "$app_jar" ]]; then
  echo "submit.sh: $app_jar is missing; build it with: mvn -B -DskipTests package" >&2
  exit 2
fi

spark_args=()
while [[ $# -gt 0 && "$1" != "--" ]]; do
  spark_args+=("$1")
  shift
done
if [[ $# -eq 0 ]]; then
  echo "usage: submit.sh [spark-submit options] -- SUBCOMMAND --config FILE [strata options]" >&2
  exit 2
fi
shift

deploy_mode="client"
for ((i = 0; i < ${#spark_args[@]}; i++)); do
  case "${spark_args[$i]}" in
    --deploy-mode) deploy_mode="${spark_args[$((i + 1))]:-client}" ;;
    --deploy-mode=*) deploy_mode="${spark_args[$i]#--deploy-mode=}" ;;
  esac
done

app_args=()
files=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --config)
      [[ $# -ge 2 ]] || { echo "submit.sh: --config needs a file" >&2; exit 2; }
      [[ -f "$2" ]] || { echo "submit.sh: config file $2 does not exist" >&2; exit 2; }
      files+=("$2")
      if [[ "$deploy_mode" == "cluster" ]]; then app_args+=("--config" "$(basename "$2")"); else app_args+=("--config" "$2"); fi
      shift 2 ;;
    *) app_args+=("$1"); shift ;;
  esac
done

flags="$(grep -v '^#' "$here/java17-flags" | grep -v '^[[:space:]]*$' | tr '\n' ' ')"
extra=(--conf "spark.driver.extraJavaOptions=$flags" --conf "spark.executor.extraJavaOptions=$flags")
if [[ ${#files[@]} -gt 0 ]]; then
  extra+=(--files "$(IFS=,; echo "${files[*]}")")
fi
if [[ "$deploy_mode" == "cluster" ]]; then
  for name in ${STRATA_FORWARD_ENV:-}; do
    value="${!name:-}"
    [[ -n "$value" ]] || { echo "submit.sh: STRATA_FORWARD_ENV names $name, which is not set" >&2; exit 2; }
    extra+=(--conf "spark.yarn.appMasterEnv.$name=$value" --conf "spark.kubernetes.driverEnv.$name=$value")
  done
fi

exec "$SPARK_HOME/bin/spark-submit" \
  --class io.strata.jobs.cli.StrataMain \
  --name "strata ${app_args[0]:-}" \
  "${extra[@]}" \
  "${spark_args[@]}" \
  "$app_jar" "${app_args[@]}"
