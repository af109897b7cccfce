"""Loads docker/airflow/dags/strata_pipeline.py against the stand-ins in stubs/ and checks the
task graph, the retry policy and each task's spark-submit arguments.

    python3 docker/airflow/tests/test_strata_pipeline.py

With STRATA_DAG_TASKS_OUT=FILE it also writes every task's application, class and arguments
(default Variables) as JSON, which DagCliAgreementIT feeds to Strata's real command line.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import unittest
from datetime import timedelta
from pathlib import Path
from unittest import mock

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[2]
DAG_FILE = HERE.parent / "dags" / "strata_pipeline.py"
sys.path.insert(0, str(HERE / "stubs"))

DEMO_SOURCES = ["orders_files", "stores_files", "shop_db", "catalog_api"]
LATER_STAGES = ["process", "model", "quality", "export"]


def load_dag(**variables):
    """Imports the DAG file afresh with these Airflow Variables set (AIRFLOW_VAR_*)."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("AIRFLOW_VAR_")}
    environment.update({"AIRFLOW_VAR_" + name.upper(): value for name, value in variables.items()})
    with mock.patch.dict(os.environ, environment, clear=True):
        spec = importlib.util.spec_from_file_location("strata_pipeline", DAG_FILE)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return module.dag


class TaskGraphTest(unittest.TestCase):
    def setUp(self):
        self.dag = load_dag()
        self.tasks = self.dag.task_dict

    def test_one_ingest_task_per_demo_source_then_the_later_stages_in_order(self):
        ingest = ["ingest_" + source for source in DEMO_SOURCES]
        self.assertEqual(sorted(self.tasks), sorted(ingest + LATER_STAGES))
        for task_id in ingest:
            self.assertEqual(self.tasks[task_id].upstream_task_ids, set(), task_id + " runs in parallel with the others")
            self.assertEqual(self.tasks[task_id].downstream_task_ids, {"process"})
        self.assertEqual(self.tasks["process"].upstream_task_ids, set(ingest))
        self.assertEqual(self.tasks["model"].upstream_task_ids, {"process"})
        self.assertEqual(self.tasks["quality"].upstream_task_ids, {"model"})
        self.assertEqual(self.tasks["export"].upstream_task_ids, {"quality"})
        self.assertEqual(self.tasks["export"].downstream_task_ids, set())

    def test_runs_daily_one_run_at_a_time(self):
        self.assertEqual(self.dag.dag_id, "strata_pipeline")
        self.assertEqual(self.dag.settings["schedule"], "@daily")
        self.assertEqual(self.dag.settings["max_active_runs"], 1)
        self.assertFalse(self.dag.settings["catchup"])

    def test_ingest_retries_twice_with_exponential_backoff(self):
        for source in DEMO_SOURCES:
            task = self.tasks["ingest_" + source]
            self.assertEqual(task.retries, 2)
            self.assertTrue(task.retry_exponential_backoff)
            self.assertEqual(task.retry_delay, timedelta(minutes=1))
            self.assertEqual(task.max_retry_delay, timedelta(minutes=10))

    def test_later_stages_retry_once_without_backoff(self):
        for stage in LATER_STAGES:
            task = self.tasks[stage]
            self.assertEqual(task.retries, 1, stage)
            self.assertFalse(task.retry_exponential_backoff, stage)

    def test_every_task_submits_the_application_jar_with_the_run_date_of_the_logical_date(self):
        for task_id, task in self.tasks.items():
            self.assertEqual(task.application, "/opt/strata/strata-app.jar")
            self.assertEqual(task.java_class, "io.strata.jobs.cli.StrataMain")
            self.assertEqual(task.conn_id, "strata_spark")
            self.assertIn("--run-date", task.application_args)
            self.assertEqual(task.application_args[task.application_args.index("--run-date") + 1], "{{ ds }}")
            self.assertEqual(task.application_args[task.application_args.index("--config") + 1], "/opt/strata/conf/demo.conf")
        self.assertEqual(self.tasks["ingest_shop_db"].application_args,
                         ["ingest", "--config", "/opt/strata/conf/demo.conf", "--run-date", "{{ ds }}", "--source", "shop_db"])
        self.assertEqual(self.tasks["model"].application_args[0], "model")

    def test_spark_gets_the_same_java17_flags_as_the_scripts(self):
        lines = (PROJECT / "scripts" / "spark-submit" / "java17-flags").read_text().splitlines()
        flags = " ".join(line.strip() for line in lines if line.strip() and not line.startswith("#"))
        for task in self.tasks.values():
            self.assertEqual(task.conf["spark.driver.extraJavaOptions"], flags)
            self.assertEqual(task.conf["spark.executor.extraJavaOptions"], flags)


class VariablesTest(unittest.TestCase):
    def test_sources_jar_config_and_spark_settings_come_from_variables(self):
        dag = load_dag(strata_sources='["shop_db"]', strata_app_jar="/jars/strata.jar", strata_config="/etc/strata/prod.conf",
                       strata_spark_conf='{"spark.executor.memory": "4g"}')
        self.assertEqual(sorted(dag.task_dict), sorted(["ingest_shop_db"] + LATER_STAGES))
        process = dag.task_dict["process"]
        self.assertEqual(process.application, "/jars/strata.jar")
        self.assertEqual(process.application_args, ["process", "--config", "/etc/strata/prod.conf", "--run-date", "{{ ds }}"])
        self.assertEqual(process.conf["spark.executor.memory"], "4g")
        self.assertIn("spark.driver.extraJavaOptions", process.conf)

    def test_a_sources_variable_that_is_not_a_json_list_names_the_variable(self):
        with self.assertRaisesRegex(ValueError, "Airflow Variable strata_sources is not JSON"):
            load_dag(strata_sources="shop_db, catalog_api")
        with self.assertRaisesRegex(ValueError, "strata_sources must be a non-empty JSON list"):
            load_dag(strata_sources="[]")
        with self.assertRaisesRegex(ValueError, r"\['Shop DB'\] are not source names"):
            load_dag(strata_sources='["Shop DB"]')

    def test_a_spark_conf_variable_that_is_not_an_object_names_the_variable(self):
        with self.assertRaisesRegex(ValueError, "strata_spark_conf must be a JSON object"):
            load_dag(strata_spark_conf='["spark.executor.memory"]')


def write_tasks(path):
    tasks = {task_id: {"application": task.application, "java_class": task.java_class, "application_args": task.application_args}
             for task_id, task in load_dag().task_dict.items()}
    Path(path).write_text(json.dumps(tasks, indent=2))


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    if not result.wasSuccessful():
        sys.exit(1)
    if os.environ.get("STRATA_DAG_TASKS_OUT"):
        write_tasks(os.environ["STRATA_DAG_TASKS_OUT"])
