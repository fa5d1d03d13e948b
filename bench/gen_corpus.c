/*
 * gen_corpus.c — a deterministic generator of realistic news stories for
 * benchmarks: dated wire reports with datelines, quotes, titles and names,
 * compound actors, passive and negated sentences, numbers and
 * abbreviations, relative dates. Sentences come from templates filled with
 * seeded random choices, plus (once each) the real newswire sentences of
 * PETRARCH's XML files when a directory holding them is given. No sentence
 * is ever emitted twice (a hash set of every sentence; a collision is
 * regenerated). The same seed and size give byte-identical output.
 *
 *   gen_corpus [-s SEED] [-m MB] [-o DIR] [-p PETRARCH_TEXT_DIR] [-a ACTORS_FILE] [-S FILE]
 *
 * -a FILE (a PETRARCH actors dictionary, e.g. the default set's
 * Phoenix.Countries.actors.txt) widens the vocabulary: a quarter of the
 * actor phrases are then primary names of that file (2 to 4 words, e.g.
 * "Hailemariam Desalegn"), so that dictionary lookups meet thousands of
 * different names rather than the few dozen of the templates. Without -a
 * the output is what it always was for a seed.
 *
 * writes DIR/corpus.jsonl (one story per line: id, date, source, url,
 * title, text) until it holds MB megabytes, and the same stories as
 * DIR/text/<id>.txt in dyad's text format ("date YYYY-MM-DD " + first
 * paragraph, blank lines between paragraphs). -S also writes every
 * sentence, one per line (tests check uniqueness with it).
 *
 * Standalone C11 (libc only), so it builds anywhere the benchmarks run.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ----------------------------------------------------------- random */

static uint64_t rng_state;

