/* test_bytes.c - bytes.h: each width and order reads and writes the bytes it names, from
 * unaligned addresses, and a store reads back as the value stored. */
#include "bytes.h"
#include "check.h"

int main(void)
{
    uint8_t buf[12] = {0xEE, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0xEE};
    const uint8_t *p = buf + 1; /* odd address: the loads must not assume alignment */
    CHECK_EQ_INT(dgb_be16(p), 0x0102);
    CHECK_EQ_INT(dgb_le16(p), 0x0201);
    CHECK_EQ_INT(dgb_be32(p), 0x01020304);
    CHECK_EQ_INT(dgb_le32(p), 0x04030201);
    CHECK(dgb_le64(p) == UINT64_C(0x0807060504030201));

    uint8_t out[12] = {0};
    dgb_put_be16(out + 1, 0xA1B2);
    CHECK(out[1] == 0xA1 && out[2] == 0xB2);
    dgb_put_be32(out + 1, 0xA1B2C3D4);
    CHECK(out[1] == 0xA1 && out[4] == 0xD4 && out[5] == 0);
    dgb_put_le16(out + 1, 0xA1B2);
    CHECK(out[1] == 0xB2 && out[2] == 0xA1);
    dgb_put_le32(out + 1, 0xA1B2C3D4);
    CHECK(out[1] == 0xD4 && out[4] == 0xA1);
    dgb_put_le64(out + 1, UINT64_C(0x1122334455667788));
    CHECK(out[1] == 0x88 && out[8] == 0x11 && out[9] == 0 && out[0] == 0);
    CHECK(dgb_le64(out + 1) == UINT64_C(0x1122334455667788));

    /* Values with the top bit set survive (no sign extension through int promotion). */
    dgb_put_be32(out, 0xFFFFFFFFu);
    CHECK(dgb_be32(out) == 0xFFFFFFFFu);
    dgb_put_le16(out, 0x8000);
    CHECK_EQ_INT(dgb_le16(out), 0x8000);
    return check_report();
}
