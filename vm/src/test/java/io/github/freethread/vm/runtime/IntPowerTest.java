package io.github.freethread.vm.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** {@link Numbers#exactPower}: the long fast path of int ** int agrees with BigInteger or refuses. */
class IntPowerTest {
    @Property(tries = 2000)
    void shouldAgreeWithBigIntegerOrReportOverflow(@ForAll @LongRange(min = -70, max = 70) long x,
                                                   @ForAll @LongRange(min = 0, max = 80) long y) {
        BigInteger exact = BigInteger.valueOf(x).pow((int) y);
        if (exact.bitLength() < Long.SIZE) {
            assertThat(Numbers.exactPower(x, y)).isEqualTo(exact.longValueExact());
        } else {
            assertThatThrownBy(() -> Numbers.exactPower(x, y)).isInstanceOf(ArithmeticException.class);
        }
    }

    @Test
    void shouldAnswerUnitBasesForAnyExponent() {
        assertThat(Numbers.exactPower(-1, 10_000_001)).isEqualTo(-1);
        assertThat(Numbers.exactPower(-1, Long.MAX_VALUE - 1)).isEqualTo(1);
        assertThat(Numbers.exactPower(1, Long.MAX_VALUE)).isEqualTo(1);
        assertThat(Numbers.exactPower(0, 0)).isEqualTo(1);
        assertThat(Numbers.exactPower(0, 5)).isEqualTo(0);
    }

    @Test
    void shouldReachTheLongExtremesExactly() {
        assertThat(Numbers.exactPower(-2, 63)).isEqualTo(Long.MIN_VALUE);
        assertThat(Numbers.exactPower(2, 62)).isEqualTo(1L << 62);
        assertThatThrownBy(() -> Numbers.exactPower(2, 63)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Numbers.exactPower(3, 64)).isInstanceOf(ArithmeticException.class);
    }
}
