"""Stand-in for airflow.models.Variable: AIRFLOW_VAR_<NAME> environment variables first, as
Airflow reads them, then the default."""

import os


class Variable:
    _unset = object()

    @classmethod
    def get(cls, key, default_var=_unset, deserialize_json=False):
        value = os.environ.get("AIRFLOW_VAR_" + key.upper())
        if value is None:
            if default_var is cls._unset:
                raise KeyError(f"Variable {key} does not exist")
            return default_var
        return value
