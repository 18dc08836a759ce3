/**
 * Whose figures these are. A narrative report of a procuracy also quotes the crime situation
 * ("trên địa bàn đã khởi tố mới 31 vụ/77 bị can, gồm 8 vụ/33 bị can về ma túy…") and the work of
 * other agencies ("Tòa án hai cấp đã thụ lý mới 624 vụ việc…"); neither is the procuracy's own
 * result (shared/extraction/ANNOTATION.md), so such figures are dropped.
 *
 * The grammar is a running agent through each paragraph: a mention of the procuracy ("Viện kiểm
 * sát", "VKSND", "ngành Kiểm sát", "đơn vị") or of another agency as the subject ("Tòa án…",
 * "Công an…", not "phối hợp với Tòa án", "được Tòa án chấp nhận") sets who is speaking; a
 * paragraph naming no agency has the procuracy as speaker once the article has named it, and
 * before that the agency last named (a Court article stays the Court's). The investigation agency reports results the procuracy supervises ("Cơ quan điều tra đã giải quyết
 * 32 vụ/47 bị can") and keeps them, except for crime-trend verbs. A list item whose own words
 * are a crime-trend statement (khởi tố mới, phát hiện, bị khởi tố, xảy ra, tội phạm về …) without
 * the procuracy's verbs (kiểm sát, công tố, phê chuẩn, yêu cầu…) is the crime situation, and the
 * items after it in the same sentence that add no verb of their own inherit that.
 */
import { boundsOf } from './bounds.ts';
import { foldWithMap } from './fold-map.ts';
import { fold } from '../text.ts';
import { looseRe } from './loose.ts';
import { describesCaseload, describesSuspects } from './profile.ts';
import { isPlan } from './period-grammar.ts';

type Agent = 'procuracy' | 'investigation' | 'other';

interface AgentMention {
  at: number;
  agent: Agent;
  /** Named as the subject of its clause (not "chuyển sang Viện kiểm sát"). */
  subject: boolean;
}

// The procuracy speaking: its names, and its own verbs ("Kiểm sát xét xử sơ thẩm 689 vụ…").
const PROCURACY = String.raw`viện\s+kiểm\s+sát|viện\s+ksnd|vksnd|vks|ngành\s+kiểm\s+sát|kiểm\s+sát|đơn\s+vị(?!\s+chức\s+năng)|thực\s+hành\s+quyền\s+công\s+tố`;
const INVESTIGATION = String.raw`cơ\s+quan\s+(?:cảnh\s+sát\s+)?điều\s+tra|cơ\s+quan\s+csđt|cqđt`;
const OTHER = String.raw`liên\s+ngành(?:\s+tư\s+pháp)?|tòa\s+án|toà\s+án|tand|công\s+an|cảnh\s+sát|cơ\s+quan\s+chức\s+năng|các\s+cơ\s+quan\s+chức\s+năng|đơn\s+vị\s+chức\s+năng|lực\s+lượng\s+chức\s+năng|cơ\s+quan\s+thi\s+hành\s+án|(?:chi\s+)?cục\s+thi\s+hành\s+án|(?:chi\s+)?cục\s+thads|ủy\s+ban\s+nhân\s+dân|uỷ\s+ban\s+nhân\s+dân|ubnd|hội\s+đồng\s+xét\s+xử`;
const MENTION = looseRe(String.raw`(?<![\p{L}])(?:(${PROCURACY})|(${INVESTIGATION})|(${OTHER}))(?![\p{L}])`, 'giu');
// An agency named as an object, not as the subject: "phối hợp với Tòa án", "được Tòa án chấp nhận".
const NOT_SUBJECT = looseRe(String.raw`(?:với|của|cho|được|sang|đối\s+với|giữa|tại|yêu\s+cầu|đề\s+nghị|kiến\s+nghị|kháng\s+nghị|phối\s+hợp|theo|và|từ|đến|gửi)\s*$`, 'iu');

function mentions(text: string): AgentMention[] {
  const out: AgentMention[] = [];
  const re = new RegExp(MENTION.source, MENTION.flags);
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const agent: Agent = m[1] ? 'procuracy' : m[2] ? 'investigation' : 'other';
    const subject = isSubject(text, m.index);
    if (agent !== 'procuracy' && !subject) continue;
    out.push({ at: m.index, agent, subject });
  }
  return out;
}

