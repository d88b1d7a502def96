/**
 * Names of people as releases write them: Chinese names (surname and given name, no separator) and
 * the same names in pinyin ("Yang Feng"). Used to cut names out of title-and-name runs and lists,
 * and to tell a person from a title or a group. The pinyin forms of the surnames come from
 * pinyin-pro, so the two scripts agree.
 */
import { createRequire } from 'node:module';
import type * as PinyinPro from 'pinyin-pro';

/** The Hundred Family Surnames and the common surnames of today. */
const SINGLE_SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由水昌凤酆傅萧贝经贲洪钮滑荀家羿汲邴糜松弓牧隗山宓蓬郗仰秋暴钭韶蓟怀从鄂咸籍赖能苍双莘贡逄扶堵宰郦卻璩濮寿通郏别阎充习宦鱼慎庾终暨步弘广禄东殳沃蔚越夔厍融訾空毋乜养须巢蒯后红竺益桓';
const COMPOUND_SURNAMES = ['欧阳', '司马', '诸葛', '上官', '司徒', '东方', '皇甫', '夏侯', '慕容', '长孙', '公孙', '令狐', '宇文', '尉迟', '端木', '独孤', '南宫', '西门', '澹台', '钟离', '闻人', '轩辕', '申屠', '呼延', '司空', '太史'];

const singles = new Set([...SINGLE_SURNAMES]);

/** The length of the surname a Chinese name starts with (2 for 欧阳, 1 for 王), or 0. */
export function surnameLengthZh(name: string): number {
  if (COMPOUND_SURNAMES.some((s) => name.startsWith(s))) return 2;
  return singles.has(name[0] ?? '') ? 1 : 0;
}

const HAN = /^\p{Script=Han}+$/u;

/**
 * Words that end a title (书记, 市长, 主任…): a Chinese title run ends with one of them, and the
 * name follows it.
 */
const TITLE_ENDS = [
  '副书记', '书记', '常务副市长', '副市长', '市长', '副县长', '县长', '副区长', '区长', '镇长', '乡长', '副主席', '主席', '副主任', '主任', '部长', '局长', '厅长', '处长', '科长',
  '秘书长', '院长', '检察长', '董事长', '总经理', '经理', '总监', '总会计师', '总工程师', '总经济师', '总法律顾问', '常委', '委员', '组长', '成员', '政委', '行长', '校长',
  '所长', '社长', '会长', '理事长', '审计长', '巡视员', '调研员', '督察长', '庭长', '馆长', '台长', '站长', '队长', '团长', '总编辑', '总编', '董事', '监事', '主委', '专员',
  '负责人', '领导', '教授', '司令员', '参谋长', '部长助理', '省长', '州长', '盟长', '旗长', '署长', '关长', '总裁', '总师', '总队长', '支队长', '大队长', '政治委员',
  '主任委员', '首席', '秘书', '干事', '代表', '书记员', '法官', '检察官', '审判长', '审判员', '副厅长', '副局长', '副部长', '副院长', '副校长', '副行长', '副秘书长',
];
const TITLE_END_SET = new Set(TITLE_ENDS);
const TITLE_END_MAX = Math.max(...TITLE_ENDS.map((t) => t.length));

/** True when the text ends with a title word (so it is a title, or a group named by one). */
export function endsWithTitleZh(text: string): boolean {
  for (let n = 1; n <= Math.min(TITLE_END_MAX, text.length); n++) if (TITLE_END_SET.has(text.slice(text.length - n))) return true;
  return false;
}

/** Last characters of names of bodies and groups (区委, 区政府, 法院), never of a person's given name here. */
const NOT_NAME_END = new Set([...'委府院局厅部办会处科所队组团司校站社室馆台区市县省镇乡村街厂界员们级层门位属系线党副']);
/** 业 ends given names (曹宏业, 王建业) but also words for trades and lines of work. */
const NOT_NAME = /(?:同志|领导|成员|干部|书记|委员|常委|班子|部门|单位|代表|人员|们|等|全体|负责|[企行产事农林商工专就创物职作营毕实渔矿牧副学同主各全]业)$/;

