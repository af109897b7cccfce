#!/bin/bash
# LocalStack runs this once S3 is ready: the lake bucket conf/docker.conf names.
set -euo pipefail
awslocal s3 mb s3://strata-lake
