"""Minimal stand-ins for the Airflow classes strata_pipeline.py imports (Airflow cannot be
installed here). They keep what the DAG test checks: the task graph, retry settings and the
arguments each task passes; unknown keyword arguments fail, as Airflow's own classes do."""

from __future__ import annotations

from datetime import timedelta

_current_dag = []

_DAG_ARGUMENTS = {"dag_id", "description", "schedule", "start_date", "end_date", "catchup", "max_active_runs",
                  "max_active_tasks", "default_args", "tags", "doc_md", "dagrun_timeout", "params"}


class DAG:
    def __init__(self, dag_id, **kwargs):
        unknown = set(kwargs) - _DAG_ARGUMENTS
        if unknown:
            raise TypeError(f"DAG got unexpected arguments {sorted(unknown)}")
        self.dag_id = dag_id
        self.settings = kwargs
        self.default_args = kwargs.get("default_args") or {}
        self.task_dict = {}

    def __enter__(self):
        _current_dag.append(self)
        return self

    def __exit__(self, *exc):
        _current_dag.pop()
        return False

    def add_task(self, task):
        if task.task_id in self.task_dict:
            raise ValueError(f"duplicate task_id {task.task_id}")
        self.task_dict[task.task_id] = task


_BASE_OPERATOR_ARGUMENTS = {"task_id", "owner", "retries", "retry_delay", "retry_exponential_backoff", "max_retry_delay",
                            "execution_timeout", "pool", "queue", "priority_weight", "trigger_rule", "doc_md",
                            "depends_on_past", "sla", "email_on_failure", "email_on_retry", "dag"}


class BaseOperator:
    def __init__(self, *, task_id, **kwargs):
        unknown = set(kwargs) - _BASE_OPERATOR_ARGUMENTS
        if unknown:
            raise TypeError(f"{type(self).__name__} got unexpected arguments {sorted(unknown)}")
        if not _current_dag:
            raise RuntimeError(f"task {task_id} is created outside a DAG context")
        self.dag = _current_dag[-1]
        settings = {**self.dag.default_args, **kwargs}
        self.task_id = task_id
        self.retries = settings.get("retries", 0)
        self.retry_delay = settings.get("retry_delay", timedelta(seconds=300))
        self.retry_exponential_backoff = settings.get("retry_exponential_backoff", False)
        self.max_retry_delay = settings.get("max_retry_delay")
        self.upstream_task_ids = set()
        self.downstream_task_ids = set()
        self.dag.add_task(self)

    def _link(self, other):
        for task in other if isinstance(other, (list, tuple)) else [other]:
            self.downstream_task_ids.add(task.task_id)
            task.upstream_task_ids.add(self.task_id)

    def __rshift__(self, other):
        self._link(other)
        return other

    def __lshift__(self, other):
        for task in other if isinstance(other, (list, tuple)) else [other]:
            task._link(self)
        return other

    def __rrshift__(self, other):
        # [a, b] >> task
        self.__lshift__(other)
        return self

    def __rlshift__(self, other):
        # [a, b] << task
        self._link(other)
        return self
