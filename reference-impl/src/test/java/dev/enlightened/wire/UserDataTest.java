package dev.enlightened.wire;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UserDataTest {

    @Test
    void zeroFillsAShortPrefixToOneHundredTwentyBytes() {
        UserData u = UserData.of(new byte[] {5, 6});
        assertEquals(120, u.toBytes().length);
        assertEquals(6, u.toBytes()[1]);
        assertEquals(0, u.toBytes()[119]);
        assertEquals(UserData.of(new byte[] {5, 6, 0, 0}), u, "equal by content");
        assertEquals("UserData[0506]", u.toString());
    }

    @Test
    void refusesMoreThanOneHundredTwentyBytes() {
        assertEquals("user data too long: length=121 maximum=120",
                assertThrows(IllegalArgumentException.class, () -> UserData.of(new byte[121])).getMessage());
    }
}
