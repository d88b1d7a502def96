export const UNIT_KINDS = ['committee', 'department', 'government', 'congress', 'cppcc', 'district', 'bureau', 'other'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_LABELS: Record<UnitKind, { zh: string; en: string }> = {
  committee: { zh: '党委', en: 'Party committee' },
  department: { zh: '工作部门', en: 'Department' },
  government: { zh: '人民政府', en: "People's government" },
  congress: { zh: '人大', en: "People's congress" },
  cppcc: { zh: '政协', en: 'CPPCC' },
  district: { zh: '区县', en: 'District or county' },
  bureau: { zh: '局', en: 'Bureau' },
  other: { zh: '其他', en: 'Other' },
};

export const GROUP_ROLES = ['leader', 'deputy_leader', 'member', 'study_secretary'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];

export const GROUP_ROLE_LABELS: Record<GroupRole, { zh: string; en: string }> = {
  leader: { zh: '组长', en: 'Leader' },
  deputy_leader: { zh: '副组长', en: 'Deputy leader' },
  member: { zh: '成员', en: 'Member' },
  study_secretary: { zh: '学习秘书', en: 'Study secretary' },
};
