/* feed_main.c - placeholder until darkglobe-feed lands. */
int main(void) { return 0; }
