/**
 * The referral of a person whose address is outside this deployment's province: which provincial
 * centre serves them and how to reach it, the national hotline when the centre's own number is not
 * known (intake/parameters/hotline.yaml).
 *
 *     referralFor('24', '2026-11-23')?.message
 *     // "Địa chỉ này thuộc Tỉnh Bắc Ninh. Nơi giúp bạn là Trung tâm Trợ giúp pháp lý nhà nước tỉnh
 *     //  Bắc Ninh. Mình chưa có số điện thoại riêng của Trung tâm, bạn gọi Tổng đài … 1800.1233 …"
 *
 * A centre may still help a person from elsewhere when the matter happened in its province (Luật TGPL
 * 11/2017/QH14, Điều 26 khoản 1 b); otherwise it passes the request on and tells the person (Điều 35
 * khoản 1). The intake asks where the matter happened; this module only says who serves where.
 */
import { loadMessages } from '../../lib/messages.ts';
import { hotlineAt, type Hotline } from '../hotline.ts';
import { provincialCentres, type ProvincialCentres } from './provincial-centres.ts';

const say = loadMessages(new URL('./routing.vi.yaml', import.meta.url), ['referral_phone', 'referral_address', 'referral_hotline']);

/** Who serves a province and what to tell the person. */
export interface Referral {
  provinceCode: string;
  provinceName: string;
  /** The centre's name ("Trung tâm Trợ giúp pháp lý nhà nước tỉnh Bắc Ninh"). */
  centre: string;
  /** The centre's own phone and address, null where no source for them was at hand. */
  phone: string | null;
  address: string | null;
  /** The national hotline on that day: the way to reach help when `phone` is null. */
  hotline: Hotline;
  /** A short, polite Vietnamese message naming the centre and how to reach it. */
  message: string;
  /** Where the centre's data comes from, and as of when. */
  source: string;
  asOf: string;
}

/**
 * Which centre serves a 2025 province and what to tell the person (`today`: "YYYY-MM-DD", for the
 * hotline in force); undefined for a code that is not a 2025 province.
 */
export function referralFor(provinceCode: string, today: string, centres: ProvincialCentres = provincialCentres()): Referral | undefined {
  const centre = centres.centreFor(provinceCode);
  if (!centre) return undefined;
  const hotline = hotlineAt(today);
  const message = centre.phone
    ? say.say('referral_phone', {
        province: centre.provinceName,
        centre: centre.name,
        phone: centre.phone,
        address: centre.address ? say.say('referral_address', { address: centre.address }) : '',
        hotline: hotline.number,
      })
    : say.say('referral_hotline', { province: centre.provinceName, centre: centre.name, hotline: hotline.number, hours: hotline.hours });
  return {
    provinceCode,
    provinceName: centre.provinceName,
    centre: centre.name,
    phone: centre.phone,
    address: centre.address,
    hotline,
    message,
    source: centre.source,
    asOf: centre.asOf,
  };
}
