/*
 * coder.h — the event coder: from an analysed sentence (tokens + phrase
 * structure, core.h) and the dictionaries (dict.h) to events (source actor,
 * target actor, CAMEO code), following PETRARCH/TABARI coding rules.
 *
 * What it does, per sentence (details and the reasons in coder.c):
 *  - comma-delimited clauses are removed before coding, as TABARI/PETRARCH
 *    do: internal clauses of comma_min..comma_max words first, then the
 *    terminal clause after the last comma (comma_emin..comma_emax words;
 *    kept when an adjective comma comes earlier, as PETRARCH does), then
 *    the initial clause (comma_bmin..comma_bmax, off by default). Commas
 *    inside noun phrases ("Mordor, Rohan and Bree") never delimit clauses;
 *  - actors: longest dictionary match over token norms inside each noun
 *    phrase (its PP-attached noun phrases included), also with words in
 *    between ("ITHILEN TELEVISION" in "Ithilen state-run television");
 *    date-restricted codes resolved with the sentence date; codes written
 *    "A/B" are compounds; agents compose with the actor of their phrase
 *    ("Arnorian police" -> ARNCOP; "NGO~" agents go first; agent codes
 *    already in the code are dropped), the actor may come from a
 *    possessive ("Gondor's government") or a PP ("officials in Gondor");
 *    an agent without an actor gives "---AGT";
 *  - compounds: coordinated noun phrases ("A and B", "A, B and C",
 *    "neither A nor B") give one code per conjunct; conjuncts with agents
 *    only borrow the actor of the first conjunct that has one ("Danish
 *    media and government" -> DNKMED, DNKGOV); one event per
 *    (source, target) pair;
 *  - verbs: every VB* token heading a VP is looked up (multi-word verbs
 *    included); the patterns of every block listing the verb word (TABARI
 *    syntax: words before/after the verb, '_' = adjacent, &SYNSETS, $
 *    source, + target, % compound, ^ skip a noun phrase; PETRARCH2 phrase
 *    brackets are read as plain words) are tried longest first against the
 *    words before the verb (upper) and in its verb phrase (lower); the
 *    first match gives the code, else the verb's own code; "---" codes
 *    nothing; TABARI special codes ("+++", "###") make a pattern inert;
 *  - source: the pattern's $, else the subject of the verb's clause
 *    (climbing through coordinated, auxiliary and subjectless clauses, and
 *    from a relative clause to the noun it modifies); target: the
 *    pattern's +, else the first coded noun phrase of the verb phrase that
 *    is not the source again; with no coded one but some noun phrase the
 *    target is null (kept only without require_dyad, and only for a single
 *    source unless compound_null_target); a verb with no noun phrase after it codes nothing;
 *  - "% ... *" patterns: events between the members of the compound in
 *    both directions; "* ... %": a compound target;
 *  - passive voice ("X was attacked by Y"): source from the by-phrase,
 *    target the subject;
 *  - negation: patterns may code it ("DID_NOT *"); a negated verb ("did not
 *    attack") that no pattern covers codes nothing;
 *  - pronouns (he, it, they...) take the codes of the nearest clause
 *    subject before them;
 *  - paired codes "032:033" give the event and its reverse; self-events
 *    (also between the members of one compound phrase that is both source
 *    and target) and duplicates are dropped; once a verb with a code is coded, the
 *    verbs inside its phrase are not coded again (TABARI: one event per
 *    clause);
 *  - discards: a discard phrase drops the sentence's events ('+' entries:
 *    the story's); issues: the issue codes of the sentence go to its events.
 *
 * Raw-news rules (options below; `dyad code` sets them, `dyad validate`
 * keeps PETRARCH1 behaviour):
 *  - combine_verbs: a verb of saying (010), intending (03), refusing (12),
 *    threatening (13), demanding (10) or appealing (02) is coded together
 *    with the verb of its complement clause, by the CAMEO family of the
 *    complement's content (cooperation, aid, reform, yielding, meeting,
 *    settling, mediation): "X said Y must V" -> 10x X->Y; "X said it will
 *    V" -> 03x (cooperative V) or 13x (conflictual V) ("is ready to V" in
 *    either shape, "[ADJP ready] [S to V]" or the Treebank's "[ADJP ready
 *    [S to V]]"); "X said it V-ed" ->
 *    V; "X said Y attacked" -> 112 X->Y (the dictionary's transformation);
 *    "X refused to V" -> 12x; "X plans to V" -> 03x/13x; "X decided to V"
 *    -> V when V grants, yields, aids or reduces relations (roots 04-08,
 *    16: the decision is the act), else as "plans"; "X urged Y to V",
 *    "X demanded that Y V" -> 02x/10x X->Y ("X urged Y to support Z" -> 053
 *    X->Z, "... to condemn Z" or "... to protest against Z" -> 113 X->Z,
 *    also when Y is no coded actor, "urged Arabs to ..."; "X called on Y
 *    to V" (the CALL pattern *_ON [020]) as "X urged Y to V"; "X ordered Y to suspend
 *    publication", an order to halt Y's own activity -> 172x X->Y, while
 *    "ordered police to arrest Z" stays 100). A future verb ("will V",
 *    "is prepared to V") is an intent (03x) or threat (13x), "will not V"
 *    a refusal (12x). A statement whose document an active participle
 *    qualifies is the participle's act by the issuer ("X issued a statement
 *    condemning Y" -> 111 X->Y, "a declaration demanding that Y ..." ->
 *    10x);
 *  - intransitive_events: a verb with no noun phrase after it gives a
 *    source-only event;
 *  - plural_actors, ethnic_groups, hyphen_actors, acronym_actors:
 *    "Liberians" -> LIBERIAN, "ethnic Albanians in Serbia" -> SRB
 *    civilians, "US-led" -> US, "government-held" -> GOV, "Republic of
 *    Korea (DPRK)" -> DPRK;
 *  - actor_targets: a target of agents only gives way to a later actor of
 *    the clause when it is a thing an agent word modifies ("sent military
 *    aid [to Gondor]") or when that actor is where the action is directed
 *    ("to", "with", "against"...), not a mere place ("told reporters in
 *    Kabul" keeps the reporters);
 *  - domestic_agents: in an event between a state and a party of agents
 *    only, the agents are that state's own ("Gondor police arrested
 *    rebels" -> GONCOP GONREB): news names a foreign party's nationality;
 *    not for armed violence (roots 18-20), where it is often the foreign side;
 *  - passive_targets: "a journalist has been killed" (no by-phrase) and
 *    the reduced relative "the rebels jailed last year" have their noun as
 *    the target and no known source: no event; stative participles
 *    ("were engaged in", "is committed to") stay active, and forces
 *    "withdrawn", "shipped out", "pulled out" or "demobilized" were moved
 *    by their own side (the subject is the source);
 *  - nearest_patterns: of matching patterns of equal length, the one whose
 *    words lie nearest the verb, not the first written (whose word may be
 *    in a later clause);
 *  - report_sources: "..., a close aide to the prime minister said
 *    Wednesday." names the report's source, as the terminal comma clause
 *    PETRARCH deletes (comma_emax words) does: no 010 event of its own at
 *    any length;
 *  - local_patterns: a verb pattern's words are not looked for inside a
 *    clause that modifies a noun ("urged the EC to support the PLO, which
 *    ... peace talks" is no support of talks; "aircraft using missiles
 *    killed" is not a killing by missiles);
 *  - apposed_subjects: a clause subject that codes nothing, set off by a
 *    comma after a noun phrase that does ("Gondor's king, Elessar,
 *    visited Rohan"), is that phrase's apposition: the phrase is the doer;
 *  - partitive_agents: a noun phrase whose own words code nothing and
 *    whose head counts or groups ("leaders", "members", "a group",
 *    "hundreds", "one third", "two") takes the agents of its "of" phrase:
 *    "leaders of the opposition coalition" -> ---OPP, "a group of refugees"
 *    -> ---REF (an actor there was already taken, "officials in Gondor");
 *  - adjective_compounds: coordinated nationality adjectives before a noun
 *    ("French and Egyptian warships") give one party per adjective, each
 *    with the noun's agents (FRAMIL, EGYMIL), not the first alone;
 *  - state_speakers: with combine_verbs, "the Gondorian minister said
 *    Gondor will V" is the minister's (GONGOV) own statement of intent, as
 *    "... said it will V": a government speaks for its state;
 *  - surname_actors: a lone capitalised name that no phrase matches
 *    ("Bush was scheduled to ...") is the person of the actor dictionaries
 *    whose primary phrase ends in that name ("GEORGE_W._BUSH_") and who
 *    holds a dated code at the story date, when exactly one such person
 *    does (news names an office holder by surname); no match without a
 *    story date or with two such holders;
 *  - joint_exercises: a show of military power (150) with no target by a
 *    compound source of two or more states ("French and Egyptian warships
 *    launched war games") is their joint exercise: military cooperation
 *    (062) between each pair of different states, as the dictionary's
 *    {JOINT EXERCISES} [062:062]; one state's parties alone ("the army
 *    and navy") stay 150;
 *  - date_discards off: discard phrases that are only a time reference
 *    ("1961", "WEEKS AGO") do not discard (events are dated instead).
 *
 * Ownership: the coder keeps a pointer to the dictionary (which must
 * outlive it) and compiled pattern tables of its own. Events go to the
 * story (dy_story_add_event); their spans point into the story's tokens and
 * `rule` strings are static or in the story arena.
 */
