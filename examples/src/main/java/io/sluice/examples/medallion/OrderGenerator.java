package io.sluice.examples.medallion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generates realistic orders as JSON text, deterministically from a seed: event times advance a
 * little per order; about 2% of the records are malformed (broken JSON, a missing amount, a
 * negative amount), 3% are re-sent duplicates of a recent order, and 1% arrive late (event time ten
 * minutes behind). The generator also computes what a correct pipeline must end with, so a test
 * can compare the gold table with the input.
 */
public final class OrderGenerator {
  /** Countries orders come from. */
  public static final List<String> COUNTRIES = List.of("NL", "DE", "FR", "ES", "IT", "PL", "SE", "US");
  /** Product categories. */
  public static final List<String> CATEGORIES = List.of("books", "games", "garden", "kitchen", "music", "toys");

  /** What kind of record a generated line is. */
  public enum Kind {
    /** A valid order seen for the first time. */ VALID,
    /** A re-sent copy of a valid order. */ DUPLICATE,
    /** A valid order whose event time is far behind the others. */ LATE,
    /** Text that is not valid JSON. */ BROKEN_JSON,
    /** JSON without an amount. */ MISSING_AMOUNT,
    /** An order with a negative amount. */ NEGATIVE_AMOUNT
  }

  /**
   * One generated record.
   *
   * @param kind what it is
   * @param json the text sent to Kafka
   * @param orderId the order id (null for broken JSON)
   * @param country the country
   * @param category the category
   * @param amountCents the amount in cents
   * @param eventTime the event time
   */
  public record Generated(Kind kind, String json, String orderId, String country, String category,
      long amountCents, Instant eventTime) {}

  private final Random random;
  private final long lateAfter;
  private long next;
  private Instant clock;
  private final List<Generated> recent = new ArrayList<>();

  /**
   * Creates a generator.
   *
   * @param seed the random seed
   * @param start the event time of the first order
   * @param lateAfter late orders are generated only after this many records, so that they fall in
   *     a batch after the pipeline's second (the first batch with a late-row threshold)
   */
  public OrderGenerator(long seed, Instant start, long lateAfter) {
    this.random = new Random(seed);
    this.lateAfter = lateAfter;
    this.clock = start;
  }

  /**
   * Generates the next {@code n} records.
   *
   * @param n how many
   * @return the records, in production order
   */
  public List<Generated> next(int n) {
    List<Generated> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(nextOne());
    }
    return out;
  }

  private Generated nextOne() {
    long seq = next++;
    clock = clock.plusMillis(50 + random.nextInt(200));
    double dice = random.nextDouble();
    if (seq > 200 && dice < 0.03 && !recent.isEmpty()) {
      Generated original = recent.get(random.nextInt(recent.size()));
      return new Generated(Kind.DUPLICATE, original.json(), original.orderId(), original.country(),
          original.category(), original.amountCents(), original.eventTime());
    }
    String id = String.format(Locale.ROOT, "o-%08d", seq);
    String country = COUNTRIES.get(random.nextInt(COUNTRIES.size()));
    String category = CATEGORIES.get(random.nextInt(CATEGORIES.size()));
    long cents = 100 + random.nextInt(20_000);
    if (dice < 0.037) {
      return new Generated(Kind.BROKEN_JSON, "{\"order_id\": \"" + id + "\", \"country\": ", id, country,
          category, cents, clock);
    }
    if (dice < 0.044) {
      String json = String.format(Locale.ROOT,
          "{\"order_id\":\"%s\",\"customer_id\":\"c-%d\",\"country\":\"%s\",\"category\":\"%s\",\"event_time\":\"%s\"}",
          id, random.nextInt(5000), country, category, clock);
      return new Generated(Kind.MISSING_AMOUNT, json, id, country, category, 0, clock);
    }
    if (dice < 0.05) {
      return new Generated(Kind.NEGATIVE_AMOUNT, json(id, country, category, -cents, clock), id, country,
          category, -cents, clock);
    }
    // Late orders come only after lateAfter records, ten minutes behind the others, so they are
    // below the watermark of whichever batch reads them.
    if (seq > lateAfter && dice < 0.06) {
      Instant late = clock.minusSeconds(600);
      return new Generated(Kind.LATE, json(id, country, category, cents, late), id, country, category, cents, late);
    }
    Generated g = new Generated(Kind.VALID, json(id, country, category, cents, clock), id, country, category,
        cents, clock);
    recent.add(g);
    if (recent.size() > 20) {
      recent.remove(0);
    }
    return g;
  }

  private String json(String id, String country, String category, long cents, Instant t) {
    return String.format(Locale.ROOT,
        "{\"order_id\":\"%s\",\"customer_id\":\"c-%d\",\"country\":\"%s\",\"category\":\"%s\","
            + "\"amount\":%d.%02d,\"currency\":\"EUR\",\"event_time\":\"%s\"}",
        id, random.nextInt(5000), country, category, cents / 100, Math.abs(cents % 100), t);
  }
}