/**
 * An agency in subject position opens its clause: at most a few words since the last separator
 * ("Riêng án hình sự, Tòa án thụ lý…"), none of them a preposition or a noun it qualifies
 * ("phối hợp với Tòa án", "Nhà tạm giữ Công an huyện", "được Tòa án chấp nhận").
 */
function isSubject(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 40), at);
  const cut = Math.max(before.lastIndexOf(','), before.lastIndexOf(';'), before.lastIndexOf('.'), before.lastIndexOf(':'), before.lastIndexOf('('), before.lastIndexOf('\n'));
  const words = before.slice(cut + 1).trim();
  if (NOT_SUBJECT.test(before)) return false;
  if (cut < 0 && at >= 40) return false;
  return words === '' || (words.split(/\s+/).length <= 3 && !/(?:nhà|trại|cơ\s+quan|tại|của|với|và)\s*$/iu.test(words));
}

// "bắt giữ chuyển xử lý hình sự" (arrests the procuracy saw turned into criminal cases) is its
// oversight of arrest and custody, not the crime situation.
const CRIME_VERB = /\b(?:khoi to moi|phat hien(?! (?:vi pham|sai pham|thieu sot))|bi khoi to|xay ra|dieu tra kham pha|bat giu(?! (?:chuyen|de chuyen)\b))\b/;
const CRIME_CONTEXT = /\b(?:khoi to)\b.*\b(?:tren dia ban|toan tinh|toan thanh pho|tinh hinh toi pham)\b|\b(?:tren dia ban|toan tinh|toan thanh pho|tinh hinh toi pham)\b.*\bkhoi to\b/;
const CRIME_NOUN = /(?:^|\s)(?!ve )\S+ toi pham\b|^toi pham\b/;
// A group of crimes as the subject: "Riêng nhóm trật tự xã hội đã khởi tố 149 vụ/283 bị can" is
// the crime situation of that group, not the procuracy's result.
const CRIME_GROUP = /\b(?:nhom|loai)(?: toi pham| toi)?(?: ve)?(?: cac)? (?:trat tu|ma tuy|so huu|kinh te|tham nhung|chuc vu|moi truong|an ninh|xam pham|giao thong|co bac|buon lau)\b/;
// The procuracy named as the source of what follows ("Theo Viện kiểm sát, …", "Viện trưởng VKSND
// tỉnh cho biết, …"): its name there is no verb of its own work.
// Matched on folded words where ¦ stands for the punctuation (leadWords below).
const ATTRIBUTION = /\b(?:theo (?:bao cao cua )?(?:vien kiem sat|vksnd|vks|nganh kiem sat)\b[^¦]{0,40}|(?:vien kiem sat|vksnd|vks|nganh kiem sat)\b[^¦]{0,40}? (?:cho biet|thong tin|bao cao))(?=\s*¦)/g;
// A count labelled by its offence ("số vụ án xâm hại trẻ em là 45 vụ", "số vụ giết người: 23"):
// the crime situation by kind of crime.
const OFFENCE_LABEL = /\bso (?:vu an|vu|bi can|doi tuong) (?:xam hai|giet nguoi|trom cap|cuop|lua dao|ma tuy|danh bac|to chuc danh bac|co y gay thuong tich|hiep dam|buon lau|tham nhung|tham o|nhan hoi lo|dua hoi lo|vi pham (?:quy dinh ve )?(?:tham gia )?giao thong)\b/;
const PROCURACY_VERB = /\b(?:kiem sat|cong to|phe chuan|yeu cau|huy|truy to|quyet dinh|khang nghi|kien nghi|ban hanh)\b/;
// Words by which a list item states its own result (and so does not inherit the crime reading).
// A share ("…, trộm cắp tài sản chiếm 54%") states no result of its own: after the crime situation
// it is a share of it.
const OWN_VERB = /\b(?:thu ly|giai quyet|truy to|xet xu|ban hanh|kiem sat|tiep nhan|de nghi|yeu cau|khang nghi|kien nghi|dat|phe chuan|huy|khoi to|phat hien)\b/;
// A count classified by offence in its own item ("05 vụ/13 bị can phạm tội tham nhũng", "… về
// tội trộm cắp"): the crime situation by kind of crime, when no result verb leads it.
const BY_OFFENCE_AFTER = /^[^,;.:\n]{0,40}?\b(?:pham toi|ve (?:cac )?toi(?! pham))\b/;