#ifndef DYAD_CODER_H
#define DYAD_CODER_H

#include "core/core.h"
#include "dict/dict.h"

typedef struct dy_coder dy_coder;

typedef struct dy_coder_opts {
  int require_dyad;      /* 1: drop events without a target actor */
  int compound_null_target; /* 1: a compound source with no target gives one
                              source-only event per member (raw news:
                              "X and Y agreed to ..."); 0 (PETRARCH): none */
  int combine_verbs;     /* 1: verbs combine with their complement clauses and
                            modality as the CAMEO codebook does ("X said Y
                            must ..." demand 10x, "refused to ..." 12x, "will
                            help" intent 03x, "will attack" threat 13x); 0
                            (PETRARCH1): each verb alone */
  int plural_actors;     /* 1: a capitalised plural noun also matches its
                            singular actor entry ("Liberians" -> LIBERIAN);
                            0 (PETRARCH): as written */
  int intransitive_events; /* 1: a verb with no noun phrase after it gives a
                            source-only event ("X resigned"; require_dyad
                            off); 0 (PETRARCH): nothing */
  int date_discards;     /* 1 (PETRARCH): discard phrases that are only a time
                            reference ("1961", "WEEKS AGO") discard; 0: they
                            do not (the story pass dates the events) */
  int ethnic_groups;     /* 1: "ethnic" + a nationality ("ethnic Albanians in
                            Serbia") is civilians (~CVL) of the place, not the
                            state named; 0 (PETRARCH): the nationality's actor */
  int hyphen_actors;     /* 1: "US-led", "UN-brokered", "Beirut-based": the part
                            before the hyphen is looked up as an actor (or, no
                            actor, as an agent: "government-held"); 0
                            (PETRARCH): the token as written */
  int acronym_actors;    /* 1: a parenthesised acronym ("Korea (DPRK)") names
                            its phrase over an actor in the long form (one
                            that repeats an actor found, "A and the
                            European Union (EU)", changes nothing); 0
                            (PETRARCH): the first actor */
  int actor_targets;     /* 1: a target of agents only ("sent troops") gives way
                            to a later noun phrase of the clause naming an
                            actor ("to Gondor"); 0 (PETRARCH): the first */
  int domestic_agents;   /* 1: a party of agents only ("police", "rebels") in an
                            event whose other party names a state takes that
                            state ("Gondor arrested opposition leaders" ->
                            GONOPP); not from IGO/NGO/MNC/region codes; 0
                            (PETRARCH): "---OPP" */
  int passive_targets;   /* 1: a passive participle without a by-phrase ("a
                            journalist was killed") or heading a reduced
                            relative ("rebels jailed last year") makes its
                            subject / modified noun the target, no source;
                            0 (PETRARCH): the subject is the source */
  int nearest_patterns;  /* 1: among matching verb patterns of the same length,
                            the one whose words lie nearest the verb wins; 0
                            (PETRARCH): the first written */
  int report_sources;    /* 1: a verb of saying that only names the source of
                            the sentence's report, after it and a comma
                            ("..., a member of the Chadian team has said."),
                            codes nothing, whatever its length; 0
                            (PETRARCH): only comma_emax words are deleted */
  int local_patterns;    /* 1: pattern words are not taken from a clause that
                            modifies a noun (a relative clause "the PLO, which
                            ... peace talks", a reduced relative "aircraft
                            using missiles"): it describes the noun, not what
                            the verb does; 0 (PETRARCH): any word in reach */
  int apposed_subjects;  /* 1: an uncoded clause subject right after "NP ," is
                            that NP's apposition; the NP is the subject
                            ("Gondor's king, Elessar, visited ..."); 0
                            (PETRARCH): the uncoded NP (no event) */
  int partitive_agents;  /* 1: an uncoded phrase headed by a count or group
                            word ("leaders", "a group", "hundreds") takes the
                            agents of its "of" phrase ("leaders of the
                            opposition" -> ---OPP); 0 (PETRARCH): only an
                            actor there is taken */
  int adjective_compounds; /* 1: "French and Egyptian warships" -> FRAMIL and
                            EGYMIL; 0 (PETRARCH): the first adjective's
                            actor only (FRAMIL) */
  int state_speakers;    /* 1: a government speaker saying what his state does
                            or will do ("the Gondorian minister said Gondor
                            will help Rohan") states the government's own
                            action or intent (GONGOV, as "... said it will
                            help"); 0 (PETRARCH): a statement about others */
  int surname_actors;    /* 1: a lone name is the one person with that surname
                            holding a dated code at the story date ("Bush",
                            2008 -> GEORGE_W._BUSH_ USAGOV); 0 (PETRARCH):
                            names match only as written */
  int joint_exercises;   /* 1: a targetless 150 by a compound source of
                            different states is 062 between them ("French
                            and Egyptian warships launched war games");
                            0 (PETRARCH): 150 by each */
  int one_event_per_story; /* 1: keep only the first event of each (source,target,code) per story */
  int comma_min, comma_max;   /* internal comma clause deletion (0,0 = off) */
  int comma_bmin, comma_bmax; /* initial clause */
  int comma_emin, comma_emax; /* terminal clause */
  int explain;           /* 1: build detailed `rule` strings (arena) */
  int check_discards;    /* 1: look for discard phrases in every sentence; 0
                            (default): only where events were coded, which
                            gives the same events faster but counts
                            sentence discards only there */
} dy_coder_opts;

