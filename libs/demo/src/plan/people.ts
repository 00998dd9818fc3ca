import { creditCodeCheckChar, residentIdCheckChar } from '@tiaojie/domain';
import type { Rng } from './prng';

/**
 * Made-up people and employers for the demo year: plausible Chinese names from syllable lists and
 * identifiers valid under their national standards (DOMAIN.md §5). Nobody here is real.
 */

const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 72], ['李', 70], ['张', 68], ['刘', 54], ['陈', 47], ['杨', 32], ['黄', 25], ['赵', 22], ['吴', 21], ['周', 20],
  ['徐', 15], ['孙', 14], ['马', 13], ['朱', 12], ['胡', 12], ['郭', 11], ['何', 10], ['高', 10], ['林', 9], ['罗', 9],
  ['郑', 9], ['梁', 8], ['谢', 7], ['宋', 7], ['唐', 7], ['许', 6], ['韩', 6], ['冯', 6], ['邓', 6], ['曹', 6],
  ['彭', 6], ['曾', 5], ['肖', 5], ['田', 5], ['董', 5], ['袁', 5], ['潘', 4], ['于', 4], ['蒋', 4], ['蔡', 4],
  ['余', 4], ['杜', 4], ['叶', 4], ['程', 4], ['苏', 3], ['魏', 3], ['吕', 3], ['丁', 3], ['任', 3], ['沈', 3],
  ['姚', 3], ['卢', 3], ['姜', 3], ['崔', 3], ['钟', 3], ['谭', 3], ['陆', 3], ['汪', 3], ['范', 3], ['金', 3],
  ['石', 3], ['廖', 3], ['贾', 3], ['夏', 3], ['付', 3], ['方', 3], ['邹', 2], ['熊', 2], ['秦', 2], ['江', 2],
  ['柯', 2], ['雷', 2], ['向', 2], ['龚', 2], ['万', 2], ['陶', 2], ['邵', 2], ['祝', 1], ['聂', 1], ['喻', 1],
];
const MALE_CHARS = '伟强军磊洋勇杰涛明超刚平辉鹏华飞斌波宇浩凯健俊帆林峰建国志新海东亮文德成龙春兵永红卫兴';
const FEMALE_CHARS = '芳娜敏静丽艳娟霞燕玲桂英秀兰萍红梅琳雪莉慧颖婷倩琴云洁晶莹凤春丹佳欣怡璐蓉翠珍';

export type Sex = 'M' | 'F';

export function personName(rng: Rng, sex: Sex): string {
  const chars = sex === 'M' ? MALE_CHARS : FEMALE_CHARS;
  const given = rng.chance(0.7) ? rng.pick([...chars]) + rng.pick([...chars]) : rng.pick([...chars]);
  return rng.weighted(SURNAMES) + given;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A GB 11643 resident ID: area + birth date + sequence (odd for men) + check character. */
export function residentId(rng: Rng, area: string, birthYear: number, sex: Sex): string {
  const month = rng.int(1, 12);
  const day = rng.int(1, month === 2 ? 28 : [4, 6, 9, 11].includes(month) ? 30 : 31);
  const seq = rng.int(0, 499) * 2 + (sex === 'M' ? 1 : 0);
  const body = `${area}${birthYear}${pad(month, 2)}${pad(day, 2)}${pad(seq, 3)}`;
  return body + residentIdCheckChar(body);
}

const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159', '166', '173', '177', '180', '181', '182', '183', '186', '187', '188', '189', '191', '199'];

/** A mainland mobile number (1[3-9] + 9 digits); unique within one plan. */
export function mobile(rng: Rng, taken: Set<string>): string {
  for (;;) {
    const n = rng.pick(MOBILE_PREFIXES) + pad(rng.int(0, 99_999_999), 8);
    if (!taken.has(n)) {
      taken.add(n);
      return n;
    }
  }
}

/** GB 11714 organisation code (8 digits + check), the middle of a credit code. */
function organisationCode(rng: Rng): string {
  const body = pad(rng.int(0, 99_999_999), 8);
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, ch, i) => s + Number(ch) * weights[i], 0);
  const c = 11 - (sum % 11);
  return body + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

/** A GB 32100 unified social credit code: 9 (market regulator) + 1 (enterprise) or 2 (sole trader), region, organisation code, check. */
export function creditCode(rng: Rng, regionCode: string, soleTrader = false): string {
  const body = `9${soleTrader ? '2' : '1'}${regionCode.slice(0, 6)}${organisationCode(rng)}`;
  return body + creditCodeCheckChar(body);
}

const BRAND = '鑫华盛恒达东风汉江源泰隆兴昌宏远博诚德丰瑞祥安佳创通汇合成金新正和永顺武当秦巴楚天鄂';

/** Industries of the city's employers: 十堰 makes trucks and their parts, builds, grows tea, cuts turquoise. */
export const INDUSTRIES = {
  CONSTRUCTION: ['建筑工程有限公司', '建设工程有限公司', '劳务有限公司', '装饰工程有限公司', '路桥工程有限公司'],
  AUTO_PARTS: ['汽车零部件有限公司', '汽车配件制造有限公司', '车桥有限公司', '机械制造有限公司', '铸造有限公司'],
  SERVICES: ['餐饮管理有限公司', '物业服务有限公司', '酒店管理有限公司', '家政服务有限公司', '保安服务有限公司', '商贸有限公司', '超市有限公司'],
  MANUFACTURING: ['食品有限公司', '纺织有限公司', '电子科技有限公司', '新材料有限公司', '包装有限公司'],
  LOCAL: ['茶业有限公司', '绿松石工艺品有限公司', '农业开发有限公司', '水电开发有限公司', '旅游开发有限公司'],
  LOGISTICS: ['物流有限公司', '运输有限公司', '仓储服务有限公司'],
} as const;
export type Industry = keyof typeof INDUSTRIES;

/** Made-up platform operators (no real brand): delivery, ride-hailing, courier, errands. */
const PLATFORMS = ['同城速达网络科技有限公司', '鄂西北快跑配送服务有限公司', '易行出行网络科技有限公司', '闪送到家信息技术有限公司', '车城速运物流服务有限公司', '秦巴优选网络科技有限公司'];

export function employerName(rng: Rng, place: string, industry: Industry): string {
  return `${place}${rng.pick([...BRAND])}${rng.pick([...BRAND])}${rng.pick(INDUSTRIES[industry])}`;
}

export function platformName(rng: Rng): string {
  return `十堰市${rng.pick(PLATFORMS)}`;
}
