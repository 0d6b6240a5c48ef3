package io.sluice.state;

import io.sluice.api.CheckpointException;
import java.util.List;

/**
 * The state in the checkpoint was written with a schema the query's schema cannot read: the key
 * fields changed, or a value field was added without a default or changed type. Either restore the
 * previous schema, give new value fields a default, or start from a new checkpoint location.
 */
public class StateSchemaIncompatibleException extends CheckpointException {
  private static final long serialVersionUID = 1L;

  private final long operatorId;
  private final List<String> fields;

  /**
   * Creates the exception.
   *
   * @param message what is incompatible, naming the operator and the fields
   * @param operatorId the operator
   * @param fields the incompatible fields
   */
  public StateSchemaIncompatibleException(String message, long operatorId, List<String> fields) {
    super(message);
    this.operatorId = operatorId;
    this.fields = List.copyOf(fields);
  }

  /** @return the operator whose state is incompatible */
  public long operatorId() {
    return operatorId;
  }

  /** @return the names of the incompatible fields */
  public List<String> fields() {
    return fields;
  }
}