/* PETRARCH's defaults (PETR_config.ini): require_dyad 1, comma 2..8,
 * initial off, terminal 2..8. */
void dy_coder_opts_default(dy_coder_opts *o);

/* dyad code's defaults for raw news: PETRARCH's, plus every rule above that
 * is marked "dyad code" (combine_verbs ... joint_exercises), source-only
 * events kept (require_dyad 0, compound_null_target 1) and date_discards
 * off. One place, so that tools that claim to code "as dyad code does"
 * (tools/parse_cmp.c) cannot drift from it. */
void dy_coder_opts_news(dy_coder_opts *o);

/* Sets one option by its PETRARCH config name ("require_dyad", "comma_min",
 * ...; values "True"/"False" or integers). Returns 0, or -1 for an unknown
 * option or a bad value (nothing changed). */
int dy_coder_opts_set(dy_coder_opts *o, const char *name, const char *value);

/* o may be NULL (defaults). Never NULL. */
dy_coder *dy_coder_new(const dy_dict *d, const dy_coder_opts *o);
void dy_coder_free(dy_coder **c);

/* Codes every sentence of s that has tokens and nodes; appends events to
 * s->ev. Returns the number of events added, or -1 when a story discard
 * phrase matched (then no events are added: the story is not coded). */
int dy_coder_code_story(dy_coder *c, dy_story *s);

