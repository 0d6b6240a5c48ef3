package io.sluice.lakehouse.internal;

import io.sluice.api.AnalysisException;
import io.sluice.api.types.ArrayType;
import io.sluice.api.types.AtomicType;
import io.sluice.api.types.DataType;
import io.sluice.api.types.StructField;
import io.sluice.api.types.StructType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Checks a query's schema against an existing table's and, with {@code mergeSchema}, evolves the
 * table: new query columns are added as nullable columns, an int column the query writes as bigint
 * is widened, a required column the query writes nullable values to becomes optional.
 *
 * <p>Always rejected, naming the column: a required table column the query lacks (a dropped
 * required column), a type the table column cannot hold (e.g. string into int, or bigint into int
 * without {@code mergeSchema}: narrowing), and other type changes.
 */
final class SchemaReconciler {
  private final String table;
  private final boolean merge;
  private final List<java.util.function.Consumer<UpdateSchema>> changes = new ArrayList<>();
  private final List<String> described = new ArrayList<>();

  private SchemaReconciler(String table, boolean merge) {
    this.table = table;
    this.merge = merge;
  }

  /**
   * Checks the query schema and evolves the table if needed and allowed.
   *
   * @param table the table
   * @param tableName the name, for messages
   * @param query the query schema
   * @param merge whether {@code mergeSchema} is on
   * @return the changes made (for logs), empty if none
   * @throws AnalysisException naming the first incompatible column
   */
  static List<String> reconcile(Table table, String tableName, StructType query, boolean merge) {
    SchemaReconciler r = new SchemaReconciler(tableName, merge);
    r.struct(query, table.schema().asStruct(), null);
    if (!r.changes.isEmpty()) {
      UpdateSchema update = table.updateSchema();
      r.changes.forEach(c -> c.accept(update));
      update.commit();
    }
    return r.described;
  }

  private void struct(StructType query, Types.StructType tableStruct, String parent) {
    for (StructField q : query.fields()) {
      Types.NestedField t = Schemas.findField(tableStruct, q.name());
      String path = parent == null ? q.name() : parent + "." + q.name();
      if (t == null) {
        if (!merge) {
          throw new AnalysisException("Column '" + path + "' of the query is not in " + table
              + "; set option mergeSchema=true to add it to the table");
        }
        Type type = Schemas.toIceberg(q.type(), new AtomicInteger(1000), path);
        changes.add(u -> u.addColumn(parent, q.name(), type));
        described.add("added column " + path + " " + type);
        continue;
      }
      String tpath = parent == null ? t.name() : parent + "." + t.name();
      if (q.nullable() && t.isRequired()) {
        if (!merge) {
          throw new AnalysisException("Column '" + path + "' is required in " + table
              + " but the query's column may be null; set option mergeSchema=true to make it optional");
        }
        changes.add(u -> u.makeColumnOptional(tpath));
        described.add("made column " + tpath + " optional");
      }
      type(q.type(), t.type(), tpath);
    }
    for (Types.NestedField t : tableStruct.fields()) {
      if (t.isRequired() && query.indexOf(t.name()) < 0) {
        String path = parent == null ? t.name() : parent + "." + t.name();
        throw new AnalysisException("Required column '" + path + "' of " + table
            + " is missing from the query: a dropped required column is an incompatible schema change");
      }
    }
  }

  private void type(DataType q, Type t, String path) {
    if (q instanceof StructType qs) {
      if (!t.isStructType()) {
        throw incompatible(path, q, t);
      }
      struct(qs, t.asStructType(), path);
      return;
    }
    if (q instanceof ArrayType qa) {
      if (!t.isListType()) {
        throw incompatible(path, q, t);
      }
      type(qa.elementType(), t.asListType().elementType(), path + ".element");
      return;
    }
    AtomicType a = (AtomicType) q;
    Type.TypeID id = t.typeId();
    boolean ok = switch (a) {
      case BOOLEAN -> id == Type.TypeID.BOOLEAN;
      case INT -> id == Type.TypeID.INTEGER || id == Type.TypeID.LONG;
      case LONG -> id == Type.TypeID.LONG;
      case DOUBLE -> id == Type.TypeID.DOUBLE;
      case STRING -> id == Type.TypeID.STRING;
      case BINARY -> id == Type.TypeID.BINARY;
      case TIMESTAMP -> id == Type.TypeID.TIMESTAMP;
      case DATE -> id == Type.TypeID.DATE;
      default -> false;
    };
    if (ok) {
      return;
    }
    if (a == AtomicType.LONG && id == Type.TypeID.INTEGER) {
      if (!merge) {
        throw new AnalysisException("Column '" + path + "' is int in " + table
            + " but bigint in the query: writing it would narrow the values; set option mergeSchema=true"
            + " to widen the table column to bigint");
      }
      changes.add(u -> u.updateColumn(path, Types.LongType.get()));
      described.add("widened column " + path + " to bigint");
      return;
    }
    throw incompatible(path, q, t);
  }

  private AnalysisException incompatible(String path, DataType q, Type t) {
    return new AnalysisException("Column '" + path + "' is " + t + " in " + table + " but "
        + q.simpleString() + " in the query: an incompatible type change (narrowing or a different type)");
  }
}
