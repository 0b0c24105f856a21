/* seqtrack.c - gaps in publishers' batch sequences (see seqtrack.h). */
#include "seqtrack.h"

#include "wire.h"

uint64_t dgseq_track(dgseq_tracker *t, const uint8_t *msg, size_t len)
{
    uint16_t id, seq;
    if (!dgw_get_seq(msg, len, &id, &seq)) return 0;
    int i = 0;
    while (i < DGSEQ_PUBLISHERS && !(t->pubs[i].used && t->pubs[i].id == id))
        i++;
    uint64_t lost = 0;
    if (i == DGSEQ_PUBLISHERS) {
        i = t->next_slot;
        t->next_slot = (t->next_slot + 1) % DGSEQ_PUBLISHERS;
        t->pubs[i].used = true;
        t->pubs[i].id = id;
    } else {
        uint16_t gap = (uint16_t)(seq - t->pubs[i].next);
        if (gap < 32768) lost = gap;
    }
    t->pubs[i].next = (uint16_t)(seq + 1);
    return lost;
}