/** True when the text could be a person's Chinese name. */
export function looksLikeNameZh(text: string, known: ReadonlySet<string> = new Set()): boolean {
  if (text.length < 2 || text.length > 4) return false;
  if (known.has(text)) return true;
  if (!HAN.test(text)) return false;
  const s = surnameLengthZh(text);
  if (s === 0) return false;
  if (text.length === 4 && s !== 2) return false;
  if (NOT_NAME_END.has(text[text.length - 1]!) || endsWithTitleZh(text)) return false;
  // "区长何", "书记王": a title word with a surname after it is a title and a cut name, not a name.
  if (startsWithTitleZh(text)) return false;
  return !NOT_NAME.test(text);
}

function startsWithTitleZh(text: string): boolean {
  for (let n = 2; n <= Math.min(TITLE_END_MAX, text.length - 1); n++) if (TITLE_END_SET.has(text.slice(0, n))) return true;
  return false;
}

/** A name whose surname is not in the lists, accepted only beside other names ("邴若愚、曲梦溪"). */
export function unlistedNameZh(text: string): boolean {
  return text.length >= 2 && text.length <= 3 && HAN.test(text) && !NOT_NAME_END.has(text[text.length - 1]!) && !endsWithTitleZh(text) && !NOT_NAME.test(text);
}

/** Words a title may start with when it follows the name ("王洪书记", "宇文斌常务副市长"). */
const TITLE_START = /^(?:副|常务|党委|党组|市|县|区|省|州|局|校|院|集团|公司|总|首席|执行|纪委|政协|人大|中心|一级|二级|三级|分管|驻|专职|党支部|支部|团委|工会|董事|监事|主任|秘书)/;

export function isTitleZh(text: string): boolean {
  return TITLE_END_SET.has(text) || (text.length <= 20 && endsWithTitleZh(text) && TITLE_START.test(text));
}

/** "王洪书记" → 王洪 and 书记: a name first, then a title (the longest name that leaves a whole title). */
export function nameThenTitleZh(text: string, known: ReadonlySet<string> = new Set()): { titles: string; name: string } | null {
  if (text.length < 3 || text.length > 24) return null;
  for (let n = 4; n >= 2; n--) {
    const name = text.slice(0, n);
    if (known.has(name) && isTitleZh(text.slice(n))) return { name, titles: text.slice(n) };
  }
  let fallback: { titles: string; name: string } | null = null;
  for (let n = 4; n >= 2; n--) {
    const name = text.slice(0, n);
    const rest = text.slice(n);
    if (!rest || !looksLikeNameZh(name)) continue;
    if (TITLE_END_SET.has(rest)) return { name, titles: rest };
    if (!fallback && isTitleZh(rest)) fallback = { name, titles: rest };
  }
  return fallback;
}

/**
 * Cuts "局党组书记、局长冯秋实" (or "宇文斌常务副市长") into titles and a name. Known names are
 * tried first (the longest that ends the text), then a name of 2–4 characters after the last title
 * word, then a name before a title.
 */