/* Codes one sentence (index si of s). Returns the number of events added,
 * -1 story discard, -2 sentence discard. */
int dy_coder_code_sentence(dy_coder *c, dy_story *s, uint32_t si);

/* Sentences skipped by a sentence discard phrase in the last
 * dy_coder_code_story call. */
uint32_t dy_coder_discarded(const dy_coder *c);


/* ------------------------------------------------ story context hooks
 *
 * Within a sentence the coder resolves pronouns itself (above). Across
 * sentences it asks a story context (the story pass implements one:
 * storypass.h, section 2) through these hooks. With no hooks set (the
 * default) the coder behaves exactly as PETRARCH: nothing crosses a
 * sentence. */

enum dy_mention_role {
  DY_MENTION_SUBJECT = 1, /* the subject of a clause */
  DY_MENTION_OBJECT = 2,  /* a noun phrase in a verb phrase */
  DY_MENTION_SPEAKER = 3, /* the subject of a reporting verb ("X said") outside quotes */
};

/* A coded noun phrase of a sentence, reported before the sentence's
 * verbs are coded, in word order. `code` is valid during the call only. */
typedef struct dy_coder_mention {
  uint32_t sentence;    /* index in the story */
  uint32_t first, last; /* token span [first, last) of the noun phrase */
  const char *code;     /* the (first) actor code, e.g. "RUSGOV" */
  int role;             /* dy_mention_role */
  int plural;           /* coordinated, plural head noun, or "they" */
  int lookahead;        /* 1: reported early (the speaker of a quote may
                           come in the next sentence); reported again later */
  const uint32_t *wid;  /* the sentence's word ids in dictionary wid_dict
                           (as dy_dict_word_ids; NULL: none), for lookups
                           without hashing the words again */
  const dy_dict *wid_dict;
} dy_coder_mention;

