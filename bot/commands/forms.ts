/**
 * `tgpl forms TICKET --form 02 --out FILE`: a ticket's form (Mẫu 02, and 04/05/08/09 where its state
 * calls for them) filled from what the intake collected, as DOCX or PDF, written to a new file (0600).
 * The read of the person's data is recorded in the access log (tgpl audit).
 */
import { extname, resolve } from 'node:path';
import { UsageError } from '../../lib/usage-error.ts';
import { loadEligibilityRules } from '../../intake/eligibility/rules.ts';
import { FORM_IDS, formsFor, type FormId } from '../../intake/paperwork/forms.ts';
import type { DocumentFormat } from '../../intake/paperwork/form-documents.ts';
import { PaperworkError, ticketForm, writeNewPrivateFile } from '../../intake/paperwork/paperwork.ts';
import { parseCommandArgs, type Command, type Io } from './command.ts';
import { withData } from './data-access.ts';

export const formsCommand: Command = {
  name: 'forms',
  help: `Cách dùng: tgpl forms SỐ_YÊU_CẦU [--form 02] --out TỆP [--format docx|pdf]
       tgpl forms SỐ_YÊU_CẦU --list

Điền sẵn mẫu đơn của Thông tư 12/2018/TT-BTP từ thông tin trợ lý đã thu thập, ghi ra tệp mới
(chỉ chủ tệp đọc được). Ô nào trợ lý không hỏi thì để trống (dòng chấm) để viết tay.
Bố cục các mẫu lấy từ dữ liệu (intake/paperwork/forms/), cần đối chiếu với mẫu chính thức.

Mẫu:
  02  Đơn yêu cầu trợ giúp pháp lý (mọi yêu cầu)
  04  Đơn đề nghị thay đổi người thực hiện trợ giúp pháp lý (yêu cầu đã nhận, đang giúp)
  05  Đơn rút yêu cầu trợ giúp pháp lý (yêu cầu chưa kết thúc, hoặc đã rút)
  08  Thông báo từ chối thụ lý (yêu cầu bị từ chối, không thuộc diện)
  09  Thông báo chuyển yêu cầu (yêu cầu hướng dẫn sang tỉnh khác)

Tùy chọn:
  --form MẪU       02 (mặc định), 04, 05, 08 hoặc 09
  --out TỆP        tệp mới để ghi (.docx hoặc .pdf)
  --format KIỂU    docx hoặc pdf (mặc định: theo đuôi tệp)
  --list           chỉ in các mẫu dùng được cho yêu cầu này
  -h, --help       xem hướng dẫn này

Ví dụ: tgpl forms TG-2026-000003 --form 02 --out /tmp/don-yeu-cau.pdf`,
  async run(args: string[], io: Io): Promise<number> {
    const { values, positionals } = parseCommandArgs(
      'forms',
      args,
      { form: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' }, list: { type: 'boolean' } },
      true,
    );
    if (positionals.length !== 1) throw new UsageError('tgpl forms: cần đúng một số yêu cầu (ví dụ: tgpl forms TG-2026-000003 --out don.pdf)');
    const formText = String(values.form ?? '02').replace(/^0?(\d)$/u, '0$1');
    if (!(FORM_IDS as readonly string[]).includes(formText)) throw new UsageError(`tgpl forms: không có mẫu "${values.form}" (chọn: ${FORM_IDS.join(', ')})`);
    const id = formText as FormId;
    const out = values.out as string | undefined;
    if (!values.list && !out) throw new UsageError('tgpl forms: cần --out TỆP (ví dụ --out don-yeu-cau.pdf)');
    const formatText = (values.format as string | undefined) ?? (out ? extname(out).slice(1).toLowerCase() : '');
    if (!values.list && formatText !== 'docx' && formatText !== 'pdf') {
      throw new UsageError(`tgpl forms: kiểu tệp "${formatText || out}" không dùng được: chọn --format docx hoặc pdf (hoặc tệp .docx / .pdf)`);
    }
    return withData(io, 'forms', async ({ intake, config, operator }) => {
      const ticket = await intake.desk.ticket(operator, positionals[0]!);
      if (values.list) {
        io.stdout.write(`${ticket.number}: ${formsFor(ticket).map((f) => `Mẫu ${f}`).join(', ')}\n`);
        return 0;
      }
      const deps = { desk: intake.desk, tickets: intake.tickets, directory: intake.directory, rules: loadEligibilityRules(), timeZone: config.timeZone };
      try {
        const file = await ticketForm(deps, operator, ticket, id, formatText as DocumentFormat);
        const path = resolve(out!);
        writeNewPrivateFile(path, file.data);
        io.stdout.write(`Đã ghi Mẫu ${id} của yêu cầu ${ticket.number} vào ${path}\n`);
        return 0;
      } catch (err) {
        if (err instanceof PaperworkError) throw new UsageError(`tgpl forms: ${err.message}`);
        throw err;
      }
    });
  },
};
