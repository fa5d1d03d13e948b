/* bench_text — throughput of the text front end (dy_text_prepare).
 *
 *   bench_text [MB] [corpus-file] [passes]
 *
 * Generates MB megabytes (default 200) of news-like text from templates with
 * a fixed seed (same bytes on every run and machine), writes it to
 * corpus-file (default bench_text_corpus.txt), then times dy_text_prepare
 * over every story (stories are separated by two blank lines) and, for
 * scale, `LC_ALL=C wc -w` over the same file. Prints one machine-readable
 * line per figure: "bench text.<name> <value>". Rates are per CPU second
 * (best of passes; CPU time so that other processes on a shared machine do
 * not count), text.mb_per_s_wall is the wall-clock rate of the best pass. */
#define _GNU_SOURCE /* memmem */
#include "text/text.h"

#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------ generator */

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static uint64_t rnd(void) { /* splitmix64 */
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}
static unsigned pick(unsigned n) { return (unsigned)(rnd() % n); }
#define ONE(arr) (arr[pick(sizeof arr / sizeof arr[0])])

typedef struct { char *p; size_t n, cap; } buf;
static void put(buf *b, const char *s) {
  size_t k = strlen(s);
  if (b->n + k + 1 > b->cap) {
    b->cap = (b->cap + k + 1) * 2;
    b->p = realloc(b->p, b->cap);
    if (!b->p) { perror("realloc"); exit(1); }
  }
  memcpy(b->p + b->n, s, k);
  b->n += k;
}
static void putf(buf *b, const char *fmt, long v) {
  char tmp[64];
  snprintf(tmp, sizeof tmp, fmt, v);
  put(b, tmp);
}

static const char *const PLACES[] = {"WASHINGTON", "MOSCOW", "BEIRUT", "SOCHI, Russia", "KABUL, Afghanistan",
                                     "GAZA CITY", "UNITED NATIONS", "BEIJING", "CAIRO", "NEW DELHI",
                                     "S\xC3\x83O PAULO, Brazil", "LONDON", "PARIS", "ANKARA, Turkey"};
static const char *const AGENCIES[] = {" (AP) --", " (Reuters) -", " (AFP) -", " \xE2\x80\x94", " (Xinhua) --", " --"};
static const char *const COUNTRIES[] = {"the U.S.", "Russia", "China", "Iran", "Israel", "the U.N.", "Syria",
                                        "the European Union", "Ukraine", "Turkey", "Egypt", "Pakistan",
                                        "the U.K.", "North Korea", "Saudi Arabia", "Brazil", "India"};
static const char *const POSS[] = {"Russia's", "China's", "Iran's", "Israel's", "Syria's", "Egypt's",
                                   "the country's", "Ukraine's", "Turkey's", "the group's"};
static const char *const TITLES[] = {"President", "Prime Minister", "Foreign Minister", "Gen.", "Sen.",
                                     "Mr.", "Dr.", "Defense Secretary", "Lt. Col.", "Gov.", "Rep."};
static const char *const NAMES[] = {"Vladimir Putin", "Barack Obama", "Xi Jinping", "Bashar al-Assad",
                                    "John Kerry", "George W. Bush", "Recep Tayyip Erdo\xC4\x9F" "an",
                                    "Hassan Rouhani", "Angela Merkel", "Ban Ki-moon", "Sergei Lavrov",
                                    "Benjamin Netanyahu", "Mahmoud Abbas", "Petro Poroshenko",
                                    "John F. Kennedy Jr.", "Ahmed Ali", "Maria Gonz\xC3\xA1lez"};
static const char *const GROUPS[] = {"rebels", "militants", "protesters", "officials", "troops", "police",
                                     "lawmakers", "diplomats", "activists", "security forces",
                                     "Islamic State fighters", "Hamas leaders", "NATO allies"};
static const char *const VERBS[] = {"accused", "condemned", "met with", "urged", "warned", "criticized",
                                    "praised", "threatened", "attacked", "supported", "rejected",
                                    "called on", "demanded talks with", "imposed sanctions on",
                                    "signed an agreement with", "sent troops to"};
static const char *const SAYS[] = {"said", "told reporters", "said on Tuesday", "said in a statement",
                                   "told The Associated Press", "announced", "added", "said late Monday"};
static const char *const WHEN[] = {"on Monday", "on Tuesday", "on Jan. 30", "on Sept. 11", "last week",
                                   "earlier this month", "on Dec. 24", "late Friday", "in 2014",
                                   "at 5 p.m.", "on Aug. 26", "overnight"};
static const char *const OBJ[] = {"the cease-fire", "the nuclear deal", "the peace talks", "the sanctions",
                                  "the attack", "the election results", "the border crossing",
                                  "the humanitarian corridor", "the military exercises", "the co-sponsored resolution",
                                  "the U.S.-led coalition", "the 10-month-old conflict"};
