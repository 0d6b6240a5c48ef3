package io.sluice.api.connector;

import io.sluice.api.types.DataType;
import java.util.List;
import java.util.Set;

/**
 * Adds scalar functions to the engine, e.g. {@code from_avro} from the Kafka connector. Registered
 * in {@code META-INF/services/io.sluice.api.connector.ScalarFunctionProvider}; a call
 * {@code Functions.callFunction("from_avro", ...)} that is not built in is bound by the provider
 * naming it.
 */
public interface ScalarFunctionProvider {
  /** @return the function names this provider binds (lower case) */
  Set<String> names();

  /**
   * Binds a call to its argument types, checking them.
   *
   * @param name the function name
   * @param argTypes the argument types
   * @param literalArgs for each argument, its value if it is a constant, else null
   * @return the bound function
   * @throws io.sluice.api.AnalysisException if the arguments do not fit, saying what is expected
   */
  ScalarFunction bind(String name, List<DataType> argTypes, List<Object> literalArgs);
}