static uint64_t rnd(void) { /* splitmix64: tiny, fast, same everywhere */
  uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
static unsigned pick(unsigned n) { return (unsigned)(rnd() % n); }
static int chance(unsigned pct) { return pick(100) < pct; }
#define ONE(arr) (arr[pick(sizeof arr / sizeof arr[0])])

/* ------------------------------------------------------------ pools */

typedef struct country {
  const char *name, *adj, *capital, *leader, *minister;
} country;

static const country countries[] = {
  {"Russia", "Russian", "Moscow", "President Vladimir Putin", "Foreign Minister Sergey Lavrov"},
  {"Turkey", "Turkish", "Ankara", "President Recep Tayyip Erdoğan", "Foreign Minister Mevlüt Çavuşoğlu"},
  {"Iran", "Iranian", "Tehran", "President Hassan Rouhani", "Foreign Minister Mohammad Javad Zarif"},
  {"Syria", "Syrian", "Damascus", "President Bashar al-Assad", "Foreign Minister Walid al-Moualem"},
  {"the United States", "U.S.", "Washington", "President Donald Trump", "Secretary of State Rex Tillerson"},
  {"France", "French", "Paris", "President Emmanuel Macron", "Foreign Minister Jean-Yves Le Drian"},
  {"Germany", "German", "Berlin", "Chancellor Angela Merkel", "Foreign Minister Sigmar Gabriel"},
  {"China", "Chinese", "Beijing", "President Xi Jinping", "Foreign Minister Wang Yi"},
  {"Israel", "Israeli", "Jerusalem", "Prime Minister Benjamin Netanyahu", "Defense Minister Avigdor Lieberman"},
  {"Egypt", "Egyptian", "Cairo", "President Abdel-Fattah el-Sissi", "Foreign Minister Sameh Shoukry"},
  {"Japan", "Japanese", "Tokyo", "Prime Minister Shinzo Abe", "Foreign Minister Taro Kono"},
  {"India", "Indian", "New Delhi", "Prime Minister Narendra Modi", "External Affairs Minister Sushma Swaraj"},
  {"Pakistan", "Pakistani", "Islamabad", "Prime Minister Shahid Khaqan Abbasi", "Foreign Minister Khawaja Asif"},
  {"Nigeria", "Nigerian", "Abuja", "President Muhammadu Buhari", "Foreign Minister Geoffrey Onyeama"},
  {"Brazil", "Brazilian", "Brasília", "President Michel Temer", "Foreign Minister Aloysio Nunes"},
  {"Ukraine", "Ukrainian", "Kiev", "President Petro Poroshenko", "Foreign Minister Pavlo Klimkin"},
  {"South Korea", "South Korean", "Seoul", "President Moon Jae-in", "Foreign Minister Kang Kyung-wha"},
  {"North Korea", "North Korean", "Pyongyang", "leader Kim Jong Un", "Foreign Minister Ri Yong Ho"},
  {"Afghanistan", "Afghan", "Kabul", "President Ashraf Ghani", "Foreign Minister Salahuddin Rabbani"},
  {"Iraq", "Iraqi", "Baghdad", "Prime Minister Haider al-Abadi", "Foreign Minister Ibrahim al-Jaafari"},
  {"Saudi Arabia", "Saudi", "Riyadh", "King Salman", "Foreign Minister Adel al-Jubeir"},
  {"Mexico", "Mexican", "Mexico City", "President Enrique Peña Nieto", "Foreign Minister Luis Videgaray"},
  {"Kenya", "Kenyan", "Nairobi", "President Uhuru Kenyatta", "Foreign Minister Monica Juma"},
  {"Colombia", "Colombian", "Bogotá", "President Juan Manuel Santos", "Foreign Minister María Ángela Holguín"},
  {"Venezuela", "Venezuelan", "Caracas", "President Nicolás Maduro", "Foreign Minister Jorge Arreaza"},
  {"Lebanon", "Lebanese", "Beirut", "Prime Minister Saad Hariri", "Foreign Minister Gebran Bassil"},
  {"Jordan", "Jordanian", "Amman", "King Abdullah II", "Foreign Minister Ayman Safadi"},
  {"Ethiopia", "Ethiopian", "Addis Ababa", "Prime Minister Hailemariam Desalegn", "Foreign Minister Workneh Gebeyehu"},
};
#define NC (sizeof countries / sizeof countries[0])

static const char *const orgs[] = {
  "the United Nations", "the U.N. Security Council", "NATO", "the European Union",
  "the African Union", "the Red Cross", "Amnesty International", "Human Rights Watch",
  "the International Atomic Energy Agency", "the Arab League", "the World Bank",
  "the International Monetary Fund", "Hamas", "Hezbollah", "the Taliban",
  "the Islamic State group", "Boko Haram", "al-Shabab", "the Kurdish YPG militia",
  "the OSCE monitoring mission"};
static const char *const groups[] = {
  "troops", "police", "opposition leaders", "rebels", "lawmakers", "officials",
  "protesters", "security forces", "diplomats", "militants", "border guards",
  "prosecutors", "students", "farmers", "trade unions"};
static const char *const bodies[] = {
  "government", "Defense Ministry", "Foreign Ministry", "parliament", "army",
  "Interior Ministry", "central bank", "Supreme Court", "navy", "election commission"};
static const char *const weekdays[] = {
  "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
static const char *const months_ap[] = {
  "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."};
static const char *const towns[] = {
  "Aleppo", "Idlib", "Mosul", "Donetsk", "Mariupol", "Kandahar", "Helmand province",
  "Maiduguri", "Mogadishu", "Sanaa", "Hodeida", "Raqqa", "Afrin", "Gaza City",
  "Hebron", "Benghazi", "Tripoli", "Juba", "Goma", "Marawi", "Quetta", "Peshawar",
  "Kirkuk", "Deir el-Zour", "Homs", "Douma", "Kasai", "Timbuktu", "Gao", "Cúcuta"};
static const char *const quotes[] = {
  "We will not accept any preconditions", "Our patience has limits",
  "This is a dangerous escalation", "We are ready to talk, but not under pressure",
  "The door to dialogue remains open", "Those responsible will be held accountable",
  "There is no military solution to this conflict", "We stand with our allies",
  "This decision violates international law", "We will defend our sovereignty",
  "The ceasefire must be respected by all sides", "Nobody wants a new war",
  "These accusations are baseless", "We expect concrete steps, not words",
  "The humanitarian situation is catastrophic", "Our troops will stay as long as needed"};
static const char *const verbs_t[] = { /* past tense, takes an object */
  "met with", "accused", "criticized", "praised", "condemned", "welcomed", "urged",
  "warned", "threatened", "thanked", "hosted", "rebuked", "congratulated",
  "blamed", "sued", "snubbed", "telephoned", "reassured", "lobbied", "endorsed"};
static const char *const verbs_base[] = {
  "meet", "criticize", "recognize", "support", "attack", "sanction", "accuse",
  "invite", "endorse", "consult", "negotiate with", "cooperate with", "pressure",
  "visit"};
static const char *const verbs_pp[] = {
  "criticized", "praised", "condemned", "attacked", "accused of war crimes",
  "invited to peace talks", "accused of corruption", "targeted", "shelled",
  "sanctioned", "warned", "welcomed", "ambushed", "rebuked"};
static const char *const verbs_done[] = {
  "attacked", "shelled", "sanctioned", "threatened", "criticized", "bombed", "spied on",
  "detained members of", "expelled diplomats of", "insulted"};
static const char *const requests[] = {
  "withdraw its troops", "release the detainees", "end the blockade",
  "allow aid convoys into the city", "return to the negotiating table",
  "respect the ceasefire", "hold early elections", "stop the shelling",
  "open the border crossings", "hand over the suspects", "lift the sanctions",
  "investigate the killings"};
static const char *const when_past[] = {
  "on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday",
  "on Saturday", "on Sunday", "yesterday", "last week", "late Tuesday",
  "early Friday", "on Thursday night", "earlier this week", "two days ago",
  "last month", "this morning", ""};
static const char *const agencies[] = {
  "the state news agency reported", "officials said", "witnesses said",
  "a spokesman said", "local media reported", "the ministry said in a statement",
  "a senior official told reporters", "diplomats said", "according to Reuters",
  "according to a U.N. report", "activists said", "police said"};
static const char *const titles[] = {
  "Gen.", "Col.", "Lt. Col.", "Maj. Gen.", "Dr.", "Sen.", "Rep.", "Amb.", "Adm."};
static const char *const first_names[] = {
  "Ahmed", "Maria", "John", "Olena", "Mohammed", "Li", "Fatima", "James", "Ivan",
  "Aisha", "Carlos", "Yuki", "Omar", "Anna", "David", "Zainab", "Pierre", "Chen",
  "Emeka", "Sofía", "Dmitry", "Leila", "Hiroshi", "Grace", "Mustafa", "Eliška"};
static const char *const last_names[] = {
  "Hassan", "Petrenko", "Smith", "Okafor", "Kim", "Novak", "al-Hashimi", "Garcia",
  "Ivanov", "Dubois", "Tanaka", "Mensah", "Haddad", "Kowalski", "Yilmaz", "Singh",
  "Chaudhry", "Müller", "Rossi", "Nguyen", "Abubakar", "O'Brien", "Sánchez", "Farouk"};
static const char *const wire[] = {"AP", "Reuters", "AFP", "Xinhua", "dpa"};

/* ------------------------------------------------------------- text */

typedef struct buf {
  char *p;
  size_t n, cap;
} buf;

static void bput(buf *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) {
    b->cap = (b->n + n + 1) * 2;
    b->p = realloc(b->p, b->cap);
    if (!b->p) { perror("gen_corpus"); exit(1); }
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = 0;
}
static void bputs(buf *b, const char *s) { bput(b, s, strlen(s)); }
static void bprintf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bprintf(buf *b, const char *fmt, ...) {
  char tmp[2048];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  bput(b, tmp, n < 0 ? 0 : (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static const country *cty(void) { return &countries[pick(NC)]; }

static void person(char *out, size_t cap) {
  snprintf(out, cap, "%s %s", ONE(first_names), ONE(last_names));
}

/* Primary names of -a's actors file, title-cased. */
static char **dict_names;
static size_t ndict_names;

/* "VLADIMIR_PUTIN_  # comment" -> "Vladimir Putin"; 0 when the line is not
 * a primary name of 2..4 plain words (letters, '.', '-', '\''). */
static int dict_name(const char *line, char *out, size_t cap) {
  size_t n = 0, words = 1;
  if (line[0] < 'A' || line[0] > 'Z') return 0;
  for (const char *p = line; *p && *p != ' ' && *p != '\t' && *p != '#' && *p != '\n' && *p != '\r'; p++) {
    char ch = *p;
    if (ch == '_') {
      if (p[1] == 0 || p[1] == '_' || p[1] == ' ' || p[1] == '\t' || p[1] == '\n' || p[1] == '#') break;
      ch = ' ';
      words++;
    } else if (!((ch >= 'A' && ch <= 'Z') || ch == '.' || ch == '-' || ch == '\'')) {
      return 0;
    } else if (n > 0 && out[n - 1] != ' ' && out[n - 1] != '-' && ch >= 'A' && ch <= 'Z') {
      ch = (char)(ch - 'A' + 'a');
    }
    if (n + 2 >= cap) return 0;
    out[n++] = ch;
  }
  out[n] = 0;
  return words >= 2 && words <= 4 && n >= 5;
}

static void load_actors(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) { fprintf(stderr, "gen_corpus: %s: %s\n", path, strerror(errno)); exit(1); }
  char line[1024], name[256];
  size_t cap = 0;
  while (fgets(line, sizeof line, f)) {
    if (!dict_name(line, name, sizeof name)) continue;
    if (ndict_names == cap) {
      cap = cap ? cap * 2 : 1024;
      dict_names = realloc(dict_names, cap * sizeof *dict_names);
      if (!dict_names) { perror("gen_corpus"); exit(1); }
    }
    dict_names[ndict_names] = strdup(name);
    if (!dict_names[ndict_names]) { perror("gen_corpus"); exit(1); }
    ndict_names++;
  }
  fclose(f);
}

/* An actor phrase: a leader, a minister, a country's group or body, an
 * organisation, a named official. */
static int actor(char *out, size_t cap, const country *c) { /* 1: plural */
  char name[128];
  int plural = 0;
  if (ndict_names && chance(25)) { /* only with -a: the same bytes without it */
    snprintf(out, cap, "%s", dict_names[pick((unsigned)ndict_names)]);
    return 0;
  }
  switch (pick(8)) {
  case 0: snprintf(out, cap, "%s %s", c->adj, c->leader); break;
  case 1: snprintf(out, cap, "%s %s", c->adj, c->minister); break;
  case 2: snprintf(out, cap, "%s %s", c->adj, ONE(groups)); plural = 1; break;
  case 3: snprintf(out, cap, "the %s %s", c->adj, ONE(bodies)); break;
  case 4: snprintf(out, cap, "%s", ONE(orgs)); break;
  case 5: snprintf(out, cap, "%s", c->name); break;
  case 6:
    person(name, sizeof name);
    snprintf(out, cap, "%s %s, the %s envoy to %s", ONE(titles), name, c->adj, ONE(orgs));
    break;
  default:
    person(name, sizeof name);
    snprintf(out, cap, "%s %s spokesman %s", c->adj, ONE(bodies), name);
    break;
  }
  return plural;
}

static void cap_first(char *s) {
  if (s[0] >= 'a' && s[0] <= 'z') s[0] = (char)(s[0] - 'a' + 'A');
}

static const char *when(void) { return ONE(when_past); }

/* One template sentence into b (no trailing space). */
static void template_sentence(buf *b) {
  const country *c1 = cty(), *c2 = cty();
  while (c2 == c1) c2 = cty();
  char a[256], t[256], A[256], T[256], x[256], name[128];
  actor(a, sizeof a, c1);  /* a, t mid-sentence; A, T at its start */
  int t_plural = actor(t, sizeof t, c2);
  memcpy(A, a, sizeof A);
  memcpy(T, t, sizeof T);
  cap_first(A);
  cap_first(T);
  const char *be = t_plural ? "were" : "was";
  const char *w = when();
  const char *sp = *w ? " " : "";
  switch (pick(14)) {
  case 0: /* plain active */
    bprintf(b, "%s %s %s%s%s.", A, ONE(verbs_t), t, sp, w);
    break;
  case 1: /* active with place and source */
    bprintf(b, "%s %s %s in %s%s%s, %s.", A, ONE(verbs_t), t, c1->capital, sp, w, ONE(agencies));
    break;
  case 2: /* passive */
    bprintf(b, "%s %s %s by %s%s%s, %s.", T, be, ONE(verbs_pp), a, sp, w, ONE(agencies));
    break;
  case 3: /* negated */
    bprintf(b, "%s did not %s %s%s%s, despite %s pressure from %s.", A, ONE(verbs_base), t, sp,
            w, pick(2) ? "mounting" : "strong", ONE(orgs));
    break;
  case 4: /* refused / denied */
    if (pick(2))
      bprintf(b, "%s refused to %s %s, %s.", A, ONE(verbs_base), t, ONE(agencies));
    else
      bprintf(b, "%s denied that it had %s %s%s%s.", A, ONE(verbs_done), t, sp, w);
    break;
  case 5: /* quote first */
    bprintf(b, "\"%s,\" %s told reporters in %s%s%s.", ONE(quotes), a, c1->capital, sp, w);
    break;
  case 6: /* quote after */
    bprintf(b, "%s said%s%s: \"%s, and %s must %s.\"", A, sp, w, ONE(quotes), t, ONE(requests));
    break;
  case 7: /* compound actors */
    snprintf(x, sizeof x, "%s", c1->name);
    cap_first(x);
    bprintf(b, "%s and %s %s %s%s%s.", x, c2->name, pick(2) ? "signed an agreement with" : "held talks with",
            ONE(orgs), sp, w);
    break;
  case 8: /* casualties with numbers */
    bprintf(b, "At least %u people were killed and %u wounded when %s shelled %s%s%s, %s.",
            2 + pick(80), 3 + pick(200), a, ONE(towns), sp, w, ONE(agencies));
    break;
  case 9: /* money */
    bprintf(b, "%s pledged $%u.%u %s in %s aid to %s, %s.", A, 1 + pick(900), pick(10),
            pick(2) ? "million" : "billion", pick(2) ? "humanitarian" : "military", t, ONE(agencies));
    break;
  case 10: /* call on X to ... */
    bprintf(b, "%s called on %s to %s%s%s.", A, t, ONE(requests), sp, w);
    break;
  case 11: /* reported future */
    bprintf(b, "%s said %s that %s would %s %s on %s %u.", A, ONE(weekdays), c2->name,
            ONE(verbs_base), ONE(orgs), ONE(months_ap), 1 + pick(28));
    break;
  case 12: /* title and name, abbreviations */
    person(name, sizeof name);
    snprintf(x, sizeof x, "%s %s", ONE(titles), name);
    bprintf(b, "%s, who commands %s %s in %s, %s the U.S.-backed plan at %u:%02u p.m. %s.",
            x, c1->adj, ONE(groups), ONE(towns), pick(2) ? "rejected" : "welcomed",
            1 + pick(12), pick(60), ONE(weekdays));
    break;
  default: /* economy, percentages */
    bprintf(b, "The %s economy grew %u.%u percent in the %s quarter, the %s said on %s.",
            c1->adj, pick(9), pick(10), pick(2) ? "third" : "second", ONE(bodies), ONE(weekdays));
    break;
  }
}

/* ----------------------------------------------- real sentences (XML) */

static char **real;
static size_t nreal, next_real;

static void add_real(const char *s, size_t n) {
  buf b = {0};
  int space = 0;
  for (size_t i = 0; i < n; i++) { /* collapse whitespace, decode entities */
    char ch = s[i];
    if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t') { space = b.n > 0; continue; }
    if (space) { bput(&b, " ", 1); space = 0; }
    if (ch == '&') {
      static const struct { const char *e, *r; } ent[] = {
        {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}};
      size_t k;
      for (k = 0; k < 5; k++) {
        size_t l = strlen(ent[k].e);
        if (i + l <= n && memcmp(s + i, ent[k].e, l) == 0) { bputs(&b, ent[k].r); i += l - 1; break; }
      }
      if (k < 5) continue;
    }
    bput(&b, &ch, 1);
  }
  if (b.n < 20) { free(b.p); return; }
  real = realloc(real, (nreal + 1) * sizeof *real);
  real[nreal++] = b.p;
}

static void load_xml(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return;
  buf b = {0};
  char tmp[65536];
  size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) bput(&b, tmp, n);
  fclose(f);
  for (char *p = b.p; p && (p = strstr(p, "<Text>")) != NULL;) {
    p += 6;
    char *e = strstr(p, "</Text>");
    if (!e) break;
    add_real(p, (size_t)(e - p));
    p = e + 7;
  }
  free(b.p);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void load_dir(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) { fprintf(stderr, "gen_corpus: %s: %s (no real sentences)\n", dir, strerror(errno)); return; }
  char **names = NULL;
  size_t nn = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    size_t l = strlen(e->d_name);
    if (l > 4 && strcmp(e->d_name + l - 4, ".xml") == 0) {
      names = realloc(names, (nn + 1) * sizeof *names);
      names[nn++] = strdup(e->d_name);
    }
  }
  closedir(d);
  qsort(names, nn, sizeof *names, cmp_str); /* readdir order is not stable */
  for (size_t i = 0; i < nn; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    load_xml(path);
    free(names[i]);
  }
  free(names);
  /* shuffle deterministically so they spread over the stories */
  for (size_t i = nreal; i > 1; i--) {
    size_t j = (size_t)(rnd() % i);
    char *t = real[i - 1]; real[i - 1] = real[j]; real[j] = t;
  }
}

/* ------------------------------------------------------ uniqueness */

static uint64_t *seen;
static size_t nseen, capseen;

static uint64_t fnv(const char *s, size_t n) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < n; i++) { h ^= (unsigned char)s[i]; h *= 0x100000001b3ULL; }
  return h ? h : 1;
}

