package io.sluice.lakehouse.internal;

import io.sluice.api.AnalysisException;
import io.sluice.api.connector.ConnectorOptions;
import io.sluice.lakehouse.LakehouseOptions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * Names one table: a path-based table ({@link HadoopTables}) or a table of Iceberg's JDBC catalog.
 * Catalogs are shared per process (keyed by their properties), so their connection pools are
 * reused by every query and batch read; they live as long as the JVM.
 */
public final class TableLocator {
  private static final Map<Map<String, String>, Catalog> CATALOGS = new ConcurrentHashMap<>();

  private final String name;
  private final Configuration conf;
  private final Catalog catalog; // null for a path-based table

  private TableLocator(String name, Configuration conf, Catalog catalog) {
    this.name = name;
    this.conf = conf;
    this.catalog = catalog;
  }

  /**
   * Reads the table name ({@code path}) and catalog options.
   *
   * @param options the connector options
   * @return the locator
   * @throws AnalysisException if the name or the catalog options are missing or invalid
   */
  public static TableLocator from(ConnectorOptions options) {
    String name = options.get("path").orElseThrow(() -> new AnalysisException(
        "The iceberg format needs a table: call start(\"path/or/db.table\") / load(\"path/or/db.table\")"));
    Configuration conf = new Configuration();
    options.withPrefix(LakehouseOptions.HADOOP_PREFIX).forEach(conf::set);
    String kind = options.get(LakehouseOptions.CATALOG).toLowerCase(Locale.ROOT);
    if (kind.equals("hadoop")) {
      return new TableLocator(name, conf, null);
    }
    String warehouse = options.get(LakehouseOptions.CATALOG_WAREHOUSE);
    if (warehouse == null) {
      throw new AnalysisException("Option '" + LakehouseOptions.CATALOG_WAREHOUSE.key()
          + "' is required with iceberg.catalog=jdbc: the directory under which new tables are created");
    }
    if (TableIdentifier.parse(name).namespace().isEmpty()) {
      throw new AnalysisException("Table '" + name + "' of the jdbc catalog needs a namespace: name it 'db.table'");
    }
    Map<String, String> props = new LinkedHashMap<>();
    options.withPrefix(LakehouseOptions.CATALOG_PREFIX).forEach((k, v) -> {
      if (!k.equalsIgnoreCase("name")) {
        props.put(k, v);
      }
    });
    props.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse);
    String uri = options.get(LakehouseOptions.CATALOG_URI);
    props.put(CatalogProperties.URI, uri != null ? uri
        : "jdbc:sqlite:" + new java.io.File(warehouse, "sluice-catalog.db").getAbsolutePath());
    String catalogName = options.get(LakehouseOptions.CATALOG_NAME);
    Map<String, String> key = new LinkedHashMap<>(props);
    key.put("__name", catalogName);
    Catalog c = CATALOGS.computeIfAbsent(key, k -> {
      new java.io.File(warehouse).mkdirs();
      JdbcCatalog jdbc = new JdbcCatalog();
      jdbc.setConf(conf);
      jdbc.initialize(catalogName, props);
      return jdbc;
    });
    return new TableLocator(name, conf, c);
  }

  /** @return the table name as the user gave it */
  public String name() {
    return name;
  }

  /** @return the Hadoop configuration (from {@code iceberg.hadoop.*} options) */
  public Configuration conf() {
    return conf;
  }

  /**
   * Loads the table.
   *
   * @return the table, or empty if it does not exist
   */
  public Optional<Table> load() {
    if (catalog == null) {
      HadoopTables tables = new HadoopTables(conf);
      return tables.exists(name) ? Optional.of(tables.load(name)) : Optional.empty();
    }
    try {
      return Optional.of(catalog.loadTable(TableIdentifier.parse(name)));
    } catch (NoSuchTableException e) {
      return Optional.empty();
    }
  }

  /**
   * Creates the table, or loads it if another writer created it first.
   *
   * @param schema the schema
   * @param spec the partition spec
   * @param properties the table properties
   * @return the table
   */
  public Table create(Schema schema, PartitionSpec spec, Map<String, String> properties) {
    if (catalog == null) {
      HadoopTables tables = new HadoopTables(conf);
      try {
        return tables.create(schema, spec, properties, name);
      } catch (AlreadyExistsException e) {
        return tables.load(name);
      }
    }
    TableIdentifier id = TableIdentifier.parse(name);
    if (catalog instanceof SupportsNamespaces ns && !ns.namespaceExists(id.namespace())) {
      try {
        ns.createNamespace(id.namespace());
      } catch (AlreadyExistsException e) {
        // created concurrently
      }
    }
    try {
      return catalog.createTable(id, schema, spec, properties);
    } catch (AlreadyExistsException e) {
      return catalog.loadTable(id);
    }
  }

  /**
   * The namespace of a catalog table.
   *
   * @return the namespace, empty for a path-based table
   */
  Namespace namespace() {
    return catalog == null ? Namespace.empty() : TableIdentifier.parse(name).namespace();
  }

  @Override
  public String toString() {
    return catalog == null ? "iceberg table at " + name : "iceberg table " + name + " (catalog " + catalog.name() + ")";
  }
}
