import type { Bilingual, Lang } from '../http/coded-values.ts';

/**
 * Field validation in the reader's language. Schemas keep their English messages (the English
 * answer is unchanged); Chinese comes from the issue's code and limits, or from the Chinese of a
 * schema's own message, and each message names the field as the forms label it.
 */

/** The forms' words for the fields the API validates; a field not listed is named by its path. */
export const FIELD_LABELS: Record<string, Bilingual> = {
  name: { zh: '名称', en: 'Name' },
  title: { zh: '标题', en: 'Title' },
  text: { zh: '内容', en: 'Text' },
  content: { zh: '内容', en: 'Content' },
  description: { zh: '说明', en: 'Description' },
  level: { zh: '密级', en: 'Level' },
  year: { zh: '年度', en: 'Year' },
  date: { zh: '日期', en: 'Date' },
  heldOn: { zh: '举行日期', en: 'Date held' },
  deadline: { zh: '办理时限', en: 'Deadline' },
  startTime: { zh: '开始时间', en: 'Start time' },
  endTime: { zh: '结束时间', en: 'End time' },
  halfDay: { zh: '时段', en: 'Half-day' },
  location: { zh: '地点', en: 'Place' },
  username: { zh: '用户名', en: 'User name' },
  password: { zh: '密码', en: 'Password' },
  currentPassword: { zh: '当前密码', en: 'Current password' },
  newPassword: { zh: '新密码', en: 'New password' },
  totp: { zh: '动态码', en: 'Code' },
  displayName: { zh: '姓名', en: 'Name' },
  roles: { zh: '角色', en: 'Roles' },
  clearance: { zh: '涉密等级', en: 'Clearance' },
  email: { zh: '电子邮件', en: 'Email' },
  reason: { zh: '理由', en: 'Reason' },
  note: { zh: '说明', en: 'Note' },
  basis: { zh: '依据', en: 'Basis' },
  outcome: { zh: '审查结论', en: 'Outcome' },
  mark: { zh: '密级标志', en: 'Mark' },
  issuedOn: { zh: '制发日期', en: 'Issued on' },
  receivedOn: { zh: '接收日期', en: 'Received on' },
  startDate: { zh: '开始日期', en: 'Start date' },
  endDate: { zh: '结束日期', en: 'End date' },
  joinedOn: { zh: '加入日期', en: 'Joined on' },
  leftOn: { zh: '退出日期', en: 'Left on' },
  from: { zh: '起始日期', en: 'From' },
  to: { zh: '截止日期', en: 'To' },
  unitIds: { zh: '单位', en: 'Units' },
  items: { zh: '检查条目', en: 'Items' },
  terms: { zh: '关键词', en: 'Keywords' },
  csv: { zh: '文件', en: 'File' },
  contentBase64: { zh: '文件内容', en: 'File content' },
  mediaType: { zh: '文件类型', en: 'File type' },
  fullScore: { zh: '满分', en: 'Full score' },
  weight: { zh: '权重', en: 'Weight' },
  points: { zh: '分值', en: 'Points' },
  q: { zh: '检索词', en: 'Search' },
  page: { zh: '页码', en: 'Page' },
  pageSize: { zh: '每页条数', en: 'Page size' },
  expiresInDays: { zh: '有效天数', en: 'Days valid' },
  maxLevel: { zh: '最高密级', en: 'Highest level' },
  progress: { zh: '进度', en: 'Progress' },
  status: { zh: '状态', en: 'Status' },
  kind: { zh: '类别', en: 'Kind' },
};

