/**
 * Object-store backends of the engine's storage SPI: {@link
 * org.deeplake4j.spark.storage.HadoopStorageProvider} serves {@code s3://}, {@code s3a://}, {@code
 * abfs://} and {@code abfss://} dataset URLs through Hadoop's S3A and ABFS file systems, with the
 * conditional writes of the commit protocol done by the stores' own REST requests (S3 {@code
 * PutObject} with {@code If-None-Match}/{@code If-Match}; Azure {@code Put Blob} likewise). Found
 * by the engine through {@link java.util.ServiceLoader}, so {@code Dataset.open("s3a://b/ds", ...)}
 * works whenever this module is on the class path.
 */
package org.deeplake4j.spark.storage;