export function titledNameZh(text: string, known: ReadonlySet<string> = new Set()): { titles: string; name: string } | null {
  if (text.length > 60) return null;
  for (let n = Math.min(4, text.length); n >= 2; n--) {
    const tail = text.slice(text.length - n);
    if (known.has(tail) && (n === text.length || endsWithTitleZh(text.slice(0, text.length - n)) || /[、，]$/.test(text.slice(0, text.length - n)))) {
      return { titles: text.slice(0, text.length - n), name: tail };
    }
  }
  if (looksLikeNameZh(text)) return { titles: '', name: text };
  // The name starts right after a title word; of the places where one ends, take the one that
  // leaves a well-formed name (so 李长江 is not cut at its 长).
  let best: { titles: string; name: string } | null = null;
  for (let at = text.length - 2; at >= Math.max(1, text.length - 4); at--) {
    const name = text.slice(at);
    const titles = text.slice(0, at);
    if (!endsWithTitleZh(titles)) continue;
    if (!looksLikeNameZh(name)) continue;
    // A three-character name is likelier than a two-character one left after a one-character title end.
    if (!best || name.length === 3 || (name.length === 4 && surnameLengthZh(name) === 2)) best = { titles, name };
  }
  // A whole title ("党委副书记") names nobody.
  return best ?? (isTitleZh(text) ? null : nameThenTitleZh(text, known));
}

// --- pinyin -------------------------------------------------------------------------------------

// pinyin-pro keeps its dictionaries in memory (some 15 MiB): it is loaded, synchronously, the first
// time a release is read or written, not at every server start.
let pinyinPro: typeof PinyinPro | undefined;
const toPinyin = (han: string) => {
  pinyinPro ??= createRequire(import.meta.url)('pinyin-pro') as typeof PinyinPro;
  return pinyinPro.pinyin(han, { toneType: 'none', surname: 'head', type: 'array', nonZh: 'consecutive' }) as string[];
};
const cap = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

let surnames: ReadonlySet<string> | undefined;
/** Pinyin surnames (single and compound), capitalized as names are written in English. */
export function pinyinSurnames(): ReadonlySet<string> {
  surnames ??= new Set([
    ...[...singles].map((s) => cap(toPinyin(s)[0] ?? '')),
    ...COMPOUND_SURNAMES.map((s) => cap(toPinyin(s).join(''))),
    // Spellings releases use for surnames that pinyin-pro writes otherwise.
    'Lv', 'Lu', 'Nie',
  ]);
  return surnames;
}

const INITIALS = ['zh', 'ch', 'sh', 'b', 'p', 'm', 'f', 'd', 't', 'n', 'l', 'g', 'k', 'h', 'j', 'q', 'x', 'r', 'z', 'c', 's', 'y', 'w', ''];
const FINALS = ['iang', 'iong', 'uang', 'ang', 'eng', 'ing', 'ong', 'ian', 'iao', 'uai', 'uan', 'ai', 'ei', 'ao', 'ou', 'an', 'en', 'in', 'un', 'er', 'ia', 'ie', 'iu', 'ua', 'uo', 'ui', 'ue', 'a', 'o', 'e', 'i', 'u', 'v'];
const SYLLABLES = new Set(INITIALS.flatMap((i) => FINALS.map((f) => i + f)).filter((s) => s.length > 0));

/** True when the word is one to three pinyin syllables (a given name written in pinyin). */
export function isPinyinGiven(word: string): boolean {
  const w = word.toLowerCase().replace(/['’-]/g, '');
  if (!/^[a-z]+$/.test(w) || w.length > 14) return false;
  // Fewest syllables that make up the word; a given name has one to three.
  const best: number[] = [0];
  for (let i = 1; i <= w.length; i++) {
    best[i] = Infinity;
    for (let k = Math.max(0, i - 6); k < i; k++) if (best[k]! + 1 < best[i]! && SYLLABLES.has(w.slice(k, i))) best[i] = best[k]! + 1;
  }
  return best[w.length]! <= 3;
}

/** The name in plain lower-case pinyin letters ("杨峰" and "Yang Feng" both give "yangfeng"). */
export function pinyinKey(name: string): string {
  const han = /\p{Script=Han}/u.test(name);
  const latin = han ? toPinyin(name.replace(/[\s·•]/g, '')).join('') : name;
  return latin.toLowerCase().replace(/ü/g, 'v').replace(/[^a-z]/g, '');
}

export const hasHan = (s: string) => /\p{Script=Han}/u.test(s);
