#!/bin/bash
# Runs once, on an empty data directory: the demo's source database (shop, with the demo
# customers), the warehouse Strata exports to, and Airflow's metadata database.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" <<'SQL'
CREATE DATABASE shop;
CREATE DATABASE warehouse;
CREATE DATABASE airflow;
SQL
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname shop -f /strata-demo/customers.sql
