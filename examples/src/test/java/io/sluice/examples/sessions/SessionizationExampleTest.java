package io.sluice.examples.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.OutputMode;
import io.sluice.api.Row;
import io.sluice.api.StateOperatorProgress;
import io.sluice.api.StreamSession;
import io.sluice.engine.EngineOptions;
import io.sluice.engine.testing.StreamTest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SessionizationExampleTest {
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  StreamSession session;
  @TempDir Path dir;

  @BeforeEach
  void createSession() {
    session = StreamSession.builder().config(EngineOptions.SHUFFLE_PARTITIONS, 2).getOrCreate();
  }

  @AfterEach
  void closeSession() {
    session.close();
  }

  static Instant t(long seconds) {
    return T0.plusSeconds(seconds);
  }

  static Row click(String user, int sec, String page) {
    return Row.of(user, t(sec), page);
  }

  static Row sessionOf(String user, int start, int end, long clicks, String... pages) {
    return Row.of(user, t(start), t(end), clicks, List.of(pages));
  }

  static StateOperatorProgress state(StreamTest t) {
    return t.query().lastProgress().stateOperators().get(0);
  }

  private StreamTest start() {
    return StreamTest.builder(session).input("clicks", SessionizationExample.CLICKS)
        .query(in -> SessionizationExample.sessions(in.get("clicks")))
        .outputMode(OutputMode.APPEND).checkpoint(dir).start();
  }

  @Test
  void sessionsAreEmittedOnceTheWatermarkPassesTheirEndAndABridgingClickMergesTwo() {
    try (StreamTest t = start()) {
      // ann [0,40), bob [5,35); watermark 10 - 10 = 0: nothing is closed yet.
      t.addData(click("ann", 0, "home"), click("ann", 10, "search"), click("bob", 5, "home"));
      t.expectBatch();
      assertThat(state(t).numRowsTotal()).isEqualTo(2);

      // ann gets two more sessions, [50,80) and [85,115), 5 s apart; bob's grows to [5,50).
      // The watermark moves to 85 - 10 = 75: a no-data batch emits the sessions ending at or before it.
      // ann's [50,80) ended by the gap rule (no click for 30 s would close it at 80) but 80 > 75: kept.
      t.addData(click("ann", 50, "product"), click("ann", 85, "cart"), click("bob", 20, "search"));
      t.expectBatch(sessionOf("ann", 0, 40, 2, "home", "search"), sessionOf("bob", 5, 50, 2, "home", "search"));
      assertThat(state(t).numRowsTotal()).isEqualTo(2);

      // A click at 70 ([70,100)) overlaps both of ann's open sessions: they merge into [50,115).
      // It is not late (70 + 30 > 75), and the watermark does not move (70 < 85): nothing is emitted.
      t.addData(click("ann", 70, "checkout"));
      t.expectBatch();
      assertThat(state(t).numRowsTotal()).isEqualTo(1);

      // cai's click moves the watermark to 120, which closes ann's merged session (pages in event-time
      // order). bob's click at 30 is late: its session would end at 60, at or before the watermark 75.
      t.addData(click("cai", 130, "home"), click("bob", 30, "help"));
      t.expectBatch(sessionOf("ann", 50, 115, 3, "product", "checkout", "cart"));
      assertThat(t.query().recentProgress().stream().flatMap(p -> p.stateOperators().stream())
          .mapToLong(StateOperatorProgress::numRowsDroppedByWatermark).sum()).isEqualTo(1);
      assertThat(state(t).numRowsTotal()).isEqualTo(1);   // cai's [130,160) stays open
      assertThat(Instant.parse(t.query().lastProgress().eventTime().get("watermark"))).isEqualTo(t(120));
    }
  }

  @Test
  void aRestartKeepsTheOpenSessions() {
    try (StreamTest t = start()) {
      t.addData(click("ann", 0, "home"), click("ann", 20, "search"));
      t.expectBatch();
      t.restart();
      t.addData(click("ann", 45, "product"), click("bob", 100, "home"));   // 45 < 20 + 30: same session
      t.expectBatch(sessionOf("ann", 0, 75, 3, "home", "search", "product"));
    }
  }

  /** Sessions computed directly from time-ordered clicks: a new one starts after a gap of 30 s or more. */
  static List<Row> expectedSessions(List<Row> clicks, Instant watermark) {
    List<Row> out = new ArrayList<>();
    for (String user : SessionizationExample.USERS) {
      List<Row> mine = clicks.stream().filter(r -> r.get(0).equals(user)).toList();
      int i = 0;
      while (i < mine.size()) {
        int j = i;
        List<String> pages = new ArrayList<>();
        pages.add((String) mine.get(i).get(2));
        while (j + 1 < mine.size()
            && !((Instant) mine.get(j + 1).get(1)).isAfter(((Instant) mine.get(j).get(1)).plusSeconds(30))) {
          j++;
          pages.add((String) mine.get(j).get(2));
        }
        Instant end = ((Instant) mine.get(j).get(1)).plusSeconds(30);
        if (!end.isAfter(watermark)) {
          out.add(Row.of(user, mine.get(i).get(1), end, (long) pages.size(), pages));
        }
        i = j + 1;
      }
    }
    return out;
  }

  @Test
  void theGeneratedClicksFedMinuteByMinuteGiveTheSessionsComputedDirectly() {
    List<Row> clicks = SessionizationExample.generateClicks(7, T0, 600);
    assertThat(clicks).hasSizeGreaterThan(50);
    try (StreamTest t = start()) {
      for (int minute = 0; minute < 10; minute++) {
        Instant from = t(60L * minute);
        Instant to = from.plusSeconds(60);
        t.addData(clicks.stream().filter(r -> !((Instant) r.get(1)).isBefore(from)
            && ((Instant) r.get(1)).isBefore(to)).toArray(Row[]::new));
        t.processAllAvailable();
      }
      List<Row> emitted = new ArrayList<>();
      t.deliveries().forEach(d -> emitted.addAll(d.rows()));
      Instant watermark = Instant.parse(t.query().lastProgress().eventTime().get("watermark"));
      List<Row> expected = expectedSessions(clicks, watermark);
      assertThat(expected).hasSizeGreaterThan(10);
      StreamTest.assertSameRows("sessions", expected, emitted);
      assertThat(t.query().recentProgress().stream().flatMap(p -> p.stateOperators().stream())
          .mapToLong(StateOperatorProgress::numRowsDroppedByWatermark).sum()).isZero();
    }
  }
}