static const char *const QUOTES[] = {"We will not accept this", "This is a violation of international law",
                                     "We didn't expect it", "They can't be trusted", "It's a step forward",
                                     "We won't back down", "The situation is very serious",
                                     "We're ready to talk", "Nobody wants a war", "I'm deeply concerned"};
static const char *const ORGS[] = {"Gazprom", "Apple Inc.", "Boeing Co.", "Exxon Mobil Corp.",
                                   "Reuters", "the Red Cross", "Amnesty International", "the World Bank"};

static void actor(buf *b) {
  switch (pick(4)) {
  case 0: put(b, ONE(TITLES)); put(b, " "); put(b, ONE(NAMES)); break;
  case 1: put(b, ONE(NAMES)); break;
  case 2: put(b, ONE(POSS)); put(b, " "); put(b, ONE(GROUPS)); break;
  default: put(b, ONE(COUNTRIES)); break;
  }
}

static void number(buf *b) {
  switch (pick(5)) {
  case 0: putf(b, "%ld", 2 + pick(98)); break;
  case 1: putf(b, "%ld,", 1 + pick(99)); putf(b, "%03ld", pick(1000)); break;
  case 2: putf(b, "%ld.", pick(20)); putf(b, "%ld percent", pick(10)); break;
  case 3: putf(b, "$%ld.", 1 + pick(9)); putf(b, "%ld billion", pick(10)); break;
  default: putf(b, "%ld", 1990 + pick(30)); break;
  }
}

static void sentence(buf *b) {
  switch (pick(9)) {
  case 0: /* plain event */
    actor(b); put(b, " "); put(b, ONE(VERBS)); put(b, " "); actor(b); put(b, " "); put(b, ONE(WHEN));
    put(b, ", "); actor(b); put(b, " "); put(b, ONE(SAYS)); put(b, ".");
    break;
  case 1: /* quotation ending the sentence */
    put(b, pick(8) ? "\"" : "\xE2\x80\x9C"); put(b, ONE(QUOTES)); put(b, pick(2) ? ".\"" : ",\"");
    put(b, " "); actor(b); put(b, " "); put(b, ONE(SAYS)); put(b, ".");
    break;
  case 2: /* numbers */
    put(b, "The "); put(b, ONE(GROUPS)); put(b, " said "); number(b); put(b, " people were killed and ");
    number(b); put(b, " wounded in "); put(b, ONE(OBJ)); put(b, " "); put(b, ONE(WHEN)); put(b, ".");
    break;
  case 3: /* reported speech with contractions */
    actor(b); put(b, " said "); actor(b); put(b, pick(2) ? " didn't " : " won't "); put(b, "support ");
    put(b, ONE(OBJ)); put(b, ", and that "); put(b, ONE(POSS)); put(b, " position hasn't changed.");
    break;
  case 4: /* company news */
    put(b, ONE(ORGS)); put(b, " said its profit rose "); number(b); put(b, " to "); number(b);
    put(b, " in the quarter, compared with "); number(b); put(b, " a year earlier.");
    break;
  case 5: /* question */
    put(b, "Will "); actor(b); put(b, " accept "); put(b, ONE(OBJ)); put(b, "?");
    break;
  case 6: /* parenthetical and dashes */
    actor(b); put(b, " -- who "); put(b, ONE(VERBS)); put(b, " "); actor(b); put(b, " -- ");
    put(b, ONE(SAYS)); put(b, " the talks (in Geneva) would resume "); put(b, ONE(WHEN)); put(b, ".");
    break;
  case 7: /* long sentence */
    put(b, "In a statement released "); put(b, ONE(WHEN)); put(b, ", "); actor(b); put(b, " ");
    put(b, ONE(VERBS)); put(b, " "); actor(b); put(b, " over "); put(b, ONE(OBJ));
    put(b, ", saying that "); actor(b); put(b, " had "); put(b, ONE(VERBS)); put(b, " "); actor(b);
    put(b, " and that "); number(b); put(b, " civilians had fled since "); put(b, ONE(WHEN)); put(b, ".");
    break;
  default:
    actor(b); put(b, " "); put(b, ONE(VERBS)); put(b, " "); actor(b); put(b, ".");
    break;
  }
}

/* One story: optional headline, dateline, 4-14 paragraphs of 1-3 sentences. */
static void story(buf *b) {
  if (pick(4) == 0) { put(b, "TALKS RESUME IN GENEVA\n\n"); }
  if (pick(3)) { put(b, ONE(PLACES)); put(b, ONE(AGENCIES)); put(b, " "); }
  unsigned np = 4 + pick(11);
  for (unsigned p = 0; p < np; p++) {
    unsigned ns = 1 + pick(3);
    for (unsigned s = 0; s < ns; s++) {
      if (s) put(b, pick(6) ? " " : "\n");
      sentence(b);
    }
    put(b, p + 1 < np ? "\n\n" : "\n");
  }
  put(b, "\n\n");
}

