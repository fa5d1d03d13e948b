/*
 * storypass.h — passes over a whole coded story, after the coder: they
 * look across sentences or at the words around an event to complete it.
 *
 * Sections (one per pass; each pass is its own .c file):
 *   1. dates    — relative date expressions -> the date of each event
 *                 (src/storypass/dates.c)
 *   2. refs     — pronouns, bare titles and quotations across sentences,
 *                 as a story context the coder consults (src/storypass/refs.c)
 *   (more passes — dedup — add their own section here)
 *
 * All passes work in place on a dy_story and allocate only from its arena.
 */
#ifndef DYAD_STORYPASS_H
#define DYAD_STORYPASS_H

#include <stdint.h>

#include "coder/coder.h"
#include "core/core.h"

/* ===================================================== 1. relative dates
 *
 * News text dates events relative to the story date ("on Tuesday",
 * "yesterday", "last week", "Jan. 30"). dy_date_resolve finds the date
 * expression governing a sentence and resolves it against `story_date`.
 * Tokens are matched on their .norm (dy_fold: lower case); a month
 * abbreviation may carry its period ("jan.") or have it as the next token.
 *
 * Rules (B = the base date passed in, wd = day of week):
 *  - yesterday -1; today, tonight, this morning/afternoon/evening 0;
 *    tomorrow +1; last night -1; the day before yesterday -2;
 *    "yesterday/Tuesday morning|afternoon|evening|night" = that day.
 *  - A weekday alone ("Tuesday", "on Tuesday", "late Tuesday", "ended
 *    Tuesday", "this Tuesday"): news convention, the past 6 days: the most
 *    recent such weekday on or before B; the same weekday as B is B itself.
 *    In future tense it is the first such weekday on or after B. Future
 *    tense: a "will", "'ll", "shall", "won't", "would" (not "would have")
 *    before the expression in the same clause, or "scheduled", "due",
 *    "expected", "plans", "planned", "going", "set", "upcoming" followed by
 *    to/for/on or by the expression itself ("scheduled for Tuesday", but
 *    not "the planned talks collapsed Tuesday"). The look-back goes at most
 *    24 tokens and stops at a reporting verb ("said") or at ";" ":".
 *    "last Tuesday": the most recent strictly before B (B-7 when B is a
 *    Tuesday); "next Tuesday": the first strictly after B.
 *    "Tuesday last week" / "next week" / "this week": that weekday of the
 *    ISO week (Monday-Sunday) before / after / containing B.
 *  - last week -7, next week +7; last month / next month: the same day one
 *    month earlier / later (clamped to the month's end: Mar 31 -> Feb 28/29);
 *    last year / next year likewise (Feb 29 -> Feb 28); earlier this week:
 *    the Monday of B's ISO week; earlier this month: the 1st of B's month;
 *    last weekend: the Saturday before B's ISO week; "over the weekend",
 *    "at the weekend", "this weekend": the last Saturday on or before B
 *    (future tense: the first on or after B).
 *  - "N days|weeks|months|years ago" (N in digits, or a/an/one..twelve/
 *    fifteen/twenty/thirty): B minus that.
 *  - Calendar dates: "Jan. 30", "January 30", "Jan 30th", "30 January",
 *    "30th of January", with an optional year ("Jan. 30, 2018", "30 January
 *    2018"), and ISO "2018-01-30". Without a year: the most recent such
 *    date not after B (so "Dec. 30" in a story of Jan. 2 is last year), or,
 *    in future tense, the first on or after B; a Feb. 29 moves on to the
 *    nearest leap year in that direction. Impossible dates do not match.
 *    A month needs a day next to it ("may", "march" alone are not dates).
 *  - Not the event's date, skipped: an expression right after since, until,
 *    till, before, after, by, from, through ("since Jan. 30"), and one that
 *    modifies a noun after "the" ("the August 13 peace accord", but "on the
 *    30th of January" is a date).
 *  - Several expressions: without an anchor, the first one not attached to
 *    a reporting verb ("said on Tuesday", "on Tuesday said"), else the
 *    first. With an anchor token (the event's verb), the nearest to it,
 *    with expressions attached to a reporting verb counted 8 tokens farther
 *    unless the anchor is itself a reporting verb.
 *  - Nothing found: B. B unknown (0): 0 (an event date is never guessed
 *    without a story date, CONTRACT.md).
 *
 * span_first/span_last (either may be NULL) receive the token range
 * [first, last) of the expression used, or 0,0 when none.
 */
dy_date dy_date_resolve(const dy_token *tok, uint32_t ntok, dy_date story_date,
                        uint32_t *span_first, uint32_t *span_last);
/* The same with an anchor token index (UINT32_MAX = none). */
dy_date dy_date_resolve_at(const dy_token *tok, uint32_t ntok, dy_date story_date,
                           uint32_t anchor, uint32_t *span_first, uint32_t *span_last);

