"""Reads the sample dataset from object storage on the compose cluster and checks what it reads.

    spark-submit --master spark://spark-master:7077 read_sample.py s3://deeplake/sample

The connector comes from /opt/spark/jars and the S3 endpoint from spark-defaults.conf (both in the
image); exits non-zero if a result is wrong.
"""

import sys

from pyspark.sql import SparkSession

path = sys.argv[1] if len(sys.argv) > 1 else "s3://deeplake/sample"
spark = SparkSession.builder.appName("deeplake4j-read-sample").getOrCreate()

df = spark.read.format("deeplake").load(path)
df.printSchema()
assert df.count() == 10, df.count()
labels = [r.labels for r in df.select("_index", "labels").orderBy("_index").collect()]
assert labels == [i % 3 for i in range(10)], labels

relabel = spark.sql(f"SELECT count(*) AS n FROM deeplake.`{path}` VERSION AS OF 'relabel'").first().n
assert relabel == 8, relabel

imgs = spark.read.format("deeplake").option("decodeImages", "images").load(path)
sizes = [(r.height, r.width) for r in imgs.selectExpr("images.height", "images.width").collect()]
assert len(sizes) == 10 and all(h >= 12 and w >= 14 for h, w in sizes), sizes

executors = spark.sparkContext._jsc.sc().getExecutorMemoryStatus().size() - 1
print(f"OK: 10 rows, relabel has 8, images decoded on {executors} executors")
spark.stop()