/** The Chinese of the schemas' own messages (src/**\/schemas.ts and routes), by their English text. */
const SCHEMA_MESSAGES_ZH: Record<string, string> = {
  'The file is empty.': '文件为空。',
  'Send the file content as base64.': '请以 base64 编码发送文件内容。',
  'Give a media type such as application/pdf or image/png.': '请给出文件类型，例如 application/pdf 或 image/png。',
  'A user name has 2 to 64 characters: letters, digits, dot, dash or underscore.': '用户名为 2 至 64 个字符，只能使用字母、数字、点、连字符或下划线。',
  'Give the user at least one role.': '请至少为用户设置一个角色。',
  'Write dates as YYYY-MM-DD.': '日期请写作 YYYY-MM-DD。',
  'A unit needs a name.': '请填写单位名称。',
  'A person needs a name.': '请填写人员姓名。',
  'A position needs a title.': '请填写职务名称。',
  'A study group needs a name.': '请填写学习组名称。',
  'Give a day as YYYY-MM-DD.': '日期请写作 YYYY-MM-DD。',
  'Paste the text of the draft.': '请粘贴稿件正文。',
  'Send at most 50,000 keywords at once.': '一次最多发送 50,000 个关键词。',
  'A review needs the title of the draft.': '请填写稿件标题。',
  'Say why this finding does not stop publication, or what was changed.': '请说明该审查发现为何不影响发布，或作了哪些修改。',
  'Give the basis of the decision.': '请填写作出结论的依据。',
  'A keyword list needs a name.': '请填写关键词表名称。',
  'A year from 2000 on.': '年度不能早于 2000 年。',
  'A year up to 2100.': '年度不能晚于 2100 年。',
  'Enter your password to sign.': '请输入密码以签署。',
  'A checklist needs at least one item.': '检查表至少须有一个条目。',
  'Name at least one unit to inspect.': '请至少指定一个受检单位。',
  'Type something to search for.': '请输入检索词。',
  'Paste the text of the release.': '请粘贴新闻稿正文。',
  'A study plan needs a title.': '请填写学习计划标题。',
  'A plan theme needs a title.': '请填写计划专题标题。',
  'A study theme needs its text.': '请填写学习专题内容。',
  'The session must end after it starts.': '会议结束时间须晚于开始时间。',
};

/** One issue as fastify-type-provider-zod passes it: zod's code as `keyword`, its limits in `params`. */
export interface ValidationIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

const TYPE_ZH: Record<string, string> = { string: '文字', number: '数字', int: '整数', boolean: '是或否', array: '列表', object: '对象', date: '日期' };
const FORMAT_ZH: Record<string, string> = { email: '有效的电子邮件地址', url: '有效的网址', date: 'YYYY-MM-DD 格式的日期', datetime: '有效的日期时间', time: '有效的时间', uuid: '有效的 ID' };

/** The Chinese for an issue the schema left to zod's own wording. */
function zhProblem(issue: ValidationIssue): string {
  const p = issue.params ?? {};
  const origin = String(p.origin ?? '');
  switch (issue.keyword) {
    case 'invalid_type':
      if (/received undefined/.test(issue.message ?? '')) return '为必填项';
      return `须为${TYPE_ZH[String(p.expected)] ?? '正确的类型'}`;
    case 'too_small':
      if (origin === 'string') return Number(p.minimum) <= 1 ? '不能为空' : `至少 ${String(p.minimum)} 个字符`;
      if (origin === 'array' || origin === 'set') return `至少 ${String(p.minimum)} 项`;
      return p.inclusive === false ? `须大于 ${String(p.minimum)}` : `不能小于 ${String(p.minimum)}`;
    case 'too_big':
      if (origin === 'string') return `最多 ${String(p.maximum)} 个字符`;
      if (origin === 'array' || origin === 'set') return `最多 ${String(p.maximum)} 项`;
      return p.inclusive === false ? `须小于 ${String(p.maximum)}` : `不能大于 ${String(p.maximum)}`;
    case 'invalid_format':
      return FORMAT_ZH[String(p.format)] ? `须为${FORMAT_ZH[String(p.format)]}` : '格式不正确';
    case 'invalid_value':
      return '不是可选的值';
    case 'unrecognized_keys':
      return Array.isArray(p.keys) ? `不能包含以下字段：${p.keys.map(String).join('、')}` : '含有无法识别的字段';
    case 'not_multiple_of':
      return `须为 ${String(p.divisor)} 的倍数`;
    default:
      return '填写有误';
  }
}

/** The field an issue is about, as the form labels it, else its path. */
export function fieldLabel(path: string, lang: Lang): string {
  const segments = path.split('.').filter((s) => s !== '' && !/^\d+$/.test(s));
  const last = segments.at(-1) ?? path;
  const label = FIELD_LABELS[last];
  return label ? label[lang] : path;
}

/** An issue's message in the reader's language, naming the field. */
export function issueMessage(issue: ValidationIssue, path: string, lang: Lang): string {
  const label = fieldLabel(path, lang);
  const english = issue.message ?? 'invalid';
  if (lang === 'en') return `${label}: ${english}`;
  const own = SCHEMA_MESSAGES_ZH[english];
  return own ? `${label}：${own}` : `${label}${zhProblem(issue)}。`;
}
