/**
 * How Vietnamese a decoded text looks. A wrong legacy decoding produces words such as "B×nh",
 * "Vieät" or "Vieọt" — characters outside the Vietnamese alphabet or letter clusters that are not
 * Vietnamese syllables — so each candidate decoding is scored by its non-ASCII words.
 */

// Orthographic syllable: initial consonant, vowel cluster (with glides), final consonant.
// Tones are removed before matching; the hats (â ê ô), breve (ă) and horn (ơ ư) stay.
const INITIAL = '(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?';
const NUCLEUS =
  '(?:uyê|uya|uyu|oai|oay|oao|oeo|uây|uôi|ươi|ươu|iêu|yêu|' +
  'ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ưu|ươ|yê|' +
  '[aăâeêioôơuưy])';
const FINAL = '(?:ch|ng|nh|[cmnpt])?';
const SYLLABLE = new RegExp(`^${INITIAL}${NUCLEUS}${FINAL}$`);
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;
const VIET_LETTERS = /^[a-zđăâêôơư\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b]+$/;

/** True when `word` (any case, NFC or NFD) is a well-formed Vietnamese syllable with at most one tone. */
export function isVietnameseSyllable(word: string): boolean {
  const d = word.toLowerCase().normalize('NFD');
  const tones = d.match(TONE_MARKS)?.length ?? 0;
  if (tones > 1) return false;
  const base = d.replace(TONE_MARKS, '').normalize('NFC');
  if (!VIET_LETTERS.test(base.normalize('NFD'))) return false;
  return SYLLABLE.test(base);
}

export interface Plausibility {
  /** Words with non-ASCII letters that are valid syllables. */
  good: number;
  /** Words with non-ASCII characters that are not. */
  bad: number;
  score: number;
}

const EDGE_PUNCT = /^[\s"'“”‘’(\[{«<]+|[\s"'“”‘’)\]}»>.,;:!?…]+$/g;

/**
 * Scores a decoded text: +1 per non-ASCII word that is a Vietnamese syllable, −2 per non-ASCII word
 * that is not (replacement characters and C1 controls count as bad). ASCII words carry no evidence.
 */
export function plausibility(text: string): Plausibility {
  let good = 0;
  let bad = 0;
  for (const raw of text.split(/[\s\u00a0]+/)) {
    if (!raw || /^[\x00-\x7f]*$/.test(raw)) continue;
    const word = raw.replace(EDGE_PUNCT, '');
    if (!word) {
      bad++;
      continue;
    }
    // Hyphenated or slashed compounds: every part must be a syllable or plain ASCII.
    const parts = word.split(/[-/–]/).filter(Boolean);
    const ok = parts.length > 0 && parts.every((p) => /^[\x00-\x7f]+$/.test(p) || isVietnameseSyllable(p));
    if (ok) good++;
    else bad++;
  }
  return { good, bad, score: good - 2 * bad };
}
