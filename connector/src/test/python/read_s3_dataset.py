#!/usr/bin/env python3
"""Read a dataset on S3 (an emulator) with Python deeplake 3.9.52 and print a JSON summary.

Usage: read_s3_dataset.py URL ENDPOINT_URL   (credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)

Prints {"length": n, "commits": k, "id": [...], "text": [...], "label": [...], "emb_sum": [...]}
for the main branch, read through deeplake's own S3 provider (boto3) with
creds={"aws_access_key_id", "aws_secret_access_key", "endpoint_url"}.
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "engine", "src", "test", "python"))
import deeplake_env  # noqa: E402

dl = deeplake_env.import_deeplake()


def main() -> None:
    url, endpoint = sys.argv[1], sys.argv[2]
    creds = {
        "aws_access_key_id": os.environ["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": os.environ["AWS_SECRET_ACCESS_KEY"],
        "endpoint_url": endpoint,
        "aws_region": "us-east-1",
    }
    ds = dl.load(url, creds=creds, read_only=True, verbose=False)
    out = {
        "length": len(ds),
        "commits": len(ds.commits),
        "id": [int(x) for x in ds.id.numpy().reshape(-1)],
        "text": [str(t) for t in ds.text.numpy().reshape(-1)],
        "label": [int(x) for x in ds.label.numpy().reshape(-1)],
        "emb_sum": [float(x) for x in ds.emb.numpy().sum(axis=1)],
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
