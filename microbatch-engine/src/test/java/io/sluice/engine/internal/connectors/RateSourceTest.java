package io.sluice.engine.internal.connectors;

import static io.sluice.engine.internal.connectors.ConnectorTestSupport.readAll;
import static io.sluice.engine.internal.connectors.ConnectorTestSupport.sourceContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.AnalysisException;
import io.sluice.api.Row;
import io.sluice.api.connector.ConnectorOptions;
import io.sluice.api.connector.InputPartition;
import io.sluice.api.connector.Offset;
import io.sluice.api.connector.PartitionReader;
import io.sluice.api.connector.ReadLimit;
import io.sluice.api.connector.Source;
import io.sluice.api.data.ColumnBatch;
import io.sluice.api.data.LongVector;
import io.sluice.api.types.DataTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateSourceTest {
  private static final long START_MS = 1_700_000_000_000L;

  @TempDir Path dir;

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    private long millis;

    ManualClock(long millis) {
      this.millis = millis;
    }

    void advance(Duration d) {
      millis += d.toMillis();
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  private final ManualClock clock = new ManualClock(START_MS);
  private final RateSourceProvider provider = new RateSourceProvider(clock);

  private Source source(Map<String, String> options) {
    return provider.createSource(sourceContext(options, dir));
  }

  private static Offset rows(long n) {
    return new CountOffset("rows", n);
  }

  @Test
  void latestOffsetGrowsWithTheClock() {
    Source source = source(Map.of("rowsPerSecond", "10"));
    Offset initial = source.initialOffset();
    assertThat(initial.json()).isEqualTo("{\"rows\":0}");
    assertThat(source.latestOffset(initial, ReadLimit.allAvailable())).isEqualTo(rows(0));

    clock.advance(Duration.ofMillis(1250));
    Offset first = source.latestOffset(initial, ReadLimit.allAvailable());
    assertThat(first.json()).isEqualTo("{\"rows\":12}");

    clock.advance(Duration.ofSeconds(3));
    assertThat(source.latestOffset(first, ReadLimit.allAvailable())).isEqualTo(rows(42));
    assertThat(source.deserializeOffset("{\"rows\":42}")).isEqualTo(rows(42));
  }

  @Test
  void maxRowsLimitCapsTheBatch() {
    Source source = source(Map.of("rowsPerSecond", "100"));
    clock.advance(Duration.ofSeconds(1));
    assertThat(source.latestOffset(rows(30), new ReadLimit.MaxRows(25))).isEqualTo(rows(55));
    assertThat(source.latestOffset(rows(90), new ReadLimit.MaxRows(25))).isEqualTo(rows(100));
  }

  @Test
  void rowsOfRangeAreItsValuesWithTheirTimestampsOverNumPartitions() throws Exception {
    Source source = source(Map.of("rowsPerSecond", "4", "numPartitions", "3"));
    clock.advance(Duration.ofSeconds(10));

    List<InputPartition> partitions = source.planInputPartitions(rows(5), rows(15));

    assertThat(partitions).hasSize(3);
    List<Row> expected = new ArrayList<>();
    for (long i = 5; i < 15; i++) {
      expected.add(Row.of(Instant.ofEpochMilli(START_MS + i * 250), i));
    }
    assertThat(readAll(source, partitions)).containsExactlyElementsOf(expected);
    // Contiguous ranges of nearly equal size.
    List<Integer> sizes = new ArrayList<>();
    for (InputPartition p : partitions) {
      sizes.add(ConnectorTestSupport.read(source.createReader(p)).size());
    }
    assertThat(sizes).containsExactly(3, 3, 4);
  }

  @Test
  void timestampsRoundDownToTheMillisecond() throws Exception {
    Source source = source(Map.of("rowsPerSecond", "3", "numPartitions", "1"));
    List<Row> got = readAll(source, source.planInputPartitions(rows(0), rows(4)));
    assertThat(got).extracting(r -> r.getTimestamp(0).toEpochMilli() - START_MS)
        .containsExactly(0L, 333L, 666L, 1000L);
  }

  @Test
  void fewerRowsThanPartitionsGiveOnePartitionPerRowAndAnEmptyRangeNone() {
    Source source = source(Map.of("numPartitions", "8"));
    assertThat(source.planInputPartitions(rows(3), rows(5))).hasSize(2);
    assertThat(source.planInputPartitions(rows(5), rows(5))).isEmpty();
  }

  @Test
  void readerGeneratesLongVectorsInBatchesOfAtMostDefaultRows() throws Exception {
    Source source = source(Map.of("rowsPerSecond", "1000000", "numPartitions", "1"));
    InputPartition p = source.planInputPartitions(rows(0), rows(10_000)).get(0);
    PartitionReader reader = source.createReader(p);
    try {
      ColumnBatch first = reader.next();
      assertThat(first.numRows()).isEqualTo(ColumnBatch.DEFAULT_ROWS);
      assertThat(first.schema()).isEqualTo(DataTypes.struct(
          DataTypes.field("timestamp", DataTypes.TIMESTAMP), DataTypes.field("value", DataTypes.LONG)));
      assertThat(first.column(0)).isInstanceOf(LongVector.class);
      assertThat(((LongVector) first.column(1)).get(4095)).isEqualTo(4095L);
      assertThat(reader.next().numRows()).isEqualTo(ColumnBatch.DEFAULT_ROWS);
      assertThat(reader.next().numRows()).isEqualTo(10_000 - 2 * ColumnBatch.DEFAULT_ROWS);
      assertThat(reader.next()).isNull();
    } finally {
      reader.close();
    }
  }

  @Test
  void totalRowsCapsTheStream() {
    Source source = source(Map.of("rowsPerSecond", "10", "totalRows", "25"));
    clock.advance(Duration.ofSeconds(2));
    assertThat(source.latestOffset(rows(0), ReadLimit.allAvailable())).isEqualTo(rows(20));
    clock.advance(Duration.ofSeconds(60));
    assertThat(source.latestOffset(rows(20), ReadLimit.allAvailable())).isEqualTo(rows(25));
  }

  @Test
  void availableNowPinsTheEndAtTheRowsDueWhenItStarts() {
    Source source = source(Map.of("rowsPerSecond", "10"));
    clock.advance(Duration.ofSeconds(3));
    source.prepareForAvailableNow();
    clock.advance(Duration.ofSeconds(10));
    Offset first = source.latestOffset(rows(0), new ReadLimit.MaxRows(20));
    assertThat(first).isEqualTo(rows(20));
    assertThat(source.latestOffset(first, new ReadLimit.MaxRows(20))).isEqualTo(rows(30));
    assertThat(source.latestOffset(rows(30), ReadLimit.allAvailable())).isEqualTo(rows(30));
  }

  @Test
  void startTimestampInThePastMakesAllTotalRowsAvailableAtOnce() {
    Source source = source(Map.of("rowsPerSecond", "10", "totalRows", "1000", "startTimestamp", "0"));
    source.prepareForAvailableNow();
    assertThat(source.latestOffset(rows(0), ReadLimit.allAvailable())).isEqualTo(rows(1000));
  }

  @Test
  void startTimestampIsPersistedAndReusedByTheNextInstance() throws Exception {
    Source first = source(Map.of("rowsPerSecond", "1"));
    List<Row> before = readAll(first, first.planInputPartitions(rows(0), rows(3)));
    assertThat(Files.readString(dir.resolve("rate-start")))
        .isEqualTo("v1\n{\"startTimestampMs\":" + START_MS + "}\n");

    clock.advance(Duration.ofHours(1));
    Source restarted = source(Map.of("rowsPerSecond", "1"));

    assertThat(readAll(restarted, restarted.planInputPartitions(rows(0), rows(3))))
        .containsExactlyElementsOf(before);
    assertThat(before.get(0).getTimestamp(0)).isEqualTo(Instant.ofEpochMilli(START_MS));
  }

  @Test
  void startTimestampOptionIsUsedAndMustNotChangeOnRestart() throws Exception {
    Source source = source(Map.of("startTimestamp", "1000"));
    assertThat(readAll(source, source.planInputPartitions(rows(0), rows(1))))
        .containsExactly(Row.of(Instant.ofEpochMilli(1000), 0L));
    assertThat(source(Map.of("startTimestamp", "1000")).description()).startsWith("RateSource[");
    assertThatThrownBy(() -> source(Map.of("startTimestamp", "2000")))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("'startTimestamp'")
        .hasMessageContaining("1000");
  }

  @Test
  void nonPositiveRowsPerSecondIsAnAnalysisExceptionNamingTheOption() {
    assertThatThrownBy(() -> provider.schema(new ConnectorOptions(Map.of("rowsPerSecond", "0")), null))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("'rowsPerSecond'")
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> provider.schema(new ConnectorOptions(Map.of("numPartitions", "x")), null))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("'numPartitions'");
  }

  @Test
  void unknownOptionIsAnAnalysisExceptionListingTheKnownOnes() {
    assertThatThrownBy(() -> provider.schema(new ConnectorOptions(Map.of("rowsPerSec", "5")), null))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("Unknown option 'rowsPerSec' for format 'rate'")
        .hasMessageContaining("numPartitions, rowsPerSecond, startTimestamp, totalRows");
  }

  @Test
  void optionKeysAreCaseInsensitive() {
    Source source = source(Map.of("ROWSPERSECOND", "10"));
    clock.advance(Duration.ofSeconds(1));
    assertThat(source.latestOffset(rows(0), ReadLimit.allAvailable())).isEqualTo(rows(10));
  }

  @Test
  void mulDivDoesNotOverflow() {
    assertThat(RateSource.mulDiv(Long.MAX_VALUE / 10, 1000, 1000)).isEqualTo(Long.MAX_VALUE / 10);
    assertThat(RateSource.mulDiv(Long.MAX_VALUE, 2, 1)).isEqualTo(Long.MAX_VALUE);
  }
}
