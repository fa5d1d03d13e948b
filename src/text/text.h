/*
 * text.h — dyad's text front end: raw story text in, sentences and
 * Penn-Treebank-style tokens out.
 *
 *   dy_text_prepare(story)
 *     1. UTF-8: invalid sequences become U+FFFD (the text is copied into the
 *        story arena only when something must be replaced); the first one is
 *        reported with its byte offset, further ones are counted in the same
 *        message, so a broken file cannot flood the diagnostics.
 *     2. Dateline ("SOCHI, Russia (AP) --") at the story start, or at the
 *        start of the second paragraph when the first is a short headline:
 *        recorded in story->dateline and left out of every sentence.
 *     3. Sentences: split here, unless the reader already set them
 *        (story->nsent > 0, PETRARCH XML: then each given sentence.text is
 *        tokenised as it is, keeping its paragraph; spans into the story
 *        text follow it when bytes were replaced, other buffers are checked
 *        and repaired on their own). Paragraphs are separated by blank
 *        lines and a paragraph break always ends a sentence. Split
 *        sentences get text, paragraph, tok and ntok; id, parse and date
 *        stay empty.
 *     4. Tokens: one array for the whole story, each sentence pointing at its
 *        own run of it.
 *
 * Ownership: every array and every copied string lives in story->arena.
 * Tokens and sentences are spans: token.raw and sentence.text point into the
 * story text (or into the reader's buffer for preset sentences), token.norm
 * points at raw itself when folding changes nothing (spans are not
 * NUL-terminated). A U+FFFD that replaced a bad byte counts as a letter, so
 * "Caf\xE9" stays one word.
 *
 * Tokenisation follows the Penn Treebank conventions of the Stanford parser
 * trees PETRARCH reads: "didn't" -> "did" "n't", "can't" -> "ca" "n't",
 * "Russia's" -> "Russia" "'s", "cannot" -> "can" "not"; "U.S.", "Mr.",
 * "Jan.", initials "W." keep their period; a sentence-final period is its own
 * token (but an abbreviation that ends a sentence keeps its period and no
 * extra token is made); "1,393" "3.5" "al-Assad" "--" "..." and URLs, e-mail
 * addresses and @handles are single tokens; "$1.5" -> "$" "1.5"; quotes and
 * brackets are tokens of their own. Unlike PTB, raw keeps the original
 * characters (no -LRB- or `` rewriting); norm is dy_fold(raw).
 *
 * Token flags: DY_TOK_CAP (first letter upper case), DY_TOK_PUNCT (no letter
 * or digit), DY_TOK_NUMBER (digits with , . : / only), DY_TOK_PARA (first
 * token of a paragraph), DY_TOK_QUOTED (between a double quotation mark and
 * its closing mark; the marks themselves are not flagged; a paragraph break
 * closes any open quotation, as news quotes reopen on each paragraph).
 * token.tag and token.wclass are left 0 for the analysis stage.
 */
#ifndef DYAD_TEXT_H
#define DYAD_TEXT_H

#include "core/core.h"

/* Runs the whole front end on one story (see above). Emits diagnostics with
 * story->origin / story->line. Returns 0, or -1 when the story cannot be
 * processed at all (NULL text with nonzero length, or text longer than
 * 4 GiB - 1 since token offsets are 32-bit); then nothing is changed. */
int dy_text_prepare(dy_story *s);

/* Counts the invalid UTF-8 sequences in buf[0..len) (each maximal ill-formed
 * subpart counts once, as the Unicode standard recommends for replacement:
 * truncated sequences, overlong forms, surrogates, values above U+10FFFF,
 * stray continuation bytes, 0xC0 0xC1 0xF5..0xFF). Returns 0 when valid.
 * When first_bad is not NULL it receives the byte offset of the first
 * invalid sequence (len when valid). */
size_t dy_utf8_validate(const char *buf, size_t len, size_t *first_bad);

/* Copies buf into the arena with every invalid sequence replaced by U+FFFD
 * (EF BF BD), NUL-terminated; *out_len receives the new length. */
char *dy_utf8_repair(dy_arena *a, const char *buf, size_t len, size_t *out_len);

/* Where byte off of buf lands in the repaired copy (dy_utf8_repair); an
 * offset inside an invalid sequence maps to the end of its replacement. */
size_t dy_utf8_repaired_offset(const char *buf, size_t len, size_t off);
/* The same for n offsets in ascending order, mapped in place in one pass. */
void dy_utf8_repaired_offsets(const char *buf, size_t len, size_t *off, size_t n);

/* Length in bytes of a dateline at the very start of p[0..n) (p at the
 * first non-blank character of the story or paragraph): the place in
 * capitals (or capitalised, or none, when an agency follows: "Washington
 * (AP) -", "(CNN) --"), an optional ", Country, date" part, an optional
 * "(Agency)", and the separator ("--", "-", en or em dash, ":"); 0 when there is
 * none. p must be valid UTF-8. */
size_t dy_text_dateline(const char *p, size_t n);

/* Tokenises p[0..n) (valid UTF-8) as one sentence: returns the tokens in the
 * arena and their count in *ntok (the array is NULL when *ntok is 0).
 * Offsets are p - base + position when base is not NULL (base must not be
 * after p), UINT32_MAX otherwise. No token gets DY_TOK_PARA. */
dy_token *dy_text_tokenize(dy_arena *a, const char *p, size_t n, const char *base,
                           uint32_t *ntok);

/* Splits p[0..n) (valid UTF-8) into sentences and tokenises them: returns
 * the sentences in the arena (tokens filled in, paragraphs counted from
 * first_paragraph) and their count in *nsent. base as for
 * dy_text_tokenize. No dateline detection (dy_text_prepare does that). */
dy_sentence *dy_text_split(dy_arena *a, const char *p, size_t n, const char *base,
                           uint32_t first_paragraph, uint32_t *nsent);

#endif