// A sentence that breaks the one before it down ("Trong đó, cố ý gây thương tích 293 vụ/383 bị can;
// đánh bạc 234 vụ …", "Cụ thể, tội hối lộ 24 vụ …") reports what that sentence reported.
const BREAKDOWN_OPEN = /^\s*(?:trong do|trong so do|cu the|rieng)\b/;
// A paragraph that opens on the crime situation ("Theo báo cáo, tình hình tội phạm trên địa bàn …",
// "Tội phạm về ma túy xảy ra 33 vụ …") before any agency is named: the investigating body named
// after it gives its own account of that situation ("Cơ quan điều tra đã khởi tố 58 vụ/77 bị can").
const CRIME_OPENING = /\b(?:tinh hinh toi pham|tinh hinh an ninh)\b/;

const ENFORCEMENT_RESULT = /\b(?:giai quyet|thi hanh) xong ve (?:viec|tien)\b/;

const HAI_CAP_AFTER = looseRe(String.raw`^\S+(?:\s+\S+){1,3}?\s+hai\s+cấp(?![\p{L}])`, 'iu');

// "năm 2016", "so với năm 2016" (group 1: a comparison).
const YEAR_REF = looseRe(String.raw`(so\s+với\s+(?:cùng\s+kỳ\s+)?|cùng\s+kỳ\s+)?năm\s+(\d{4})(?!\s*[-–]\s*\d{4})`, 'giu');
const SPAN = looseRe(String.raw`giai\s+đoạn\s+(?:từ\s+)?(?:năm\s+)?\d{4}\s*[-–]\s*\d{4}|cả\s+giai\s+đoạn|nhiệm\s+kỳ|từ\s+năm\s+\d{4}\s+đến`, 'iu');

// How far back a figure's words may lie: bounded, so the work per figure is too (linear time).
const LEAD_MAX = 400;

export interface Placed {
  /** Where the figure's number starts. */
  at: number;
  /** End of the figure's text (its number, noun and change). */
  end: number;
}

/**
 * Which figures are the procuracy's own: a boolean per figure (in text order). `figures` must be
 * sorted by `at`.
 */
