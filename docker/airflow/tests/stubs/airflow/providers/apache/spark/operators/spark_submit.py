"""Stand-in for the apache-airflow-providers-apache-spark SparkSubmitOperator: the same
keyword arguments (an unknown one fails), kept for the test to read."""

from airflow import BaseOperator

_ARGUMENTS = {"application", "conf", "conn_id", "files", "py_files", "archives", "driver_class_path", "jars",
              "java_class", "packages", "exclude_packages", "repositories", "total_executor_cores", "executor_cores",
              "executor_memory", "driver_memory", "keytab", "principal", "proxy_user", "name", "num_executors",
              "status_poll_interval", "application_args", "env_vars", "verbose", "spark_binary", "properties_file",
              "yarn_queue", "deploy_mode", "use_krb5ccache"}


class SparkSubmitOperator(BaseOperator):
    def __init__(self, **kwargs):
        submit = {key: kwargs.pop(key) for key in list(kwargs) if key in _ARGUMENTS}
        super().__init__(**kwargs)
        self.application = submit.get("application", "")
        self.conn_id = submit.get("conn_id", "spark_default")
        self.java_class = submit.get("java_class")
        self.conf = submit.get("conf") or {}
        self.application_args = list(submit.get("application_args") or [])
        self.name = submit.get("name", "arrow-spark")
        self.env_vars = submit.get("env_vars")
