/**
 * Counts that say who the suspects are, not what the procuracy did: "49 bị can từ đủ 14 đến dưới
 * 18 tuổi", "19 người là đảng viên", "129 bị can là người dân tộc thiểu số", "số bị can là nữ là
 * 110 người", "3 đối tượng có tiền án". A report breaks its prosecutions down by age, sex,
 * ethnicity, party membership or record; those breakdowns describe the crime situation
 * (shared/extraction/ANNOTATION.md: not the procuracy's own work results). A person counted with
 * such an attribute, before or after the number, is a profile; "trong đó 798 tin mới" (a subset of
 * a work result, by kind of report) is not.
 */
import { fold } from '../text.ts';

// Who is counted (folded).
const PERSON = String.raw`(?:bi can|bi cao|nguoi|doi tuong|pham nhan)`;
// What describes them: age, sex, ethnicity, nationality, membership, occupation, record (folded).
const ATTRIBUTE = String.raw`(?:tuoi|nu|nu gioi|nam gioi|phu nu|dan toc|nuoc ngoai|quoc tich|dang vien|hoc sinh|sinh vien|can bo|cong chuc|vien chuc|tien an|tien su|tai pham|nghien|chua thanh nien|thanh nien|lao dong tu do|khong nghe nghiep|that nghiep)`;
// Words between the person and the attribute: "là", "có", an age range "từ đủ 14 đến dưới 18".
const FILLER = String.raw`(?:la|co|tu|du|duoi|tren|den|nguoi|thuoc|deu|\d+)`;
const PERSON_FIRST = new RegExp(String.raw`^${PERSON}(?![a-z])`);
const AFTER = new RegExp(String.raw`^${PERSON}(?: ${FILLER}){0,7} ${ATTRIBUTE}(?![a-z])`);
const BEFORE = new RegExp(String.raw`(?:^| )${PERSON}(?: (?:la|co))?(?: nguoi)? ${ATTRIBUTE}(?: [a-z]+){0,4} (?:la|co|chiem|gom)$`);

// The counted words after a number run to the next bracket or separator ("(3,49%)", ", chiếm").
const NOUN_PHRASE = /^[\d.,/]*\s*%?\s*([^(),;:.\n]{0,80})/u;

/**
 * Whether the number at `at` counts people by who they are (or is their share: "30% bị can dưới
 * 30 tuổi", "bị can là người chưa thành niên chiếm 3%"). `leadFolded` is the folded text
 * between the previous figure of the sentence (or its start) and the number.
 */
export function describesSuspects(text: string, at: number, leadFolded: string): boolean {
  const phrase = NOUN_PHRASE.exec(text.slice(at, at + 100))?.[1] ?? '';
  const after = fold(phrase);
  if (AFTER.test(after)) return true;
  // "số bị can là nữ là 110 người": the attribute names the count before its number.
  return (after === '' || PERSON_FIRST.test(after)) && BEFORE.test(leadFolded.trimEnd());
}

// A subset of the caseload named by what it concerns ("trong đó có 207 nguồn tin liên quan đến tài
// sản bị thất thoát, chiếm đoạt", "trong số các nguồn tin được thụ lý có 207 nguồn tin liên quan …"): what the reports are about, not a result of the procuracy's work
// ("trong đó 798 tin mới" names a kind of report and stays).
const CASELOAD_ABOUT = /^(?:nguon tin|tin bao|tin|to giac|vu an|vu viec|vu) (?:co )?lien quan (?:den|toi)\b/;
// "trong đó (có)", "trong số đó", "trong số các nguồn tin được thụ lý có".
const SUBSET_LEAD = /\btrong (?:(?:do|so do)(?: co)?|so (?:cac )?(?:nguon tin|tin bao|tin|vu an|vu viec|vu)(?: [a-z]+){0,4} co)\s*$/;

/** Whether the number at `at` counts part of the caseload by what it concerns (see CASELOAD_ABOUT). */
export function describesCaseload(text: string, at: number, leadFolded: string): boolean {
  const phrase = NOUN_PHRASE.exec(text.slice(at, at + 100))?.[1] ?? '';
  return CASELOAD_ABOUT.test(fold(phrase)) && SUBSET_LEAD.test(leadFolded);
}
