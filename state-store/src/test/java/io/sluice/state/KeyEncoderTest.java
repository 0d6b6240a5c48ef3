package io.sluice.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyEncoderTest {
  private static final Random RANDOM = new Random(42);

  @Test
  void byteOrderOfEncodedValuesIsTheirNaturalOrder() {
    checkOrder(FieldType.LONG, () -> RANDOM.nextInt(4) == 0 ? pick(Long.MIN_VALUE, -1L, 0L, 1L,
        Long.MAX_VALUE) : RANDOM.nextLong(), Comparator.comparing(o -> (Long) o));
    checkOrder(FieldType.INT, RANDOM::nextInt, Comparator.comparing(o -> (Integer) o));
    checkOrder(
        FieldType.DOUBLE,
        () -> RANDOM.nextInt(4) == 0
            ? pick(Double.NEGATIVE_INFINITY, -1.5, -Double.MIN_VALUE, 0.0, Double.MIN_VALUE,
                Double.MAX_VALUE, Double.POSITIVE_INFINITY)
            : (RANDOM.nextDouble() - 0.5) * Math.pow(10, RANDOM.nextInt(40) - 20),
        Comparator.comparing(o -> (Double) o));
    checkOrder(FieldType.STRING, KeyEncoderTest::randomString,
        (a, b) -> compareCodePoints((String) a, (String) b));
    checkOrder(FieldType.BYTES, () -> {
      byte[] b = new byte[RANDOM.nextInt(6)];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) (int) pick(0, 0, 1, 0xFF, RANDOM.nextInt(256));
      }
      return b;
    }, (a, b) -> Arrays.compareUnsigned((byte[]) a, (byte[]) b));
    checkOrder(FieldType.BOOLEAN, RANDOM::nextBoolean, Comparator.comparing(o -> (Boolean) o));
  }

  @Test
  void compositeKeysSortByEventTimeThenGroupingKeyAndNullsFirst() {
    KeyEncoder enc = new KeyEncoder(List.of(FieldType.LONG, FieldType.STRING));
    List<List<Object>> keys = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      keys.add(Arrays.asList(
          RANDOM.nextInt(10) == 0 ? null : (long) RANDOM.nextInt(50) - 25,
          RANDOM.nextInt(10) == 0 ? null : randomString()));
    }
    Comparator<List<Object>> natural =
        Comparator.comparing((List<Object> k) -> (Long) k.get(0),
                Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(k -> (String) k.get(1),
                Comparator.nullsFirst(KeyEncoderTest::compareCodePoints));
    List<List<Object>> byBytes = new ArrayList<>(keys);
    byBytes.sort((a, b) -> Arrays.compareUnsigned(enc.encode(a), enc.encode(b)));
    List<List<Object>> byValue = new ArrayList<>(keys);
    byValue.sort(natural);
    assertThat(byBytes).isEqualTo(byValue);
    for (List<Object> k : keys) {
      assertThat(enc.decode(enc.encode(k))).isEqualTo(k);
      byte[] prefix = enc.encodePrefix(k.subList(0, 1));
      assertThat(Arrays.mismatch(prefix, enc.encode(k))).isEqualTo(prefix.length);
    }
  }

  @Test
  void aKeyOfTheWrongShapeIsRejectedNamingTheField() {
    KeyEncoder enc = new KeyEncoder(List.of(FieldType.LONG, FieldType.STRING));
    assertThatThrownBy(() -> enc.encode(List.of(1L))).hasMessageContaining("2 fields");
    assertThatThrownBy(() -> enc.encode(List.of("x", "y"))).hasMessageContaining("field 0");
  }

  private static void checkOrder(
      FieldType type, java.util.function.Supplier<Object> gen, Comparator<Object> natural) {
    KeyEncoder enc = new KeyEncoder(List.of(type));
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      values.add(gen.get());
    }
    for (int i = 1; i < values.size(); i++) {
      Object a = values.get(i - 1);
      Object b = values.get(i);
      int byValue = Integer.signum(natural.compare(a, b));
      int byBytes = Integer.signum(
          Arrays.compareUnsigned(enc.encode(List.of(a)), enc.encode(List.of(b))));
      assertThat(byBytes).as("%s vs %s", a, b).isEqualTo(byValue);
      Object decoded = enc.decode(enc.encode(List.of(a))).get(0);
      if (a instanceof byte[] bytes) {
        assertThat((byte[]) decoded).isEqualTo(bytes);
      } else {
        assertThat(decoded).isEqualTo(a);
      }
    }
  }

  @SafeVarargs
  private static <T> T pick(T... options) {
    return options[RANDOM.nextInt(options.length)];
  }

  private static String randomString() {
    StringBuilder sb = new StringBuilder();
    int n = RANDOM.nextInt(5);
    for (int i = 0; i < n; i++) {
      int kind = RANDOM.nextInt(4);
      sb.appendCodePoint(switch (kind) {
        case 0 -> 0;
        case 1 -> 'a' + RANDOM.nextInt(3);
        case 2 -> 0xE9 + RANDOM.nextInt(2);
        default -> 0x1F600 + RANDOM.nextInt(2);
      });
    }
    return sb.toString();
  }

  private static int compareCodePoints(String a, String b) {
    return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
  }
}
