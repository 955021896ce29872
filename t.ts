import { AdminUnits } from './intake/routing/admin-units.ts';
import { AddressResolver } from './intake/routing/address-resolver.ts';
let t = Date.now();
const r = new AddressResolver(AdminUnits.load('../shared/data/admin-units'));
console.log('load', Date.now() - t);
for (const a of ['xã Song Pe, huyện Bắc Yên, Sơn La', 'Xa Bac Yen, Son La', 'TT Bắc Yên, H. Bắc Yên, tỉnh Sơn La', 'phường Ba Đình, Hà Nội', 'P. Bến Nghé, Q.1, TP.HCM', 'xa tan phong', 'xa bac yen son la', 'Son La', 'sao hỏa', 'Xã Tà Xùa, Sơn La', 'xa ta xua', 'phuong phuc xa, quan ba dinh, ha noi', 'Xã Phiêng Ban, Bắc Yên, Sơn La']) console.log(a, '=>', JSON.stringify(r.resolve(a)).slice(0, 300));
