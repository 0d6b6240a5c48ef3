/** The Apache Iceberg connector: a table sink and a streaming table source, format {@code iceberg}. */
package io.sluice.lakehouse;