/* Inserts the hash; returns 0 if it was already there. */
static int seen_add(uint64_t h) {
  if ((nseen + 1) * 2 > capseen) {
    size_t cap = capseen ? capseen * 2 : 1 << 16;
    uint64_t *t = calloc(cap, sizeof *t);
    if (!t) { perror("gen_corpus"); exit(1); }
    for (size_t i = 0; i < capseen; i++)
      if (seen[i]) {
        size_t k = seen[i] & (cap - 1);
        while (t[k]) k = (k + 1) & (cap - 1);
        t[k] = seen[i];
      }
    free(seen);
    seen = t;
    capseen = cap;
  }
  size_t k = h & (capseen - 1);
  while (seen[k]) {
    if (seen[k] == h) return 0;
    k = (k + 1) & (capseen - 1);
  }
  seen[k] = h;
  nseen++;
  return 1;
}

/* Appends one never-seen sentence to b; returns its start offset. */
static size_t sentence(buf *b) {
  size_t start = b->n;
  if (next_real < nreal && chance(25)) {
    const char *s = real[next_real++];
    if (seen_add(fnv(s, strlen(s)))) { bputs(b, s); 
      char last = b->p[b->n - 1]; /* some records lack the final period */
      if (last != '.' && last != '!' && last != '?' && last != '"') bputs(b, ".");
      return start;
    }
  }
  for (;;) {
    b->n = start;
    template_sentence(b);
    if (seen_add(fnv(b->p + start, b->n - start))) return start;
  }
}

