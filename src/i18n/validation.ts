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
  url: { zh: '地址', en: 'URL' },
  secret: { zh: '密钥', en: 'Secret' },
  events: { zh: '推送事件', en: 'Events' },
  active: { zh: '启用', en: 'Active' },
};

/** The Chinese of the schemas' own messages (src/**\/schemas.ts and routes), by their English text. */
export const SCHEMA_MESSAGES_ZH: Record<string, string> = {
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
  'Hours must be more than zero.': '学时须大于零。',
  'Not an e-mail address.': '不是有效的电子邮件地址。',
  'A campaign needs a title.': '请填写检查名称。',
  'A carrier needs a title.': '请填写载体名称。',
  'A carrier needs its state-secret mark, e.g. 秘密★10年.': '请填写载体的密级标志，例如：秘密★10年。',
  'A checklist item needs its text.': '请填写检查条目内容。',
  'A checklist needs a name.': '请填写检查表名称。',
  'A conclusion needs its text.': '请填写会议结论内容。',
  'A speech needs a title.': '请填写发言题目。',
  'A study material needs a title.': '请填写学习材料标题。',
  'A template needs a title.': '请填写模板标题。',
  'A template needs its text.': '请填写模板正文。',
  'Adding people or units to who may know needs an approval: say who approved it.': '增加知悉人员或单位须经审批：请填写批准人。',
  'An observer needs a name.': '请填写列席人员姓名。',
  'Describe the finding.': '请描述发现的问题。',
  'Each checklist item needs its own code.': '每个检查条目须有各自的编号。',
  'Enter your password to create a token.': '请输入密码以创建令牌。',
  'Give the basis for the grade (the post and the approval document).': '请填写定级依据（岗位及审批文件）。',
  'Give the signing deadline as MM-DD, e.g. 03-31.': '请按 MM-DD 格式填写签署截止日期，例如 03-31。',
  'Name the body that gave guidance.': '请填写作出指导的上级机关。',
  'Name the course.': '请填写课程名称。',
  'Name the period as 2023-W05, 2023-02, 2023-Q1 or a date.': '请按 2023-W05、2023-02、2023-Q1 或日期的格式填写期次。',
  'Name the witness to the return or destruction.': '请填写退还或销毁的见证人。',
  'Not a calendar date.': '不是有效的日期。',
  'Say who approved the grade (a person or a body).': '请填写定级的批准人（个人或机关）。',
  'Say why they need to know.': '请说明其知悉的理由。',
  'The minutes need their text.': '请填写纪要正文。',
  'Write times as HH:MM (24-hour).': '时间请按 HH:MM（24 小时制）填写。',
  'Give a link or the text of the material.': '请填写材料链接或正文。',
  'Give the half-day (morning, afternoon, evening) or both the start and end times.': '请填写时段（上午、下午、晚上），或同时填写开始和结束时间。',
  'Leave needs a reason: write why this member is away.': '请假须说明理由：请填写该成员缺席的原因。',
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
