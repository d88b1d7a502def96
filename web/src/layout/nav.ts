/** The side navigation, by capability; only capabilities that exist in Remit today. */
export interface NavItem {
  key: string;
  path: string;
  labelKey: string;
  /** The user needs at least one of these permissions. */
  anyOf: string[];
}

export interface NavGroup {
  key: string;
  labelKey: string;
  items: NavItem[];
}

export const NAV: NavGroup[] = [
  {
    key: 'org',
    labelKey: 'nav.org',
    items: [
      { key: 'units', path: '/org/units', labelKey: 'nav.units', anyOf: ['org.read'] },
      { key: 'people', path: '/org/people', labelKey: 'nav.people', anyOf: ['org.read'] },
      { key: 'groups', path: '/org/groups', labelKey: 'nav.groups', anyOf: ['org.read'] },
      { key: 'import', path: '/org/import', labelKey: 'nav.import', anyOf: ['org.import'] },
    ],
  },
  {
    key: 'study',
    labelKey: 'nav.study',
    items: [
      { key: 'study-sessions', path: '/study/sessions', labelKey: 'nav.studySessions', anyOf: ['study.read'] },
      { key: 'study-plans', path: '/study/plans', labelKey: 'nav.studyPlans', anyOf: ['study.read'] },
      { key: 'study-ledger', path: '/study/ledger', labelKey: 'nav.studyLedger', anyOf: ['study.read'] },
      { key: 'study-search', path: '/study/search', labelKey: 'nav.studySearch', anyOf: ['study.read'] },
      { key: 'study-import', path: '/study/import', labelKey: 'nav.studyImport', anyOf: ['study.write'] },
    ],
  },
  {
    key: 'duties',
    labelKey: 'nav.duties',
    items: [
      { key: 'duties-workbench', path: '/duties/workbench', labelKey: 'nav.dutiesWorkbench', anyOf: ['duties.read'] },
      { key: 'duties-tasks', path: '/duties/tasks', labelKey: 'nav.dutiesTasks', anyOf: ['duties.read'] },
      { key: 'duties-board', path: '/duties/board', labelKey: 'nav.dutiesBoard', anyOf: ['duties.read'] },
      { key: 'duties-areas', path: '/duties/areas', labelKey: 'nav.dutiesAreas', anyOf: ['duties.read'] },
      { key: 'duties-bulletin', path: '/duties/bulletin', labelKey: 'nav.dutiesBulletin', anyOf: ['duties.read'] },
      { key: 'duties-holidays', path: '/duties/holidays', labelKey: 'nav.dutiesHolidays', anyOf: ['duties.calendar'] },
      { key: 'duties-assessment', path: '/duties/assessment', labelKey: 'nav.dutiesAssessment', anyOf: ['assessment.read'] },
      { key: 'duties-dashboard', path: '/duties/dashboard', labelKey: 'nav.dutiesDashboard', anyOf: ['assessment.read'] },
    ],
  },
  {
    key: 'secrecy',
    labelKey: 'nav.secrecy',
    items: [
      { key: 'secrecy-review', path: '/secrecy/review', labelKey: 'nav.secrecyReview', anyOf: ['secrecy.review'] },
      { key: 'secrecy-reviews', path: '/secrecy/reviews', labelKey: 'nav.secrecyReviews', anyOf: ['secrecy.review', 'secrecy.review.decide'] },
      { key: 'secrecy-keywords', path: '/secrecy/keywords', labelKey: 'nav.secrecyKeywords', anyOf: ['secrecy.keywords'] },
      { key: 'secrecy-clearances', path: '/secrecy/clearances', labelKey: 'nav.secrecyClearances', anyOf: ['secrecy.read'] },
      { key: 'secrecy-carriers', path: '/secrecy/carriers', labelKey: 'nav.secrecyCarriers', anyOf: ['secrecy.read'] },
      { key: 'secrecy-alerts', path: '/secrecy/alerts', labelKey: 'nav.secrecyAlerts', anyOf: ['secrecy.read', 'secrecy.manage'] },
      { key: 'secrecy-carrier-reviews', path: '/secrecy/carrier-reviews', labelKey: 'nav.secrecyCarrierReviews', anyOf: ['secrecy.read'] },
      { key: 'secrecy-letters', path: '/secrecy/letters', labelKey: 'nav.secrecyLetters', anyOf: ['secrecy.read', 'secrecy.review'] },
      { key: 'secrecy-inspections', path: '/secrecy/inspections', labelKey: 'nav.secrecyInspections', anyOf: ['secrecy.read'] },
      { key: 'secrecy-rectifications', path: '/secrecy/rectifications', labelKey: 'nav.secrecyRectifications', anyOf: ['secrecy.read'] },
      { key: 'secrecy-training', path: '/secrecy/training', labelKey: 'nav.secrecyTraining', anyOf: ['secrecy.read'] },
      { key: 'secrecy-knowable-members', path: '/secrecy/knowable-members', labelKey: 'nav.secrecyKnowableMembers', anyOf: ['knowable.keep'] },
    ],
  },
  {
    // 新闻发布 / Releases: the release pages join this group (issue 14); webhooks are its outside channels.
    key: 'media',
    labelKey: 'nav.media',
    items: [
      { key: 'media-releases', path: '/media/releases', labelKey: 'nav.mediaReleases', anyOf: ['media.read'] },
      { key: 'media-webhooks', path: '/media/webhooks', labelKey: 'nav.mediaWebhooks', anyOf: ['webhooks.read', 'webhooks.manage'] },
    ],
  },
  {
    key: 'audit',
    labelKey: 'nav.audit',
    items: [{ key: 'audit', path: '/audit', labelKey: 'nav.auditLog', anyOf: ['audit.read'] }],
  },
  {
    key: 'admin',
    labelKey: 'nav.admin',
    items: [{ key: 'users', path: '/admin/users', labelKey: 'nav.users', anyOf: ['users.read', 'users.manage'] }],
  },
];

/** Keeps the items the permissions allow, and the groups that still have an item. */
export function filterNav(permissions: readonly string[], nav: readonly NavGroup[] = NAV): NavGroup[] {
  const have = new Set(permissions);
  return nav
    .map((group) => ({ ...group, items: group.items.filter((item) => item.anyOf.some((p) => have.has(p))) }))
    .filter((group) => group.items.length > 0);
}

export function can(permissions: readonly string[] | undefined, ...anyOf: string[]): boolean {
  return !!permissions && anyOf.some((p) => permissions.includes(p));
}