/* ------------------------------------------------------------ output */

static void json_str(FILE *f, const char *s, size_t n) {
  fputc('"', f);
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') { fputc('\\', f); fputc(c, f); }
    else if (c == '\n') fputs("\\n", f);
    else if (c < 0x20) fprintf(f, "\\u%04x", c);
    else fputc(c, f);
  }
  fputc('"', f);
}

static void upper(char *out, size_t cap, const char *s) {
  size_t i = 0;
  for (; s[i] && i + 1 < cap; i++) out[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char)(s[i] - 32) : s[i];
  out[i] = 0;
}

static int days_in(int y, int m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0) ? 29 : d[m - 1];
}

static void usage(void) {
  fprintf(stderr, "usage: gen_corpus [-s SEED] [-m MB] [-o DIR] [-p PETRARCH_TEXT_DIR] [-a ACTORS_FILE] [-S FILE]\n");
  exit(2);
}

int main(int argc, char **argv) {
  unsigned long long seed = 1;
  double mb = 10;
  const char *out = "bench/out", *pdir = NULL, *sfile = NULL, *afile = NULL;
  for (int i = 1; i < argc; i++) {
    if (i + 1 >= argc) usage();
    if (strcmp(argv[i], "-s") == 0) seed = strtoull(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "-m") == 0) mb = strtod(argv[++i], NULL);
    else if (strcmp(argv[i], "-o") == 0) out = argv[++i];
    else if (strcmp(argv[i], "-p") == 0) pdir = argv[++i];
    else if (strcmp(argv[i], "-S") == 0) sfile = argv[++i];
    else if (strcmp(argv[i], "-a") == 0) afile = argv[++i];
    else usage();
  }
  if (mb <= 0) usage();
  rng_state = seed * 0x2545f4914f6cdd1dULL + 1;
  if (pdir) load_dir(pdir);
  if (afile) load_actors(afile);

  char path[4096];
  mkdir(out, 0777);
  snprintf(path, sizeof path, "%s/text", out);
  mkdir(path, 0777);
  snprintf(path, sizeof path, "%s/corpus.jsonl", out);
  FILE *jf = fopen(path, "w");
  if (!jf) { fprintf(stderr, "gen_corpus: %s: %s\n", path, strerror(errno)); return 1; }
  FILE *sf = sfile ? fopen(sfile, "w") : NULL;
  if (sfile && !sf) { fprintf(stderr, "gen_corpus: %s: %s\n", sfile, strerror(errno)); return 1; }

  buf text = {0};
  size_t *starts = NULL, cap_starts = 0;
  unsigned long nstory = 0, nsent = 0;
  double limit = mb * 1e6;
  while ((double)ftell(jf) < limit) {
    nstory++;
    int y = 2014 + (int)pick(6), m = 1 + (int)pick(12), d = 1 + (int)pick((unsigned)days_in(y, m));
    const country *c = cty();
    const char *agency = ONE(wire);
    char cap[64], id[32];
    upper(cap, sizeof cap, c->capital);
    snprintf(id, sizeof id, "gen-%07lu", nstory);

    text.n = 0;
    size_t ns = 0;
    unsigned paras = 2 + pick(4);
    for (unsigned p = 0; p < paras; p++) {
      if (p) bputs(&text, "\n\n");
      if (p == 0) { /* dateline */
        if (strcmp(agency, "Reuters") == 0)
          bprintf(&text, "%s, %s %d (Reuters) - ", cap, months_ap[m - 1], d);
        else if (strcmp(agency, "AP") == 0)
          bprintf(&text, "%s (AP) \xE2\x80\x94 ", cap);
        else
          bprintf(&text, "%s (%s) -- ", c->capital, agency);
      }
      unsigned k = 1 + pick(3);
      for (unsigned j = 0; j < k; j++) {
        if (j) bputs(&text, " ");
        if (ns == cap_starts) {
          cap_starts = cap_starts ? cap_starts * 2 : 16;
          starts = realloc(starts, cap_starts * sizeof *starts);
        }
        starts[ns++] = sentence(&text);
      }
    }
    nsent += ns;
    if (sf) /* sentences end where the next begins (minus separators) */
      for (size_t j = 0; j < ns; j++) {
        size_t e = j + 1 < ns ? starts[j + 1] : text.n;
        while (e > starts[j] && (text.p[e - 1] == ' ' || text.p[e - 1] == '\n')) e--;
        fwrite(text.p + starts[j], 1, e - starts[j], sf);
        fputc('\n', sf);
      }

    char title[160];
    size_t s0 = starts[0], tl = 0;
    while (s0 + tl < text.n && tl < 70 && text.p[s0 + tl] != '.' && text.p[s0 + tl] != ',') tl++;
    /* cut before a whole UTF-8 character: while the first byte left out
     * continues a character, leave that character's lead byte out too */
    while (tl > 0 && s0 + tl < text.n && (text.p[s0 + tl] & 0xC0) == 0x80) tl--;
    snprintf(title, sizeof title, "%.*s", (int)tl, text.p + s0);

    fprintf(jf, "{\"id\":\"%s\",\"date\":\"%04d-%02d-%02d\",\"source\":\"%s\",\"url\":"
                "\"https://news.example.org/%04d/%02d/%02d/%s\",\"title\":",
            id, y, m, d, agency, y, m, d, id);
    json_str(jf, title, strlen(title));
    fputs(",\"text\":", jf);
    json_str(jf, text.p, text.n);
    fputs("}\n", jf);

    snprintf(path, sizeof path, "%s/text/%s.txt", out, id);
    FILE *tf = fopen(path, "w");
    if (!tf) { fprintf(stderr, "gen_corpus: %s: %s\n", path, strerror(errno)); return 1; }
    fprintf(tf, "date %04d-%02d-%02d %s\n", y, m, d, text.p);
    fclose(tf);
  }
  long bytes = ftell(jf);
  if (fclose(jf) != 0 || (sf && fclose(sf) != 0)) { perror("gen_corpus"); return 1; }
  fprintf(stderr, "gen_corpus: %lu stories, %lu sentences (%zu real of %zu), %.1f MB in %s/\n",
          nstory, nsent, next_real, nreal, bytes / 1e6, out);
  free(text.p);
  free(starts);
  return 0;
}