/* Sets ev->date for every event of s from its sentence's tokens, with the
 * sentence's own date (PETRARCH records) or else the story date as base,
 * and the event's verb (verb_text) as the anchor. */
void dy_storypass_dates(dy_story *s);

/* ===================================================== 2. references
 *
 * The coder resolves a pronoun inside its sentence (the nearest clause
 * subject before it). What it cannot resolve there, it asks a story
 * context through its hooks (coder.h, dy_coder_refs); dy_refs is that
 * context. Attach one to a coder and every dy_coder_code_story call uses
 * it: the story start clears it; each sentence reports its speakers
 * (subjects of said/told/added/stated... outside quotes, or the noun
 * phrase after the verb in "..., said X", or "according to X"; also when PETRARCH's comma rule
 * hid that clause) before its verbs are coded, and its coded subjects and
 * objects after (so that coding a sentence sees the same state as without
 * a context). A sentence with a quotation first gets the next sentence's
 * speakers reported (its speaker may come after it). Actor codes of a
 * coordination travel together ("Iran and Turkey" -> "IRN/TUR": "they"
 * gives one event per member). `dyad code` attaches a dy_refs for raw
 * text, not for a given PETRARCH parse (validation stays PETRARCH's).
 *
 * Kinds: a mention is a PERSON when a title word is in it ("Foreign
 * Minister Sergey Lavrov", "special envoy Staffan de Mistura", he/she) or
 * its actor entry has date-restricted codes (people hold offices in turn;
 * countries and organisations have one code); else a THING (country,
 * organisation, group). PLURAL: coordinated, plural head noun, they/them.
 *
 * Rules (an antecedent lies in the sentences before the reference's —
 * inside its sentence the coder decides —, at most 3 sentences back and
 * across at most one paragraph break; in the most recent sentence that
 * has a compatible mention, subjects and speakers win over objects, then
 * the later one):
 *  - a third-person pronoun after a subject of a higher clause of its
 *    sentence ("The OSCE mission denied that it had ...") means that
 *    subject, coded or not: it does not reach back;
 *  - a pronoun outside a quotation never refers to words inside it, nor
 *    the reverse ('"We condemn Russia," it said': "it" is not "We");
 *  - an object pronoun (him, her, it, them) is not the subject of its own
 *    clause ("The minister accused it": it is not the minister) and
 *    "accused it of aggression" (a pronoun with only PPs after it) is
 *    the pronoun (coder side, only with a context attached);
 *  - he, she, him, her  -> the last singular PERSON;
 *  - it                 -> the last singular THING;
 *  - they, them         -> the last PLURAL mention, else the last THING;
 *  - "the minister", "the president" (the + lower-case words, 2-4 tokens,
 *    coded as agents only, e.g. "---GOV"), when the last word is a title
 *    -> the last singular PERSON whose code has that agent (RUSGOV for
 *    ~GOV); "the rebels", "the army", "the troops", "the government"...
 *    (a short list of group nouns) -> the last mention whose code has the
 *    agent (SYRREB for ~REB); other bare agents ("the detainees", "the
 *    officials") are generic and stay as coded;
 *  - a bare spokesman ("spokesman Yahya al-Aridi", "a spokeswoman":
 *    coded ---MED, only a determiner and name words besides) -> the last
 *    THING (the organisation the story is on); "North Korean army
 *    spokesman X" (---MILMED, an actor the dictionaries lack) stays;
 *  - inside a quotation, we/us/I/me -> the speaker: named in the same
 *    sentence, else in the next sentence of the paragraph, else the last
 *    speaker of the paragraph (a quotation over several sentences);
 *    "our government" -> the speaker's country + the agent (a speaker
 *    coded IGO/NGO/MNC... stands for itself); outside quotations first
 *    person is left alone.
 * Nothing found: the phrase stays as the sentence coded it (a pronoun
 * gives no actor; "the minister" stays ---GOV).
 * "X said in a statement" alone gives no event: SAY has no code in the
 * CAMEO verb dictionary (PETRARCH: say/said are 010 only through
 * patterns). A quotation's events take the speaker through its
 * first-person pronouns only; a quotation naming its own actors keeps
 * them.
 *
 * Memory: a fixed array of the 48 latest mentions; nothing is allocated
 * while coding. Not thread-safe: one dy_refs per coder.
 */
typedef struct dy_refs dy_refs;

/* d (may be NULL: persons by title words only) must outlive r. */
dy_refs *dy_refs_new(const dy_dict *d);
void dy_refs_free(dy_refs **r);
/* Sets r as c's story context (dy_coder_set_refs); r must outlive its use
 * by c. */
void dy_refs_attach(dy_refs *r, dy_coder *c);

#endif
