export const ROLES = ['admin', 'clerk', 'leader', 'secrecy_officer', 'propaganda_officer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '系统管理员', en: 'Administrator' },
  clerk: { zh: '办公室工作人员', en: 'Office clerk' },
  leader: { zh: '领导', en: 'Leader' },
  secrecy_officer: { zh: '保密员', en: 'Secrecy officer' },
  propaganda_officer: { zh: '宣传干部', en: 'Propaganda officer' },
  viewer: { zh: '查阅人员', en: 'Viewer' },
};