/* ------------------------------------------------------------- timing */

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: see wc_cpu_seconds */
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double wall_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU seconds (user + system) of `LC_ALL=C wc -w path`, best of passes;
 * CPU time rather than wall time so that other processes on a shared
 * machine do not count. Returns -1 when wc cannot be run. */
static double wc_cpu_seconds(const char *path, int passes) {
  double best = 1e30;
  for (int i = 0; i < passes; i++) {
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
      int fd = open(path, O_RDONLY), nul = open("/dev/null", O_WRONLY);
      if (fd < 0 || nul < 0) _exit(127);
      dup2(fd, 0);
      dup2(nul, 1);
      setenv("LC_ALL", "C", 1);
      execlp("wc", "wc", "-w", (char *)NULL);
      _exit(127);
    }
    int st;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) return -1;
    double t = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
               (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
    if (t < best) best = t;
  }
  return best;
}

int main(int argc, char **argv) {
  double mb = argc > 1 ? atof(argv[1]) : 200;
  const char *path = argc > 2 ? argv[2] : "bench_text_corpus.txt";
  int passes = argc > 3 ? atoi(argv[3]) : 3;
  if (passes < 1) passes = 1;
  if (mb <= 0) { fprintf(stderr, "usage: bench_text [MB] [corpus-file]\n"); return 2; }
  size_t want = (size_t)(mb * 1e6);
  buf b = {0};
  while (b.n < want) story(&b);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(b.p, 1, b.n, f) != b.n || fclose(f) != 0) { perror(path); return 1; }

  /* Stories end at two blank lines ("\n\n\n"); found before timing, as a
   * reader would hand them over. */
  size_t nstories = 0, cap = 1024;
  size_t *start = malloc(cap * sizeof *start), *slen = malloc(cap * sizeof *slen);
  for (size_t at = 0; at < b.n;) {
    char *end = memmem(b.p + at, b.n - at, "\n\n\n", 3);
    size_t len = end ? (size_t)(end - (b.p + at)) : b.n - at;
    if (nstories == cap) {
      cap *= 2;
      start = realloc(start, cap * sizeof *start);
      slen = realloc(slen, cap * sizeof *slen);
    }
    start[nstories] = at;
    slen[nstories++] = len;
    at += len + 3;
  }
  /* The story lives outside the arena so the arena can be reset per story. */
  dy_story story_mem, *s = &story_mem;
  dy_arena *arena = dy_arena_new();
  size_t nsent = 0, ntok = 0;
  double secs = 1e30, wall = 1e30;
  for (int pass = 0; pass < passes; pass++) { /* best of a few: the machine may be busy */
    nsent = ntok = 0;
    double t0 = cpu_now(), w0 = wall_now();
    for (size_t i = 0; i < nstories; i++) {
      memset(s, 0, sizeof *s);
      s->arena = arena;
      s->text = b.p + start[i];
      s->len = slen[i];
      s->origin = path;
      if (dy_text_prepare(s) != 0) return 1;
      nsent += s->nsent;
      for (uint32_t k = 0; k < s->nsent; k++) ntok += s->sent[k].ntok;
      dy_arena_reset(arena);
    }
    double t = cpu_now() - t0, w = wall_now() - w0;
    if (t < secs) secs = t;
    if (w < wall) wall = w;
  }

  double wsecs = wc_cpu_seconds(path, passes);
  if (wsecs <= 0) { fprintf(stderr, "bench_text: cannot run wc -w\n"); return 1; }

  double mbs = (double)b.n / 1e6 / secs;
  printf("bench text.bytes %zu\n", b.n);
  printf("bench text.stories %zu\n", nstories);
  printf("bench text.sentences %zu\n", nsent);
  printf("bench text.tokens %zu\n", ntok);
  printf("bench text.seconds %.3f\n", secs);
  printf("bench text.mb_per_s %.1f\n", mbs);
  printf("bench text.mb_per_s_wall %.1f\n", (double)b.n / 1e6 / wall);
  printf("bench text.sentences_per_s %.0f\n", (double)nsent / secs);
  printf("bench text.tokens_per_s %.0f\n", (double)ntok / secs);
  printf("bench text.wc_w_mb_per_s %.1f\n", (double)b.n / 1e6 / wsecs);
  printf("bench text.ratio_to_wc_w %.2f\n", mbs / ((double)b.n / 1e6 / wsecs));
  dy_arena_free(&arena);
  free(b.p);
  free(start);
  free(slen);
  return 0;
}
