/**
 * How the briefing's figures and judgements are made, in plain words (Vietnamese and English
 * side by side), for the digest's method section and the PDF pack alike.
 */
import { MOVER_Z, SMALL_BASE } from '../assemble.ts';
import { CONTROL_Z } from '../stats/funnel.ts';
import { reportDueDays } from '../report-due.ts';
import type { Geography } from '../types.ts';
import { dateTime, num, type Lang } from './format.ts';

export function methodText(o: { geography: Geography; graceDays: number; asOf?: string | null; late?: boolean }, lang: Lang): string[] {
  const t = (vi: string, en: string) => (lang === 'en' ? en : vi);
  const z = num(CONTROL_Z, 2);
  const c = { geography: o.geography };
  const input = { graceDays: o.graceDays };
  return [
    t(
      'Số liệu của tỉnh là tổng các đơn vị trong tỉnh; số liệu toàn quốc là tổng các tỉnh. Tỷ lệ luôn tính lại từ tổng tử số chia tổng mẫu số, không lấy trung bình các tỷ lệ. Tỷ lệ chỉ có dạng % (không có tử số, mẫu số) thì không cộng gộp và không kiểm định được.',
      'A province\'s figure is the sum of its units; the national figure the sum of the provinces. Rates are always recomputed as summed numerator over summed denominator, never averaged. A rate known only as a percentage cannot be combined or tested.',
    ),
    t(
      'Thay đổi của tỷ lệ tính bằng điểm phần trăm (ví dụ 90 % lên 92 % là +2 điểm %); của số đếm tính bằng số tuyệt đối và phần trăm.',
      'Rates change in percentage points (90 % to 92 % is +2 pts); counts in absolute numbers and percent.',
    ),
    t(
      `Kỳ báo cáo theo năm thống kê (01/12 năm trước đến 30/11). Một kỳ được coi là khoá sổ khi đã qua ngày cuối kỳ ${input.graceDays} ngày.`,
      `Periods follow the statistical year (1 December to 30 November). A period is closed ${input.graceDays} days after its last day.`,
    ),
    t(
      'Công bằng với tỉnh nhỏ: một tỉnh có 4 vụ việc, giải quyết 3 thay vì 4, tỷ lệ giảm từ 100 % xuống 75 % — nhưng đó chỉ là một vụ việc. Vì vậy bản tin không so sánh thay đổi của các tỉnh như nhau mà so với mức dao động ngẫu nhiên có thể xảy ra với một tỉnh có quy mô như vậy.',
      'Fair to small provinces: a province with 4 cases that resolves 3 instead of 4 falls from 100 % to 75 % — but that is one case. So changes are not compared as if all provinces were alike, but against the swing chance alone can produce for a province of that size.',
    ),
    t(
      `Giới hạn kiểm soát (biểu đồ phễu): với mỗi tỉnh, tính mức thay đổi so với cùng kỳ trừ đi mức thay đổi chung của cả nước, rồi chia cho độ dao động ngẫu nhiên ứng với số vụ việc của tỉnh. Kết quả vượt quá ±${z} (giới hạn 99,8 %: chỉ 2 trong 1.000 trường hợp do ngẫu nhiên) thì được coi là bất thường. Với tỷ lệ, độ dao động tính từ hai tỷ lệ (năm nay và năm trước) có hiệu chỉnh cho mẫu nhỏ; với số đếm, dùng kiểm định chính xác (phân phối nhị thức có điều kiện của hai số Poisson), nên 1 lên 4 vụ không phải là bất thường còn 400 lên 620 vụ thì có.`,
      `Control limits (funnel plot): for each province, its change against the same period last year less the country's change, divided by the swing chance produces for its number of cases. Beyond ±${z} (99.8 % limits: 2 in 1,000 by chance) the change is unusual. Rates use the two proportions (this year, last year) with a small-sample adjustment; counts an exact test (conditional binomial of two Poisson counts), so 1 to 4 cases is not unusual and 400 to 620 is.`,
    ),
    t(
      'Khi các tỉnh khác nhau nhiều hơn mức ngẫu nhiên (thường gặp khi số vụ việc lớn), giới hạn được nới rộng theo hệ số phân tán (tính từ chính các tỉnh, bỏ 10 % cao nhất và thấp nhất), để không gắn cờ hàng loạt tỉnh lớn.',
      'When provinces differ more than chance would make them (common with many cases), the limits are widened by an overdispersion factor (estimated from the provinces themselves, 10 % trimmed at each end), so large provinces are not flagged wholesale.',
    ),
    t(
      `"Kém rõ rệt so với toàn quốc": tỷ lệ của tỉnh nằm ngoài giới hạn 99,8 % quanh tỷ lệ toàn quốc, tính chính xác theo số vụ việc của tỉnh. "Biến động lớn nhất": các thay đổi lớn nhất trong số các thay đổi vượt mức ngẫu nhiên (độ lệch chuẩn hoá từ ${num(MOVER_Z, 2)} trở lên).`,
      `"Behind the country": the province's rate lies outside the 99.8 % limits around the national rate, computed exactly for its number of cases. "Biggest movers": the largest among the changes beyond chance (standardized difference of at least ${num(MOVER_Z, 2)}).`,
    ),
    t(
      `Thứ hạng: 1 là tốt nhất theo chiều mong muốn của chỉ tiêu (với chỉ tiêu trung tính: cao nhất); các tỉnh bằng nhau cùng hạng. Mỗi số liệu có khoảng tin cậy 95 % (tỷ lệ: khoảng Wilson; số đếm: khoảng Poisson chính xác); thứ hạng ghi kèm khoảng từ hạng tốt nhất đến hạng kém nhất mà các khoảng tin cậy cho phép. Mẫu số dưới ${SMALL_BASE} được đánh dấu là mẫu nhỏ.`,
      `Ranks: 1 is best by the indicator's desired direction (neutral indicators: highest); equal values share a rank. Each figure has a 95 % interval (rates: Wilson; counts: exact Poisson); ranks carry the range from the best to the worst rank the intervals allow. Denominators under ${SMALL_BASE} are marked as small.`,
    ),
    t(
      `Số liệu dùng cho bản tin: giá trị của các tỉnh và toàn quốc trong kỳ, kỳ trước và cùng kỳ năm trước${c.geography === 'as_2025' ? ' (quy đổi về 34 tỉnh, thành phố theo địa giới từ 01/07/2025)' : ''}; chỉ tiêu đề ra có hiệu lực tại ngày cuối kỳ; tình hình gửi báo cáo tháng của các đơn vị.`,
      `Figures used: provincial and national values for the period, the previous period and the same period last year${c.geography === 'as_2025' ? ' (re-expressed in the 34 provinces in force from 1 July 2025)' : ''}; targets in force on the last day of the period; monthly reports received from the units.`,
    ),
    t(
      'Đối chiếu số liệu: báo cáo kỳ (quý, 6 tháng, 9 tháng, năm) của một đơn vị được so với cộng dồn các báo cáo tháng của chính đơn vị đó; báo cáo hai cấp của tỉnh được so với tổng các đơn vị trong tỉnh. Số liệu chính thức của một kỳ là báo cáo của đơn vị cho kỳ đó; khi hai con số lệch nhau, số liệu được liệt kê ở phần "Số liệu không khớp" và mọi thứ hạng, kết luận dựa trên nó được đánh dấu *.',
      "Reconciliation: a unit's period report (quarter, 6 or 9 months, year) is checked against the sum of its own monthly reports; a province's two-level report against the sum of its units. A period's official figure is the unit's own report for it; where the two disagree, the figure is listed under \"Figures that disagree\" and every rank and verdict resting on it is marked *.",
    ),
    t(
      'Số liệu trích từ báo cáo dạng văn bản (máy đọc lời văn, không phải bảng số liệu) có thể bị đọc sai. Vì vậy, mặc định số liệu trích chưa được cán bộ rà soát không được dùng để xếp hạng, kết luận đạt hay chưa đạt, hay gắn cờ bất thường; chúng vẫn được hiển thị ở các bảng và được đánh dấu *. Số liệu trích đã được rà soát được dùng như số liệu thường nhưng vẫn ghi rõ là số liệu trích.',
      'Figures extracted from text reports (read by machine from prose, not from a table) can be misread. So by default an extracted figure no analyst has reviewed is not used for ranks, met / missed verdicts or unusual-change flags; it is still shown in the tables, marked *. A reviewed extracted figure is used like any other, still labelled as extracted.',
    ),
    ...(o.late
      ? [t(
        `Báo cáo gửi muộn: báo cáo tháng phải gửi chậm nhất ${reportDueDays()} ngày sau ngày cuối tháng (giờ Việt Nam); tính theo lần gửi đầu tiên của báo cáo.`,
        `Late reports: a monthly report is due at the latest ${reportDueDays()} days after the month's last day (Vietnam time), counting its first submission.`,
      )]
      : []),
    ...(o.asOf
      ? [t(
        `Thời điểm số liệu: bản tin chỉ tính các báo cáo và bản sửa đổi đã nhận vào kho đến ${dateTime(o.asOf, lang)} (${o.asOf}); báo cáo gửi muộn hoặc sửa đổi nhận sau đó không làm thay đổi bản tin này. Chạy lại so sánh của kỳ với đúng thời điểm đó sẽ cho ra đúng các số liệu này.`,
        `Figures as of: the briefing counts only the reports and revisions received into the warehouse by ${dateTime(o.asOf, lang)} (${o.asOf}); late reports or revisions received afterwards do not change it. Re-running the period's comparison as of that moment gives exactly these figures.`,
      )]
      : []),
  ];
}
