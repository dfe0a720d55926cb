/*
 * The logs bench's writer: numbered lines of about 80 characters, as fast as
 * the pipe takes them, in 64 KiB writes. A busybox shell loop tops out near
 * 70,000 lines/s on a shared machine, below what the bench must measure.
 *   log-writer [LINES]    (0 or absent: forever)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
  unsigned long long limit = argc > 1 ? strtoull(argv[1], NULL, 10) : 0;
  static char buf[1 << 16];
  const char tail[] = " the quick brown fox jumps over the lazy dog 0123456789 abcdefghij\n";
  size_t fill = 0;
  for (unsigned long long i = 0; limit == 0 || i < limit; i++) {
    if (fill > sizeof buf - 128) {
      for (size_t off = 0; off < fill;) {
        ssize_t n = write(1, buf + off, fill - off);
        if (n <= 0) return 1;
        off += (size_t)n;
      }
      fill = 0;
    }
    fill += (size_t)sprintf(buf + fill, "line %llu", i);
    memcpy(buf + fill, tail, sizeof tail - 1);
    fill += sizeof tail - 1;
  }
  for (size_t off = 0; off < fill;) {
    ssize_t n = write(1, buf + off, fill - off);
    if (n <= 0) return 1;
    off += (size_t)n;
  }
  return 0;
}