export function ownFigures(text: string, figures: readonly Placed[], periodYears: readonly number[] = []): boolean[] {
  const ms = mentions(text);
  const b = boundsOf(text);
  const keep: boolean[] = [];
  let k = 0;
  let agent: Agent = 'procuracy';
  let lastParagraph = -2;
  let spanParagraph = -3;
  let prevOtherYear = false;
  let paragraphOpened = false;
  // A figure of the procuracy's already kept in this paragraph before any agency was named: the
  // paragraph is the procuracy's account, and an agency named later reports an outcome of its
  // cases ("trên tổng số 06 bị cáo có kháng cáo, Tòa án cấp phúc thẩm đã y án 05 bị cáo").
  let ownBeforeNamed = false;
  // A paragraph the investigating body opens is its own account ("Cơ quan điều tra hai cấp thụ lý
  // điều tra 339 vụ/590 bị can …"), another agency's figures; named inside the procuracy's
  // paragraph it reports what the procuracy supervised, which stays.
  let ownParagraph = false;
  // The paragraph has so far set out only the crime situation (no agency named yet).
  let crimeOpened = false;
  let prevSentence = -2;
  let prevParagraph = -2;
  let prevCrime = false;
  let prevEnd = 0;
  let procuracyNamed = false;
  let lastNamed: Agent = 'procuracy';
  const noteMention = (a: Agent) => {
    if (a === 'procuracy') procuracyNamed = true;
    lastNamed = a;
  };
  for (const f of figures) {
    // The paragraph (after the last newline) starts with the procuracy as the speaker (once the
    // article has named it; before that, with the agency it last named).
    // The first agency a paragraph names is who speaks in it; another agency named after the
    // procuracy reports an outcome the procuracy supervised ("…; Tòa án đã giải quyết 201 vụ
    // việc") and does not change the speaker. A paragraph opened by another agency speaks for it
    // until the procuracy is named.
    const para = b.prevNewline[f.at];
    // Mentions in earlier paragraphs only say whether the procuracy was named yet, and who last.
    while (k < ms.length && ms[k].at <= para) noteMention(ms[k++].agent);
    if (para !== lastParagraph) {
      // An article that has not named the procuracy speaks for the agency it last named (a Court
      // article's paragraph "Chất lượng xét xử … 34 vụ bị hủy" is still the Court's).
      agent = procuracyNamed ? 'procuracy' : lastNamed;
      paragraphOpened = false;
      ownBeforeNamed = false;
      ownParagraph = false;
      crimeOpened = false;
      lastParagraph = para;
    }
    while (k < ms.length && ms[k].at < f.at) {
      noteMention(ms[k].agent);
      if (ms[k].at > para) {
        const a = ms[k].agent;
        // (The investigating body's own account keeps its rule: "hai cấp" or before the procuracy is named.)
        if (!paragraphOpened && ownBeforeNamed && a === 'other') paragraphOpened = true;
        else if (!paragraphOpened) {
          agent = a;
          paragraphOpened = true;
          // Its own account when the article has not yet named the procuracy, or it speaks as the
          // whole provincial body ("Cơ quan điều tra hai cấp …"); "Cụ thể, Cơ quan điều tra đã …"
          // after the procuracy's paragraph details what the procuracy supervised.
          ownParagraph = a === 'investigation' && (!procuracyNamed || crimeOpened || CRIME_OPENING.test(fold(text.slice(Math.max(para + 1, ms[k].at - LEAD_MAX), ms[k].at))) || HAI_CAP_AFTER.test(text.slice(ms[k].at, ms[k].at + 40)));
        } else if (a === 'procuracy' && (agent === 'procuracy' || ms[k].subject)) {
          // After another agency opened the paragraph, only the procuracy as a subject takes the
          // word back: "Cơ quan điều tra đã chuyển sang Viện kiểm sát đề nghị truy tố 87 vụ" is
          // still the investigating body's figure.
          agent = a;
          ownParagraph = false;
        }
      }
      k++;
    }
    const sentence = b.prevSentence[f.at];
    const leadStart = Math.max(sentence + 1, sentence === prevSentence ? prevEnd : 0, f.at - LEAD_MAX);
    // A semicolon closes a list item (a year or another agency named before it is not this item's);
    // the crime situation set out before it still frames the figures after it ("tình hình tội phạm
    // trên địa bàn …; đã khởi tố 300 vụ"), unless the procuracy's verb leads this item ("…, chiếm
    // 11,3% số vụ khởi tố mới; ban hành 31 yêu cầu …").
    const itemStart = Math.max(leadStart, text.lastIndexOf(';', f.at - 1) + 1);
    const lead = foldWithMap(text.slice(leadStart, f.at)).text;
    // Crime verbs are words side by side, not across a comma ("Ở khâu bắt, giữ, tỷ lệ …" is not "bắt giữ").
    const leadWords = fold(text.slice(leadStart, f.at).replace(/[,;:()]/g, ' ¦ '));
    // "phát hiện 15 vi phạm" is the procuracy's inspection finding, not a crime.
    const findsViolations = /^\s*\S+\s+(?:vi phạm|sai phạm|thiếu sót)/iu.test(text.slice(f.at, f.at + 40));
    // The second count of a pair ("truy tố 120 vụ/200 bị can phạm tội ma túy") has the pair's verb.
    const sentenceLead = fold(text.slice(Math.max(sentence + 1, f.at - LEAD_MAX), f.at));
    const byOffence = BY_OFFENCE_AFTER.test(fold(text.slice(f.at, f.at + 80))) && !OWN_VERB.test(sentenceLead) && !PROCURACY_VERB.test(sentenceLead);
    let crime = !findsViolations && (CRIME_VERB.test(leadWords) || OFFENCE_LABEL.test(leadWords) || CRIME_CONTEXT.test(lead) || CRIME_NOUN.test(lead) || CRIME_GROUP.test(lead) || byOffence) && !PROCURACY_VERB.test(leadWords.replace(ATTRIBUTION, ' '));
    // Another agency as the subject of the figure's own clause, with a crime verb ("Viện kiểm sát
    // cho biết, các đơn vị chức năng đã phát hiện, xử lý 11 vụ việc tham nhũng"), reports the crime
    // situation, whatever the procuracy's words before it in the sentence.
    let j = k - 1;
    while (j >= 0 && ms[j].at >= f.at) j--;
    if (!crime && !findsViolations && j >= 0 && ms[j].at >= itemStart && ms[j].agent === 'other') {
      const clause = text.slice(ms[j].at, f.at);
      if (CRIME_VERB.test(fold(clause.replace(/[,;:()]/g, ' ¦ '))) && !PROCURACY_VERB.test(fold(clause))) crime = true;
    }
    // Who the suspects are ("49 bị can từ đủ 14 đến dưới 18 tuổi") describes the crime situation too.
    if (describesSuspects(text, f.at, lead)) crime = true;
    // So does what part of the caseload concerns ("trong đó có 207 nguồn tin liên quan đến tài sản …").
    if (describesCaseload(text, f.at, lead)) crime = true;
    const ownName = /\b(?:vien kiem sat|vksnd|vks|nganh kiem sat)\b/.test(lead);
    if (!crime && prevCrime && sentence === prevSentence && !OWN_VERB.test(lead) && !ownName) crime = true;
    if (!crime && prevCrime && para === prevParagraph && sentence !== prevSentence && BREAKDOWN_OPEN.test(fold(text.slice(sentence + 1, Math.min(f.at, sentence + 40)))) && !OWN_VERB.test(lead) && !ownName) crime = true;
    // Another year's figures: "(năm 2016: 1.112 vụ/1.418 bị can)", "so với năm 2016 (1.112 vụ…)",
    // and totals of a span ("Tính chung cả giai đoạn 2016 - 2021, …") for the rest of the paragraph.
    let otherYear = false;
    if (periodYears.length) {
      const raw = text.slice(leadStart, f.at);
      if (SPAN.test(raw)) spanParagraph = para;
      // A year named as the tasks being launched ("hội nghị triển khai nhiệm vụ năm 2026, … năm qua
      // đã kiểm sát …") is not another year's figures.
      // A year before a semicolon qualifies the item it closes ("44 cuộc kiểm tra việc thực hiện
      // kiến nghị ban hành từ năm 2022; trực tiếp kiểm sát 5 cuộc"), not the next item's figures.
      const itemFrom = itemStart - leadStart;
      const ys = [...raw.matchAll(YEAR_REF)].filter((y) => y.index! >= itemFrom && (y[1] || !isPlan(text.slice(Math.max(0, leadStart + y.index! - 60), leadStart + y.index!))));
      const last = ys[ys.length - 1];
      if (last) {
        const y = Number(last[2]);
        const comparison = Boolean(last[1]);
        const tail = raw.slice(last.index! + last[0].length);
        if (periodYears.includes(y)) spanParagraph = spanParagraph === para && !comparison ? -3 : spanParagraph;
        else if (!comparison || /^[\s(:]*$/.test(tail)) otherYear = true;
      } else if (spanParagraph === para) otherYear = true;
      if (SPAN.test(raw)) otherYear = true;
      if (!otherYear && !last && prevOtherYear && sentence === prevSentence && !OWN_VERB.test(lead)) otherYear = true;
    }
    // The enforcement bodies' own measure ("tỷ lệ giải quyết xong về việc đạt 88,68%", "thi hành xong
    // về tiền"): civil judgment enforcement's result, another agency's even when it goes unnamed.
    const enforcement = ENFORCEMENT_RESULT.test(leadWords) && !ownName;
    const own = !crime && !otherYear && !enforcement && agent !== 'other' && !(agent === 'investigation' && ownParagraph);
    if (own && !paragraphOpened && agent === 'procuracy') ownBeforeNamed = true;
    if (crime && !paragraphOpened) crimeOpened = true;
    keep.push(own);
    prevOtherYear = otherYear;
    prevCrime = crime;
    prevSentence = sentence;
    prevParagraph = para;
    prevEnd = f.end;
  }
  return keep;
}