typedef struct dy_coder_refs {
  void *ctx;
  /* A story starts (dy_coder_code_story): forget everything. */
  void (*begin)(void *ctx, const dy_story *s);
  void (*mention)(void *ctx, const dy_story *s, const dy_coder_mention *m);
  /* A noun phrase [first, last) of sentence si that the coder could not
   * code from the sentence: a pronoun without an antecedent in its
   * sentence, a first-person pronoun inside a quotation (asked first), or
   * a phrase of agents only (`code` is its code, e.g. "---GOV"; NULL for a
   * pronoun). Writes an actor code into out (NUL-terminated) and returns
   * 1, or returns 0 (the phrase stays as it is). */
  int (*resolve)(void *ctx, const dy_story *s, uint32_t si, uint32_t first, uint32_t last, const char *code,
                 char out[32]);
  /* Optional: 1 when the mentions of sentence si may be needed (a later
   * sentence has something to resolve); 0 spares the coder looking up
   * actors it would not use. NULL: always 1. */
  int (*wants)(void *ctx, const dy_story *s, uint32_t si);
} dy_coder_refs;

/* Sets the hooks (copied); NULL removes them. */
void dy_coder_set_refs(dy_coder *c, const dy_coder_refs *r);

/* ------------------------------------------------ internal (dy__ prefix)
 * Used by coder.c and its unit tests only. src/coder/gapped.c: actor
 * phrases matched with other words in between ("ITHILEN TELEVISION" in
 * "Ithilen state-run television"),
 * indexed by dictionary word ids. dy__gapped_new returns an index the
 * caller frees with dy__gapped_free; dy__gapped_find returns 1 with the
 * matched span and entry, or 0. */
struct dy_gapped;
struct dy_gapped *dy__gapped_new(const dy_dict *d);
void dy__gapped_free(struct dy_gapped **g);
uint32_t dy__gapped_nextra(const struct dy_gapped *g);
uint32_t dy__gapped_extra(const struct dy_gapped *g, dy_str w, uint64_t hash);
int dy__gapped_first(const struct dy_gapped *g, uint32_t wid);
int dy__gapped_find(const struct dy_gapped *g, const uint32_t *wid, const uint8_t *vis, uint32_t i, uint32_t end,
                    uint32_t clen, uint32_t *span, uint32_t *entry);

#endif
