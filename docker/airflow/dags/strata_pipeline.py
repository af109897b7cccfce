"""Strata's pipeline as an Airflow DAG: ingest (one task per source, in parallel), then
process, model, quality and export, each a spark-submit of the Strata application jar.

Every task runs one Strata stage for the run's logical date (``--run-date {{ ds }}``). Every
Strata job is idempotent, so a retry or a cleared task re-runs its date safely. Exit codes
(0 ok, 1 runtime failure, 2 bad config, 3 quality gate failed, 4 another run holds the pipeline's
lock) fail the task when not 0; the task's retries cover 4.

Airflow Variables (all optional; the defaults fit the Docker stack in docker/):

    strata_app_jar     path of strata-app.jar on the Airflow worker   /opt/strata/strata-app.jar
    strata_config      pipeline config (HOCON) on the Airflow worker  /opt/strata/conf/demo.conf
    strata_sources     JSON list of the sources to ingest             the demo's four sources
    strata_spark_conf  JSON object of extra Spark settings            {}

Connection ``strata_spark`` (type spark): the master, e.g. host ``spark://spark-master``,
port 7077, extra ``{"deploy-mode": "client"}``. Secrets (PII key, warehouse password) are
not Variables: the driver inherits them from the Airflow worker's environment (client mode).
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

from airflow import DAG
from airflow.models import Variable
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

STRATA_MAIN_CLASS = "io.strata.jobs.cli.StrataMain"
SPARK_CONNECTION = "strata_spark"
DEFAULT_APP_JAR = "/opt/strata/strata-app.jar"
DEFAULT_CONFIG = "/opt/strata/conf/demo.conf"
DEFAULT_SOURCES = ["orders_files", "stores_files", "shop_db", "catalog_api"]
AFTER_INGEST = ["process", "model", "quality", "export"]
RUN_DATE = "{{ ds }}"

# Spark 4.1 on Java 17 needs these on driver and executors (as scripts/spark-submit/java17-flags).
JAVA17_FLAGS = " ".join([
    "-XX:+IgnoreUnrecognizedVMOptions", "--add-modules=jdk.incubator.vector",
    "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
    "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
    "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
    "-Dio.netty.tryReflectionSetAccessible=true",
])

SOURCE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def strata_sources() -> list[str]:
    """The sources to ingest, from the strata_sources Variable (a JSON list of names)."""
    raw = Variable.get("strata_sources", default_var=json.dumps(DEFAULT_SOURCES))
    try:
        sources = json.loads(raw)
    except ValueError as error:
        raise ValueError(f"Airflow Variable strata_sources is not JSON ({error}); "
                         'set it to a list such as ["orders_files", "shop_db"]') from None
    if not isinstance(sources, list) or not sources or not all(isinstance(name, str) for name in sources):
        raise ValueError('Airflow Variable strata_sources must be a non-empty JSON list of source names, '
                         'such as ["orders_files", "shop_db"]')
    bad = [name for name in sources if not SOURCE_NAME.match(name)]
    if bad:
        raise ValueError(f"Airflow Variable strata_sources: {bad} are not source names "
                         "(lower-case letters, digits and _, as the keys under 'sources' in the config)")
    return sources


def spark_conf() -> dict[str, str]:
    """Java 17 flags plus any extra Spark settings from the strata_spark_conf Variable."""
    extra = json.loads(Variable.get("strata_spark_conf", default_var="{}"))
    if not isinstance(extra, dict):
        raise ValueError('Airflow Variable strata_spark_conf must be a JSON object such as {"spark.executor.memory": "4g"}')
    conf = {"spark.driver.extraJavaOptions": JAVA17_FLAGS, "spark.executor.extraJavaOptions": JAVA17_FLAGS}
    conf.update({str(key): str(value) for key, value in extra.items()})
    return conf


APP_JAR = Variable.get("strata_app_jar", default_var=DEFAULT_APP_JAR)
CONFIG = Variable.get("strata_config", default_var=DEFAULT_CONFIG)
SPARK_CONF = spark_conf()


def stage_task(task_id: str, arguments: list[str], **retry_policy) -> SparkSubmitOperator:
    return SparkSubmitOperator(
        task_id=task_id,
        conn_id=SPARK_CONNECTION,
        application=APP_JAR,
        java_class=STRATA_MAIN_CLASS,
        name=f"strata-{task_id}",
        conf=SPARK_CONF,
        application_args=arguments,
        **retry_policy,
    )


with DAG(
    dag_id="strata_pipeline",
    description="Strata: sources -> raw -> processed -> curated -> warehouse, one run per day",
    schedule="@daily",
    start_date=datetime(2026, 3, 1),
    catchup=False,
    # Stages of two run dates would MERGE into the same Delta tables at once: one run at a time.
    max_active_runs=1,
    default_args={"owner": "data-platform"},
    tags=["strata"],
) as dag:
    # A source is an outside system: give it time to recover (1, 2 minutes, ...).
    ingest = [
        stage_task(f"ingest_{source}",
                   ["ingest", "--config", CONFIG, "--run-date", RUN_DATE, "--source", source],
                   retries=2, retry_delay=timedelta(minutes=1), retry_exponential_backoff=True,
                   max_retry_delay=timedelta(minutes=10))
        for source in strata_sources()
    ]
    upstream = ingest
    for stage in AFTER_INGEST:
        task = stage_task(stage, [stage, "--config", CONFIG, "--run-date", RUN_DATE],
                          retries=1, retry_delay=timedelta(minutes=5))
        upstream >> task
        upstream = task
