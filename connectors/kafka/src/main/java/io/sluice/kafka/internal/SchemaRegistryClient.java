package io.sluice.kafka.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Finds Avro writer schemas by Confluent schema id: from a fixed id → schema map, else from a
 * schema registry ({@code GET <url>/schemas/ids/<id>}, answer {@code {"schema":"..."}}). Schemas
 * are cached for the client's life (ids are immutable in a registry). Thread-safe.
 */
final class SchemaRegistryClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String url;
  private final Map<Integer, Schema> cache = new ConcurrentHashMap<>();
  private volatile HttpClient http;

  /**
   * @param url the registry base URL, or null for the fixed map only
   * @param fixed id → schema JSON
   */
  SchemaRegistryClient(String url, Map<Integer, String> fixed) {
    this.url = url == null ? null : url.replaceAll("/+$", "");
    fixed.forEach((id, s) -> cache.put(id, new Schema.Parser().parse(s)));
  }

  /**
   * The schema with an id.
   *
   * @param id the schema id
   * @return the schema
   * @throws IllegalStateException if it is not in the map and the registry cannot give it
   */
  Schema schema(int id) {
    Schema s = cache.get(id);
    if (s != null) {
      return s;
    }
    if (url == null) {
      throw new IllegalStateException("no schema with id " + id + " in the given schemas and no schema "
          + "registry URL");
    }
    s = fetch(id);
    cache.putIfAbsent(id, s);
    return s;
  }

  private Schema fetch(int id) {
    String target = url + "/schemas/ids/" + id;
    try {
      HttpResponse<String> r = client().send(HttpRequest.newBuilder(URI.create(target))
          .timeout(Duration.ofSeconds(30)).header("Accept", "application/vnd.schemaregistry.v1+json, application/json")
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("schema registry " + target + " answered HTTP " + r.statusCode()
            + ": " + r.body());
      }
      JsonNode schema = JSON.readTree(r.body()).get("schema");
      if (schema == null || !schema.isTextual()) {
        throw new IllegalStateException("schema registry " + target + " answered without a 'schema' field");
      }
      return new Schema.Parser().parse(schema.asText());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read schema " + id + " from " + target + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading schema " + id + " from " + target, e);
    }
  }

  private HttpClient client() {
    HttpClient c = http;
    if (c == null) {
      synchronized (this) {
        if (http == null) {
          http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        }
        c = http;
      }
    }
    return c;
  }
}
