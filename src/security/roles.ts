export const ROLES = ['admin', 'security_admin', 'auditor', 'clerk', 'leader', 'secrecy_officer', 'propaganda_officer', 'supervisor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * 三员分立: system administration (系统管理员), security administration (安全保密管理员) and audit
 * review (安全审计员) are held by different people. `secrecy_officer` (保密员) is the secrecy
 * office's working role and belongs to the security duty; the security administrator is the one
 * who approves clearance changes. `supervisor` (督查室) is the committee office's supervision desk:
 * it registers, assigns, reminds, verifies and closes duties (src/duties/).
 */
export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '系统管理员', en: 'System administrator' },
  security_admin: { zh: '安全保密管理员', en: 'Security administrator' },
  auditor: { zh: '安全审计员', en: 'Security auditor' },
  clerk: { zh: '办公室工作人员', en: 'Office clerk' },
  leader: { zh: '领导', en: 'Leader' },
  secrecy_officer: { zh: '保密员', en: 'Secrecy officer' },
  propaganda_officer: { zh: '宣传干部', en: 'Propaganda officer' },
  supervisor: { zh: '督查室工作人员', en: 'Supervision officer' },
  viewer: { zh: '查阅人员', en: 'Viewer' },
};
