/* main.c - placeholder until the app shell lands. */
int main(void) { return 0; }
